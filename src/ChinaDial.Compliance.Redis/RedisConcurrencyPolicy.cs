using System;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// The cap on calls in progress per caller ID, shared by every node: at most
/// <see cref="ConcurrencyOptions.MaxCallsInProgress"/> calls of one caller ID hold a place at once, over all nodes. A
/// call holds its place from its allowed decision until its ticket is completed or cancelled (on any node: the place is
/// given back), or until its ticket lifetime has passed on the server's clock. Over the cap: deferred
/// (<c>concurrency_limited</c>) to the instant the first place lapses. Replaces the in-process policy of the same name;
/// decided by the caller-ID script of the decision (see <see cref="RedisDecisions"/>).
/// </summary>
internal sealed class RedisConcurrencyPolicy : IReservingCallPolicy
{
    private readonly RedisDecisions _decisions;
    private readonly RedisCallerIdState? _state;
    private readonly ConcurrencyPolicy? _fallback;
    private readonly bool _fallbackDenies;

    public RedisConcurrencyPolicy(RedisDecisions decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        _decisions = decisions;
        if (decisions.Parts.Concurrency is not { } options)
        {
            return;
        }

        _state = decisions.CallerIds;
        var gateway = decisions.Gateway;
        if (gateway.Options.FailureMode == RedisFailureMode.LocalFallback)
        {
            var share = options.MaxCallsInProgress / gateway.Options.ExpectedNodes;
            _fallbackDenies = share == 0;
            _fallback = share == 0 ? null : new ConcurrencyPolicy(new ConcurrencyOptions { MaxCallsInProgress = share });
        }
    }

    public string Name => BuiltInPolicyNames.Concurrency;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_state is null || !context.CallerId.IsParsed)
        {
            return new(PolicyResult.Allow());
        }

        if (!RedisDecisions.MayReserve(context))
        {
            throw new InvalidOperationException("A call that may not reserve quota (a preview) was given to a reserving policy.");
        }

        var pending = _decisions.Join(context, cancellationToken).CallerId!;
        return pending.IsCompletedSuccessfully ? new(Decide(pending.Result)) : AwaitAsync(pending, context);
    }

    public void Commit(CallContext context, in PolicyResult reservation)
    {
        // The place was taken when the call was admitted.
    }

    public void Release(CallContext context, in PolicyResult reservation) => Free(context, reservation);

    public void Complete(CallContext context, in PolicyResult reservation, CallOutcome outcome, DateTimeOffset completedAt) => Free(context, reservation);

    private void Free(CallContext context, in PolicyResult reservation)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (reservation.Reservation is RedisReservation redis)
        {
            redis.GiveBack();
        }
        else if (_fallback is not null)
        {
            _fallback.Release(context, reservation);
        }
    }

    private PolicyResult Decide(in CallerIdAnswer answer)
    {
        if (answer.CallInProgress > 0)
        {
            return PolicyResult.Allow(_state!.Reservation(answer.Fields!, 0, answer.CallInProgress), answer.CallInProgress);
        }

        return answer.CallInProgress < 0
            ? PolicyResult.Defer(ReasonCode.ConcurrencyLimited, SlidingLogScript.ToInstant(-answer.CallInProgress))
            : PolicyResult.Allow(); // room, but another check of the caller ID refused the call: nothing taken
    }

    private async ValueTask<PolicyResult> AwaitAsync(Task<CallerIdAnswer> pending, CallContext context)
    {
        try
        {
            return Decide(await pending.ConfigureAwait(false));
        }
        catch (Exception e) when ((_fallback is not null || _fallbackDenies) && RedisGateway.IsOutage(e))
        {
            return _fallback is null ? PolicyResult.Deny(ReasonCode.PolicyError) : _fallback.Acquire(context.CallerId.Key, context.Instant.UtcTicks, context.TicketExpiresAt.UtcTicks);
        }
    }
}
