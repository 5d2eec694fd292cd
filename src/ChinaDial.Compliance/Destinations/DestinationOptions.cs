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

    /// <summary>Adds one error per bad entry to <paramref name="errors"/>, each naming its key under <paramref name="path"/>.</summary>
    internal void Validate(ICollection<string> errors, string path)
    {
        CheckRegions(AllowedCountries, errors, $"{path}:AllowedCountries");
        CheckRegions(DeniedCountries, errors, $"{path}:DeniedCountries");
        if (OptionChecks.NotNull(errors, $"{path}:DeniedPrefixes", DeniedPrefixes))
        {
            for (var i = 0; i < DeniedPrefixes.Count; i++)
            {
                if (!PhoneNumberPrefix.TryParse(DeniedPrefixes[i], out _))
                {
                    errors.Add($"{path}:DeniedPrefixes:{i} '{DeniedPrefixes[i]}' is not a number prefix such as +86168.");
                }
            }
        }

        if (OptionChecks.NotNull(errors, $"{path}:AllowedKinds", AllowedKinds))
        {
            for (var i = 0; i < AllowedKinds.Count; i++)
            {
                OptionChecks.Defined(errors, $"{path}:AllowedKinds:{i}", AllowedKinds[i]);
            }
        }
    }

    private static void CheckRegions(IList<string>? regions, ICollection<string> errors, string path)
    {
        if (!OptionChecks.NotNull(errors, path, regions))
        {
            return;
        }

        for (var i = 0; i < regions.Count; i++)
        {
            if (!RegionTable.IsKnown(regions[i]))
            {
                errors.Add($"{path}:{i} '{regions[i]}' is not a known region code (ISO 3166, e.g. CN).");
            }
        }
    }
}
