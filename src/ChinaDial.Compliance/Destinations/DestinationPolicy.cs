using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// Refuses destinations that are invalid (<c>invalid_destination</c>), special services or not diallable from abroad
/// (<c>destination_special_service</c>), or outside the allowed countries / inside a denied country or prefix
/// (<c>destination_not_allowed</c>).
/// </summary>
internal sealed class DestinationPolicy : IOutboundCallPolicy
{
    private readonly bool[] _allowedRegions;
    private readonly bool _allRegionsAllowed;
    private readonly bool[] _deniedRegions;
    private readonly PhoneNumberPrefix[] _deniedPrefixes;
    private readonly uint _allowedKinds;

    public DestinationPolicy(DestinationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        options.Validate(errors, "Destinations");
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _allRegionsAllowed = options.AllowedCountries.Count == 0;
        _allowedRegions = RegionTable.ToFlags(options.AllowedCountries);
        _deniedRegions = RegionTable.ToFlags(options.DeniedCountries);
        var prefixes = new PhoneNumberPrefix[options.DeniedPrefixes.Count];
        for (var i = 0; i < prefixes.Length; i++)
        {
            prefixes[i] = PhoneNumberPrefix.Parse(options.DeniedPrefixes[i]);
        }

        _deniedPrefixes = prefixes;
        foreach (var kind in options.AllowedKinds)
        {
            _allowedKinds |= 1u << (int)kind;
        }
    }

    public string Name => BuiltInPolicyNames.Destination;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        var reasons = Check(context.Destination);
        return new(reasons.IsEmpty ? PolicyResult.Allow() : PolicyResult.Deny(reasons));
    }

    /// <summary>The reasons <paramref name="destination"/> may not be called (empty when it may); shared with click-to-dial.</summary>
    internal ReasonCodeSet Check(in PhoneNumberInfo destination)
    {
        if (!destination.IsParsed)
        {
            return ReasonCodeSet.Of(ReasonCode.InvalidDestination);
        }

        var reasons = ReasonCodeSet.Empty;
        if (destination.IsServiceShortCode || destination.Kind == PhoneNumberKind.ShortCode)
        {
            reasons = reasons.Add(ReasonCode.DestinationSpecialService);
        }
        else if (!destination.IsValid)
        {
            return ReasonCodeSet.Of(ReasonCode.InvalidDestination);
        }
        else if ((_allowedKinds & (1u << (int)destination.Kind)) == 0 || !destination.CanBeDialledFromAbroad)
        {
            reasons = reasons.Add(ReasonCode.DestinationSpecialService);
        }

        if (!IsRegionAllowed(destination.RegionIndex) || HasDeniedPrefix(destination))
        {
            reasons = reasons.Add(ReasonCode.DestinationNotAllowed);
        }

        return reasons;
    }

    private bool IsRegionAllowed(int region)
    {
        if (region < 0)
        {
            return _allRegionsAllowed;
        }

        return (_allRegionsAllowed || _allowedRegions[region]) && !_deniedRegions[region];
    }

    private bool HasDeniedPrefix(PhoneNumberInfo destination)
    {
        foreach (var prefix in _deniedPrefixes)
        {
            if (destination.StartsWith(prefix))
            {
                return true;
            }
        }

        return false;
    }
}
