using System;

namespace ChinaDial.Compliance;

/// <summary>The consent rule, shared by the in-process policy and the Redis adapter's: an opt-out wins; a purpose that
/// needs consent needs one in force, with a proof reference where <see cref="ConsentOptions.RequireProof"/> says so.</summary>
public sealed class ConsentRule
{
    private readonly bool[] _required = new bool[3];
    private readonly bool[] _proof = new bool[3];

    /// <summary>The rule of <paramref name="options"/> (read once: later changes to them are not seen).</summary>
    /// <param name="options">Which purposes need consent, and which a proof reference.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public ConsentRule(ConsentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var purpose in options.RequiredFor)
        {
            _required[(int)purpose] = true;
        }

        foreach (var purpose in options.RequireProof)
        {
            _proof[(int)purpose] = true;
        }
    }

    /// <summary>The decision for a call for <paramref name="purpose"/> to a callee whose consent record is
    /// <paramref name="lookup"/>: <c>opted_out</c>, <c>no_consent</c>, or allowed (with the evidence when there is
    /// some).</summary>
    /// <param name="lookup">What the consent store holds for the callee.</param>
    /// <param name="purpose">The call's purpose.</param>
    /// <returns>The decision.</returns>
    public PolicyResult Decide(ConsentLookup lookup, CallPurpose purpose)
    {
        var required = (uint)purpose < 3 && _required[(int)purpose];
        switch (lookup.Status)
        {
            case ConsentStatus.OptedOut:
                return PolicyResult.Deny(ReasonCode.OptedOut);
            case ConsentStatus.Granted:
                var evidence = lookup.Evidence;
                if (required && _proof[(int)purpose] && evidence?.HasProof != true)
                {
                    // No proof, no call: the consent is recorded, but nobody could show it to the 12321 centre.
                    return evidence is null ? PolicyResult.Deny(ReasonCode.NoConsent) : PolicyResult.Deny(ReasonCode.NoConsent, evidence);
                }

                return evidence is null ? PolicyResult.Allow() : PolicyResult.Allow(evidence);
            default:
                return required ? PolicyResult.Deny(ReasonCode.NoConsent) : PolicyResult.Allow();
        }
    }
}
