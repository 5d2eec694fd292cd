using System;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// Caller-ID quarantine shared by every node: a caller ID that any node's health monitor quarantined is refused
/// (<c>caller_id_quarantined</c>) on every node, from the first decision after the quarantine reached Redis until its
/// cool-down ends. Replaces the in-process policy of the same name (<c>caller-id-health</c>): feeds the node's monitor
/// the outcome of every placed call, records each quarantine it declares in the caller ID's hash, and reads the
/// quarantine in the caller-ID script of the decision (see <see cref="RedisDecisions"/>).
/// </summary>
internal sealed class RedisCallerIdHealthPolicy : IOutboundCallPolicy, ICallOutcomeObserver
{
    private readonly RedisDecisions _decisions;
    private readonly CallerIdHealthMonitor _monitor;
    private readonly TimeSpan _coolDown;
    private readonly bool _fallback;

    /// <param name="decisions">The decisions, with <see cref="RedisDecisionParts.Health"/> set.</param>
    /// <param name="coolDown">How long a quarantine lasts (<see cref="CallerIdHealthOptions.QuarantineCoolDown"/>).</param>
    public RedisCallerIdHealthPolicy(RedisDecisions decisions, TimeSpan coolDown)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        _decisions = decisions;
        _monitor = decisions.Parts.Health ?? throw new ArgumentException("The decisions have no health part.", nameof(decisions));
        _coolDown = coolDown;
        _fallback = decisions.Gateway.Options.FailureMode == RedisFailureMode.LocalFallback;
        _monitor.HealthChanged += OnHealthChanged;
    }

    public string Name => BuiltInPolicyNames.CallerIdHealth;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.CallerId.IsParsed)
        {
            return new(PolicyResult.Allow());
        }

        var pending = _decisions.Join(context, cancellationToken).CallerId!;
        if (_monitor.IsQuarantined(context.CallerId, context.Instant, out _))
        {
            return new(PolicyResult.Deny(ReasonCode.CallerIdQuarantined));
        }

        return pending.IsCompletedSuccessfully ? new(Decide(pending.Result)) : AwaitAsync(pending);
    }

    public void OnCompleted(CallContext context, CallOutcome outcome, DateTimeOffset completedAt)
    {
        ArgumentNullException.ThrowIfNull(context);
        _monitor.RecordOutcome(context.CallerId, context.Destination, outcome, completedAt);
    }

    private static PolicyResult Decide(in CallerIdAnswer answer)
        => answer.QuarantinedUntil > 0 ? PolicyResult.Deny(ReasonCode.CallerIdQuarantined) : PolicyResult.Allow();

    private async ValueTask<PolicyResult> AwaitAsync(Task<CallerIdAnswer> pending)
    {
        try
        {
            return Decide(await pending.ConfigureAwait(false));
        }
        catch (Exception e) when (_fallback && RedisGateway.IsOutage(e))
        {
            return PolicyResult.Allow(); // the node's own monitor found no quarantine
        }
    }

    private void OnHealthChanged(object? sender, CallerIdHealthChange change)
    {
        if (change.State == CallerIdHealthState.Quarantined)
        {
            _decisions.CallerIds!.Quarantine(PhoneNumberClassifier.Classify(change.CallerId), change.At + _coolDown);
        }
    }
}
