using System;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// Consents and opt-outs shared by every node (<see cref="RedisConsentStore"/>), read with the rest of the decision's
/// Redis work (see <see cref="RedisDecisions"/>): <c>opted_out</c> for a callee who opted out of the purpose or of all
/// calls, <c>no_consent</c> for a purpose that needs consent and none is active. Replaces the in-process policy of the
/// same name; fails closed (<c>policy_error</c>) whatever <see cref="RedisComplianceOptions.FailureMode"/> says, since
/// no node knows the opt-outs by itself.
/// </summary>
internal sealed class RedisConsentPolicy : IOutboundCallPolicy
{
    private readonly RedisDecisions _decisions;
    private readonly bool[] _required = new bool[3];

    public RedisConsentPolicy(RedisDecisions decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        _decisions = decisions;
        var options = decisions.Parts.Consent ?? throw new ArgumentException("The decisions have no consent part.", nameof(decisions));
        foreach (var purpose in options.RequiredFor)
        {
            _required[(int)purpose] = true;
        }
    }

    public string Name => BuiltInPolicyNames.Consent;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Destination.IsParsed)
        {
            return new(PolicyResult.Allow()); // the destination policy denies it
        }

        var pending = _decisions.Join(context, cancellationToken).Consent!;
        return pending.IsCompletedSuccessfully ? new(Decide(pending.Result, context.Purpose)) : AwaitAsync(pending, context.Purpose);
    }

    private async ValueTask<PolicyResult> AwaitAsync(Task<ConsentStatus> pending, CallPurpose purpose)
        => Decide(await pending.ConfigureAwait(false), purpose);

    private PolicyResult Decide(ConsentStatus status, CallPurpose purpose) => status switch
    {
        ConsentStatus.OptedOut => PolicyResult.Deny(ReasonCode.OptedOut),
        ConsentStatus.Granted => PolicyResult.Allow(),
        _ => _required[(int)purpose] ? PolicyResult.Deny(ReasonCode.NoConsent) : PolicyResult.Allow(),
    };
}
