using System;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// The caller-ID rate limit shared by every node: at most <see cref="CallerIdRateOptions.Limit"/> admitted calls from
/// one caller ID in any sliding <see cref="CallerIdRateOptions.Window"/>, over all nodes, on the Redis server's clock.
/// Replaces the in-process policy of the same name. Always the exact sliding log, whatever
/// <see cref="CallerIdRateOptions.Algorithm"/> says. Decided by the caller-ID script of the decision (see
/// <see cref="RedisDecisions"/>).
/// </summary>
internal sealed class RedisCallerIdRatePolicy : IReservingCallPolicy, ICallerIdRateBudget
{
    private readonly RedisDecisions _decisions;
    private readonly RedisCallerIdState? _state;
    private readonly CallerIdRatePolicy? _fallback;
    private readonly bool _fallbackDenies;

    /// <summary>The policy of <paramref name="decisions"/>' caller-ID rate part (none: the policy allows every call).</summary>
    public RedisCallerIdRatePolicy(RedisDecisions decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        _decisions = decisions;
        if (decisions.Parts.CallerIdRate is not { } options)
        {
            return;
        }

        _state = decisions.CallerIds;
        var gateway = decisions.Gateway;
        if (gateway.Options.FailureMode == RedisFailureMode.LocalFallback)
        {
            var share = options.Limit / gateway.Options.ExpectedNodes;
            _fallbackDenies = share == 0;
            _fallback = share == 0 ? null : new CallerIdRatePolicy(new CallerIdRateOptions { Limit = share, Window = options.Window });
        }
    }

    /// <summary>A policy deciding only the caller-ID rate (its decisions join no other part).</summary>
    public RedisCallerIdRatePolicy(RedisGateway gateway, CallerIdRateOptions options)
        : this(new RedisDecisions(gateway, new RedisDecisionParts { CallerIdRate = options.Enabled ? options : null }))
    {
    }

    public string Name => BuiltInPolicyNames.CallerIdRate;

    /// <summary>The caller-ID state this policy reads (round trips and local deferrals), or <see langword="null"/>.</summary>
    internal RedisCallerIdState? State => _state;

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
        // The entry was added when the call was admitted.
    }

    public void Release(CallContext context, in PolicyResult reservation)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (reservation.Reservation is RedisReservation redis)
        {
            redis.GiveBack();
        }
        else if (_fallback is not null && context.CallerId.IsParsed)
        {
            _fallback.Release(context.CallerId.Key, reservation, context.Instant.UtcTicks);
        }
    }

    public void Complete(CallContext context, in PolicyResult reservation, CallOutcome outcome, DateTimeOffset completedAt)
    {
        // A placed call counts against the rate whatever its outcome.
    }

    /// <inheritdoc />
    /// <remarks>Answered from the local deferral cache, without a round trip.</remarks>
    public DateTimeOffset NextAdmission(PhoneNumberInfo callerId, DateTimeOffset at)
        => _state is not null && _state.RateDeferrals.TryGet(callerId.Key, at.UtcTicks, out var notBefore) ? new DateTimeOffset(notBefore, TimeSpan.Zero) : at;

    private PolicyResult Decide(in CallerIdAnswer answer)
    {
        if (answer.Rate > 0)
        {
            return PolicyResult.Allow(_state!.Reservation(answer.Fields!, answer.Rate, 0), answer.Rate);
        }

        return answer.Rate < 0
            ? PolicyResult.Defer(ReasonCode.CallerIdRateLimited, SlidingLogScript.ToInstant(-answer.Rate))
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
            return _fallback?.Acquire(context.CallerId.Key, context.Instant.UtcTicks) ?? PolicyResult.Deny(ReasonCode.PolicyError);
        }
    }
}
