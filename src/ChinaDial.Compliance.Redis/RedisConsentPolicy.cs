using System;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// Consents and opt-outs shared by every node (<see cref="RedisConsentStore"/>), read with the rest of the decision's
/// Redis work (see <see cref="RedisDecisions"/>): <c>opted_out</c> for a callee who opted out of the purpose or of all
/// calls, <c>no_consent</c> for a purpose that needs consent and none is active (or only one without the proof
/// <see cref="ConsentOptions.RequireProof"/> asks for); an allowed call carries the consent it relied on into its audit
/// record. Replaces the in-process policy of the same name; fails closed (<c>policy_error</c>) whatever
/// <see cref="RedisComplianceOptions.FailureMode"/> says, since no node knows the opt-outs by itself.
/// </summary>
internal sealed class RedisConsentPolicy : IOutboundCallPolicy, IPersonalDataStore
{
    private readonly RedisDecisions _decisions;
    private readonly ConsentRule _rule;

    public RedisConsentPolicy(RedisDecisions decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        _decisions = decisions;
        _rule = new ConsentRule(decisions.Parts.Consent ?? throw new ArgumentException("The decisions have no consent part.", nameof(decisions)));
    }

    public string Name => BuiltInPolicyNames.Consent;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Destination.IsParsed)
        {
            return new(PolicyResult.Allow()); // the destination policy denies it
        }

        var pending = _decisions.Join(context, reserving: false, cancellationToken).Consent!;
        return pending.IsCompletedSuccessfully ? new(_rule.Decide(pending.Result, context.Purpose)) : AwaitAsync(pending, context.Purpose);
    }

    /// <summary>Erases the callee's consents and opt-outs, leaving its suppression (see <see cref="RedisConsentStore.ForgetAsync"/>).</summary>
    public ValueTask ForgetAsync(PhoneNumberInfo number, CancellationToken cancellationToken) => _decisions.Consent!.ForgetAsync(number, cancellationToken);

    private async ValueTask<PolicyResult> AwaitAsync(Task<ConsentLookup> pending, CallPurpose purpose)
        => _rule.Decide(await pending.ConfigureAwait(false), purpose);
}
