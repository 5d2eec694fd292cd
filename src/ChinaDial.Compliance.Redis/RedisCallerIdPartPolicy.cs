using System;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// A reserving policy answered by the caller-ID script of the decision (see <see cref="RedisDecisions"/>): the rate or
/// the calls in progress. The template: a call with a parsed caller ID joins its decision and reads its part of the
/// answer (<see cref="Decide"/>); when Redis cannot answer, <see cref="RedisFailureMode.LocalFallback"/> decides on the
/// node's share (<see cref="Fallback"/>), or the outage fails the call closed.
/// </summary>
internal abstract class RedisCallerIdPartPolicy : IReservingCallPolicy
{
    private readonly RedisDecisions _decisions;

    /// <param name="decisions">The decisions.</param>
    /// <param name="enabled">Whether this part is decided (its options are set).</param>
    protected RedisCallerIdPartPolicy(RedisDecisions decisions, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        _decisions = decisions;
        State = enabled ? decisions.CallerIds : null;
        FallsBack = enabled && decisions.Gateway.Options.FailureMode == RedisFailureMode.LocalFallback;
    }

    public abstract string Name { get; }

    /// <summary>The caller-ID state this policy reads (round trips and local deferrals), or <see langword="null"/> when
    /// the part is not decided (the policy allows every call).</summary>
    internal RedisCallerIdState? State { get; }

    /// <summary>Whether an outage is decided by <see cref="Fallback"/>.</summary>
    protected bool FallsBack { get; }

    /// <summary>The node's share of a limit under <see cref="RedisFailureMode.LocalFallback"/> (0: the fallback denies).</summary>
    protected int Share(int limit) => limit / _decisions.Gateway.Options.ExpectedNodes;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (State is null || !context.CallerId.IsParsed)
        {
            return new(PolicyResult.Allow());
        }

        var pending = _decisions.Join(context, reserving: true, cancellationToken).CallerId!;
        return pending.IsCompletedSuccessfully ? new(Decide(pending.Result)) : AwaitAsync(pending, context);
    }

    /// <summary>For a call refused elsewhere: no round trip. This part's answer (with the reservation the evaluator
    /// gives back at once) only when another reserving part already sent the decision's caller-ID script; else no
    /// opinion.</summary>
    public ValueTask<PolicyResult> CheckAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (State is null || !context.CallerId.IsParsed || _decisions.JoinIfStarted(context)?.CallerId is not { } pending)
        {
            return new(PolicyResult.Allow());
        }

        return pending.IsCompletedSuccessfully ? new(Decide(pending.Result)) : AwaitAsync(pending, context);
    }

    public void Commit(CallContext context, in PolicyResult reservation)
    {
        // The entry was added when the call was admitted.
    }

    public abstract void Release(CallContext context, in PolicyResult reservation);

    public abstract void Complete(CallContext context, in PolicyResult reservation, CallOutcome outcome, DateTimeOffset completedAt);

    /// <summary>This policy's answer from the caller-ID script's.</summary>
    protected abstract PolicyResult Decide(in CallerIdAnswer answer);

    /// <summary>The node's own answer while Redis cannot answer (<see cref="FallsBack"/>).</summary>
    protected abstract PolicyResult Fallback(CallContext context);

    private async ValueTask<PolicyResult> AwaitAsync(Task<CallerIdAnswer> pending, CallContext context)
    {
        try
        {
            return Decide(await pending.ConfigureAwait(false));
        }
        catch (Exception e) when (FallsBack && RedisGateway.IsOutage(e))
        {
            return Fallback(context);
        }
    }
}
