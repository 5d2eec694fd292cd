using System;
using System.Threading;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// The caller-ID rate limit shared by every node: at most <see cref="CallerIdRateOptions.Limit"/> admitted calls from
/// one caller ID in any sliding <see cref="CallerIdRateOptions.Window"/>, over all nodes, on the Redis server's clock.
/// Replaces the in-process policy of the same name. Always the exact sliding log, whatever
/// <see cref="CallerIdRateOptions.Algorithm"/> says. Decided by the caller-ID script of the decision (see
/// <see cref="RedisDecisions"/>).
/// </summary>
internal sealed class RedisCallerIdRatePolicy : RedisCallerIdPartPolicy, ICallerIdRateBudget
{
    private readonly IReservingCallPolicy? _fallback;

    /// <summary>The policy of <paramref name="decisions"/>' caller-ID rate part (none: the policy allows every call).</summary>
    public RedisCallerIdRatePolicy(RedisDecisions decisions)
        : base(decisions, decisions?.Parts.CallerIdRate is not null)
    {
        if (FallsBack && Share(decisions!.Parts.CallerIdRate!.Limit) is > 0 and var share)
        {
            _fallback = InProcessPolicies.CreateCallerIdRate(new CallerIdRateOptions { Limit = share, Window = decisions.Parts.CallerIdRate.Window });
        }
    }

    /// <summary>A policy deciding only the caller-ID rate (its decisions join no other part).</summary>
    public RedisCallerIdRatePolicy(RedisGateway gateway, CallerIdRateOptions options)
        : this(new RedisDecisions(gateway, new RedisDecisionParts { CallerIdRate = options.Enabled ? options : null }))
    {
    }

    public override string Name => BuiltInPolicyNames.CallerIdRate;

    public override void Release(CallContext context, in PolicyResult reservation)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (reservation.Reservation is RedisReservation redis)
        {
            redis.GiveBack();

            // The node may have cached a deferral of this caller ID that the quota given back ends: its next call asks
            // Redis again (a cancelled ticket gives its place back on this node too, not only on the others).
            if (context.CallerId.IsParsed)
            {
                State?.RateDeferrals.Forget(context.CallerId.Key);
            }
        }
        else
        {
            _fallback?.Release(context, reservation); // gives nothing back for a caller ID that is not parsed
        }
    }

    public override void Complete(CallContext context, in PolicyResult reservation, CallOutcome outcome, DateTimeOffset completedAt)
    {
        // A placed call counts against the rate whatever its outcome.
    }

    /// <inheritdoc />
    /// <remarks>Answered from the local deferral cache, without a round trip.</remarks>
    public DateTimeOffset NextAdmission(PhoneNumberInfo callerId, DateTimeOffset at)
        => State is not null && State.RateDeferrals.TryGet(callerId.Key, at.UtcTicks, out var notBefore) ? new DateTimeOffset(notBefore, TimeSpan.Zero) : at;

    protected override PolicyResult Decide(in CallerIdAnswer answer)
    {
        if (answer.Rate > 0)
        {
            return PolicyResult.Allow(State!.Reservation(answer.Fields!, answer.Rate, 0), answer.Rate);
        }

        return answer.Rate < 0
            ? PolicyResult.Defer(ReasonCode.CallerIdRateLimited, SlidingLogScript.ToInstant(-answer.Rate))
            : PolicyResult.Allow(); // room, but another check of the caller ID refused the call: nothing taken
    }

    protected override PolicyResult Fallback(CallContext context)
        => _fallback is null ? PolicyResult.Deny(ReasonCode.PolicyError) : LocalFallback.Decided(_fallback.EvaluateAsync(context, CancellationToken.None));
}
