using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>
/// Which destinations may be called. Bound from the <c>ChinaDialCompliance:Destinations</c> configuration section.
/// </summary>
public sealed class DestinationOptions
{
    /// <summary>Regions (ISO 3166, e.g. <c>CN</c>) that may be called; empty (the default) allows every region not denied.</summary>
    public IList<string> AllowedCountries { get; set; } = [];

    /// <summary>Regions that may never be called (checked after <see cref="AllowedCountries"/>).</summary>
    public IList<string> DeniedCountries { get; set; } = [];

    /// <summary>E.164 prefixes that may never be called, e.g. <c>+86168</c>.</summary>
    public IList<string> DeniedPrefixes { get; set; } = [];

    /// <summary>
    /// The number kinds that may be called. Default: <see cref="PhoneNumberKind.Mobile"/>,
    /// <see cref="PhoneNumberKind.FixedLine"/>, <see cref="PhoneNumberKind.FixedLineOrMobile"/>: premium-rate,
    /// shared-cost, toll-free, VoIP, UAN, short codes and other unexpected types are
    /// <c>destination_special_service</c>, as are numbers not diallable from abroad (CN 400/800/950).
    /// </summary>
    public IList<PhoneNumberKind> AllowedKinds { get; set; } = [PhoneNumberKind.Mobile, PhoneNumberKind.FixedLine, PhoneNumberKind.FixedLineOrMobile];
}
