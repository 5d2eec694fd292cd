using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>
/// The approved caller-ID inventory and the caller-ID types carriers refuse for calls into China.
/// Bound from the <c>ChinaDialCompliance:CallerIds</c> configuration section.
/// </summary>
public sealed class CallerIdOptions
{
    /// <summary>
    /// The caller IDs the dialer may present, in E.164 form (<c>+12065550100</c>): DID numbers that can take a call
    /// back. Empty by default, so every caller ID is <c>caller_id_not_approved</c> until the inventory is configured.
    /// A number here that is itself prohibited (toll-free, UIFN, prohibited region, invalid) fails validation at start-up.
    /// </summary>
    public IList<string> Approved { get; set; } = [];

    /// <summary>
    /// Optional narrowing of <see cref="Approved"/>: caller ID (E.164) → the destination regions (ISO 3166, e.g.
    /// <c>CN</c>) it may call. A caller ID not listed here may call every region.
    /// </summary>
    public IDictionary<string, IList<string>> ApprovedDestinations { get; set; } = new Dictionary<string, IList<string>>(StringComparer.Ordinal);

    /// <summary>
    /// Optional: Amazon Connect instance id → the approved caller IDs claimed by that instance. Caller-ID selection
    /// interleaves the instances so that load spreads across them, and tells which instance to send through.
    /// </summary>
    public IDictionary<string, IList<string>> ConnectInstances { get; set; } = new Dictionary<string, IList<string>>(StringComparer.Ordinal);

    /// <summary>
    /// Regions whose numbers may not be presented to Chinese callees (ISO 3166 codes). Default <c>HK, MO, TW, SG</c>:
    /// Amazon Connect's China calling restrictions. Carriers change the list, hence an option.
    /// </summary>
    public IList<string> ProhibitedRegions { get; set; } = ["HK", "MO", "TW", "SG"];

    /// <summary>Whether toll-free caller IDs are refused (<c>caller_id_toll_free</c>). Default <see langword="true"/> (Amazon Connect China restrictions).</summary>
    public bool ProhibitTollFree { get; set; } = true;

    /// <summary>Whether UIFN (+800) and other non-geographic caller IDs are refused (<c>caller_id_uifn</c>). Default <see langword="true"/> (Amazon Connect China restrictions).</summary>
    public bool ProhibitNonGeographic { get; set; } = true;
}
