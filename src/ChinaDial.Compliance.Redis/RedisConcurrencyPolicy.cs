using System;
using System.Threading;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// The cap on calls in progress per caller ID, shared by every node: at most
/// <see cref="ConcurrencyOptions.MaxCallsInProgress"/> calls of one caller ID hold a place at once, over all nodes. A
/// call holds its place from its allowed decision until its ticket is completed or cancelled (on any node: the place is
/// given back), or until its ticket lifetime has passed on the server's clock. Over the cap: deferred
/// (<c>concurrency_limited</c>) to the instant the first place lapses. Replaces the in-process policy of the same name;
/// decided by the caller-ID script of the decision (see <see cref="RedisDecisions"/>).
/// </summary>
internal sealed class RedisConcurrencyPolicy : RedisCallerIdPartPolicy
{
    private readonly IReservingCallPolicy? _fallback;

    public RedisConcurrencyPolicy(RedisDecisions decisions)
        : base(decisions, decisions?.Parts.Concurrency is not null)
    {
        if (FallsBack && Share(decisions!.Parts.Concurrency!.MaxCallsInProgress) is > 0 and var share)
        {
            _fallback = InProcessPolicies.CreateConcurrency(new ConcurrencyOptions { MaxCallsInProgress = share });
        }
    }

    public override string Name => BuiltInPolicyNames.Concurrency;

    public override void Release(CallContext context, in PolicyResult reservation) => Free(context, reservation);

    public override void Complete(CallContext context, in PolicyResult reservation, CallOutcome outcome, DateTimeOffset completedAt) => Free(context, reservation);

    protected override PolicyResult Decide(in CallerIdAnswer answer)
    {
        if (answer.CallInProgress > 0)
        {
            return PolicyResult.Allow(State!.Reservation(answer.Fields!, 0, answer.CallInProgress), answer.CallInProgress);
        }

        return answer.CallInProgress < 0
            ? PolicyResult.Defer(ReasonCode.ConcurrencyLimited, SlidingLogScript.ToInstant(-answer.CallInProgress))
            : PolicyResult.Allow(); // room, but another check of the caller ID refused the call: nothing taken
    }

    protected override PolicyResult Fallback(CallContext context)
        => _fallback is null ? PolicyResult.Deny(ReasonCode.PolicyError) : LocalFallback.Decided(_fallback.EvaluateAsync(context, CancellationToken.None));

    private void Free(CallContext context, in PolicyResult reservation)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (reservation.Reservation is RedisReservation redis)
        {
            redis.GiveBack();
        }
        else
        {
            _fallback?.Release(context, reservation);
        }
    }
}
