using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>
/// The problems a number has as a caller ID under the type and region rules of <see cref="CallerIdOptions"/>, whatever
/// the call: <c>invalid_caller_id</c>, <c>caller_id_public_service</c>, <c>caller_id_toll_free</c>,
/// <c>caller_id_uifn</c>, <c>caller_id_region_prohibited</c>. The caller-ID policy reports the same codes, and adds
/// those that depend on the call or the inventory (<c>caller_id_not_approved</c>,
/// <c>caller_id_short_code_marketing</c>). For audits of a caller-ID inventory (the Amazon Connect audit,
/// <c>chinadial classify</c> and <c>audit-numbers</c>). Thread-safe; build one per options and reuse it.
/// </summary>
public sealed class CallerIdInspector
{
    private readonly bool[] _prohibitedRegions;
    private readonly bool _prohibitTollFree;
    private readonly bool _prohibitNonGeographic;

    /// <summary>Creates an inspector for the rules of <paramref name="options"/>: <see cref="CallerIdOptions.ProhibitedRegions"/>
    /// (none when null; codes the number plan does not know are ignored here; the options' validation at start-up reports them),
    /// <see cref="CallerIdOptions.ProhibitTollFree"/> and <see cref="CallerIdOptions.ProhibitNonGeographic"/>. The
    /// approved inventory is not used, and is not validated: an inspector audits inventories that have problems.</summary>
    /// <param name="options">The caller-ID options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public CallerIdInspector(CallerIdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _prohibitedRegions = RegionTable.ToFlags(options.ProhibitedRegions);
        _prohibitTollFree = options.ProhibitTollFree;
        _prohibitNonGeographic = options.ProhibitNonGeographic;
    }

    /// <summary>The problems of <paramref name="number"/> as a caller ID (empty when none).</summary>
    /// <param name="number">The number, as <see cref="PhoneNumberClassifier"/> classified it.</param>
    /// <returns>The reason codes the caller-ID policy would report for this number whatever the call.</returns>
    public ReasonCodeSet Inspect(PhoneNumberInfo number)
        => CallerIdPolicy.Problems(number, _prohibitedRegions, _prohibitTollFree, _prohibitNonGeographic);

    /// <summary>The problems <see cref="Inspect"/> returns, in words (each with its reason code), as the options'
    /// validation writes them: for a tool or an audit that explains why a number can never be a caller ID.</summary>
    /// <param name="problems">Problems returned by <see cref="Inspect"/>.</param>
    /// <returns>One phrase per problem, separated by <c>"; "</c>; empty when there is none.</returns>
    public static string Describe(ReasonCodeSet problems)
    {
        var parts = new List<string>();
        foreach (var code in problems)
        {
            parts.Add(code switch
            {
                ReasonCode.InvalidCallerId => "not a valid E.164 number (invalid_caller_id)",
                ReasonCode.CallerIdTollFree => "a toll-free number (caller_id_toll_free)",
                ReasonCode.CallerIdUifn => "a UIFN or other non-geographic number (caller_id_uifn)",
                ReasonCode.CallerIdRegionProhibited => "from a prohibited region (caller_id_region_prohibited)",
                ReasonCode.CallerIdPublicService => "a Chinese public-service number or 95/96 service short code, never a caller ID (caller_id_public_service)",
                _ => code.ToJsonName(),
            });
        }

        return string.Join("; ", parts);
    }
}
