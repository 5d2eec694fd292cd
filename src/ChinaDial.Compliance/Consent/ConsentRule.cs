using System;

namespace ChinaDial.Compliance;

/// <summary>The consent rule, shared by the in-process policy and the Redis adapter's: an opt-out wins; a purpose that
/// needs consent needs one in force, with a proof reference where <see cref="ConsentOptions.RequireProof"/> says so.</summary>
public sealed class ConsentRule
{
    private static readonly int Purposes = Enum.GetValues<CallPurpose>().Length; // numbered from 0 without gaps
    private readonly bool[] _required = new bool[Purposes];
    private readonly bool[] _proof = new bool[Purposes];

    /// <summary>The rule of <paramref name="options"/> (read once: later changes to them are not seen).</summary>
    /// <param name="options">Which purposes need consent, and which a proof reference.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid (e.g. name a purpose that is not defined; every
    /// error named).</exception>
    public ConsentRule(ConsentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new System.Collections.Generic.List<string>();
        options.Validate(errors, "Consent");
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }
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
    /// some). A purpose that is not defined is denied with <c>unknown_purpose</c>, whatever the lookup: no rule of
    /// this version would require consent for it (fail closed).</summary>
    /// <param name="lookup">What the consent store holds for the callee.</param>
    /// <param name="purpose">The call's purpose.</param>
    /// <returns>The decision.</returns>
    public PolicyResult Decide(ConsentLookup lookup, CallPurpose purpose)
    {
        if ((uint)purpose >= (uint)Purposes)
        {
            return PolicyResult.Deny(ReasonCode.UnknownPurpose);
        }

        var required = _required[(int)purpose];
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
