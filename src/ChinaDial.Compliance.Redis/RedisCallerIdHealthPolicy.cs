using System;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// Caller-ID quarantine shared by every node: a caller ID that any node's health monitor quarantined is refused
/// (<c>caller_id_quarantined</c>) on every node, from the first decision after the quarantine reached Redis until its
/// cool-down ends. Replaces the in-process policy of the same name (<c>caller-id-health</c>), which it runs first for
/// the node's own monitor; records each quarantine the monitor declares in the caller ID's hash, and reads the fleet's in
/// the caller-ID script of the decision (see <see cref="RedisDecisions"/>). With a <see cref="RedisOutcomeFeed"/>, every
/// node's monitor judges the outcomes of the whole fleet's calls.
/// </summary>
internal sealed class RedisCallerIdHealthPolicy : IOutboundCallPolicy, ICallOutcomeObserver, IPersonalDataStore
{
    private readonly RedisDecisions _decisions;
    private readonly IOutboundCallPolicy _local;
    private readonly ICallOutcomeObserver _localOutcomes;
    private readonly TimeSpan _coolDown;
    private readonly bool _fallback;
    private readonly RedisOutcomeFeed? _feed;

    /// <param name="decisions">The decisions, with <see cref="RedisDecisionParts.Health"/> set.</param>
    /// <param name="coolDown">How long a quarantine lasts (<see cref="CallerIdHealthOptions.QuarantineCoolDown"/>).</param>
    /// <param name="feed">The fleet's outcomes, to which this node's are added; none: the monitor judges this node's calls.</param>
    public RedisCallerIdHealthPolicy(RedisDecisions decisions, TimeSpan coolDown, RedisOutcomeFeed? feed = null)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        _decisions = decisions;
        var monitor = decisions.Parts.Health ?? throw new ArgumentException("The decisions have no health part.", nameof(decisions));
        _local = InProcessPolicies.CreateCallerIdHealth(monitor);
        _localOutcomes = (ICallOutcomeObserver)_local;
        _coolDown = coolDown;
        _fallback = decisions.Gateway.Options.FailureMode == RedisFailureMode.LocalFallback;
        _feed = feed;
        monitor.HealthChanged += OnHealthChanged;
    }

    public string Name => BuiltInPolicyNames.CallerIdHealth;

    /// <summary>Erases the callee's outcomes from the fleet's outcome stream (the node's monitor is erased on its own).</summary>
    public ValueTask ForgetAsync(PhoneNumberInfo number, CancellationToken cancellationToken)
        => _feed is null ? ValueTask.CompletedTask : _feed.ForgetAsync(number, cancellationToken);

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.CallerId.IsParsed)
        {
            return new(PolicyResult.Allow());
        }

        var pending = _decisions.Join(context, reserving: false, cancellationToken).CallerId!;
        var local = _local.EvaluateAsync(context, cancellationToken);
        if (!local.IsCompletedSuccessfully || local.Result.Verdict != CallVerdict.Allow)
        {
            return local; // the node's own monitor quarantined it
        }

        return pending.IsCompletedSuccessfully ? new(Decide(pending.Result, context)) : AwaitAsync(pending, context);
    }

    public void OnCompleted(CallContext context, CallOutcome outcome, DateTimeOffset completedAt)
    {
        _localOutcomes.OnCompleted(context, outcome, completedAt);
        _feed?.Publish(context, outcome, completedAt);
    }

    /// <summary>Quarantined at the instant the call is judged for (the clock, or a preview's later instant).</summary>
    private static PolicyResult Decide(in CallerIdAnswer answer, CallContext context)
        => answer.QuarantinedUntil > 0 && SlidingLogScript.ToInstant(answer.QuarantinedUntil) > context.Instant
            ? PolicyResult.Deny(ReasonCode.CallerIdQuarantined)
            : PolicyResult.Allow();

    private async ValueTask<PolicyResult> AwaitAsync(Task<CallerIdAnswer> pending, CallContext context)
    {
        try
        {
            return Decide(await pending.ConfigureAwait(false), context);
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
