using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// Refuses caller IDs that are invalid, not in the approved inventory (or not approved for the destination region),
/// toll-free, UIFN/non-geographic, from a prohibited region, or a Chinese public-service number or 95/96 short code
/// (<c>caller_id_public_service</c>, any purpose; on a marketing call also <c>caller_id_short_code_marketing</c>).
/// </summary>
internal sealed class CallerIdPolicy : IOutboundCallPolicy
{
    private static readonly string[] NoRegions = [];

    private readonly FrozenDictionary<ulong, string[]> _approved;
    private readonly bool[] _prohibitedRegions;
    private readonly bool _prohibitTollFree;
    private readonly bool _prohibitNonGeographic;

    public CallerIdPolicy(CallerIdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        options.Validate(errors, "CallerIds");
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _prohibitTollFree = options.ProhibitTollFree;
        _prohibitNonGeographic = options.ProhibitNonGeographic;
        _prohibitedRegions = RegionTable.ToFlags(options.ProhibitedRegions);

        var restrictions = DestinationRestrictions(options);
        var approved = new Dictionary<ulong, string[]>();
        foreach (var number in options.Approved)
        {
            var key = PhoneNumberClassifier.Classify(number).Key;
            approved[key] = restrictions.TryGetValue(key, out var regions) ? regions : NoRegions;
        }

        _approved = approved.ToFrozenDictionary();
    }

    public string Name => BuiltInPolicyNames.CallerId;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        var callerId = context.CallerId;
        var reasons = Problems(callerId, _prohibitedRegions, _prohibitTollFree, _prohibitNonGeographic);
        if (reasons.Contains(ReasonCode.InvalidCallerId))
        {
            return new(PolicyResult.Deny(reasons));
        }

        if (callerId.IsServiceShortCode && context.Purpose == CallPurpose.Marketing)
        {
            reasons = reasons.Add(ReasonCode.CallerIdShortCodeMarketing);
        }

        if (!_approved.TryGetValue(callerId.Key, out var regions) || !MayCall(regions, context.Destination.RegionCode))
        {
            reasons = reasons.Add(ReasonCode.CallerIdNotApproved);
        }

        return new(reasons.IsEmpty ? PolicyResult.Allow() : PolicyResult.Deny(reasons));
    }

    /// <summary>The destination regions of each caller ID that <see cref="CallerIdOptions.ApprovedDestinations"/>
    /// narrows, by number key; shared by the policy and caller-ID selection.</summary>
    internal static Dictionary<ulong, string[]> DestinationRestrictions(CallerIdOptions options)
    {
        var restrictions = new Dictionary<ulong, string[]>();
        foreach (var (number, regions) in options.ApprovedDestinations)
        {
            restrictions[PhoneNumberClassifier.Classify(number).Key] = [.. regions];
        }

        return restrictions;
    }

    /// <summary>The problems that make a number unusable as a caller ID whatever the call: invalid, toll-free,
    /// non-geographic, prohibited region. Shared by the policy, options validation and the CLI's audit.</summary>
    internal static ReasonCodeSet Problems(PhoneNumberInfo number, bool[] prohibitedRegions, bool prohibitTollFree, bool prohibitNonGeographic)
    {
        if (!number.IsParsed)
        {
            return ReasonCodeSet.Of(ReasonCode.InvalidCallerId);
        }

        // A public-service number (110, 12345, 96110, 95588, with or without an area code) is never a caller ID,
        // whatever the purpose: said even when the number is not otherwise valid, since that is the shape of spoofing.
        var reasons = PublicServiceNumbers.Is(number) ? ReasonCodeSet.Of(ReasonCode.CallerIdPublicService) : ReasonCodeSet.Empty;
        if (!number.IsValid && !number.IsServiceShortCode)
        {
            return reasons.Add(ReasonCode.InvalidCallerId);
        }

        if (number.IsNonGeographic)
        {
            if (prohibitNonGeographic)
            {
                reasons = reasons.Add(ReasonCode.CallerIdUifn);
            }
        }
        else if (number.Kind == PhoneNumberKind.TollFree && prohibitTollFree)
        {
            reasons = reasons.Add(ReasonCode.CallerIdTollFree);
        }

        var region = number.RegionIndex;
        if (region >= 0 && region < prohibitedRegions.Length && prohibitedRegions[region])
        {
            reasons = reasons.Add(ReasonCode.CallerIdRegionProhibited);
        }

        return reasons;
    }

    private static bool MayCall(string[] regions, string? destinationRegion)
    {
        if (regions.Length == 0)
        {
            return true;
        }

        foreach (var region in regions)
        {
            if (string.Equals(region, destinationRegion, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
