using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// The caller-ID rate limit shared by every node: at most <see cref="CallerIdRateOptions.Limit"/> admitted calls from
/// one caller ID in any sliding <see cref="CallerIdRateOptions.Window"/>, over all nodes, on the Redis server's clock.
/// Replaces the in-process policy of the same name. Always the exact sliding log, whatever
/// <see cref="CallerIdRateOptions.Algorithm"/> says.
/// </summary>
internal sealed class RedisCallerIdRatePolicy : IReservingCallPolicy, ICallerIdRateBudget
{
    private readonly RedisGateway _gateway;
    private readonly RedisSlidingLog? _log;
    private readonly CallerIdRatePolicy? _fallback;
    private readonly bool _fallbackDenies;

    public RedisCallerIdRatePolicy(RedisGateway gateway, CallerIdRateOptions options)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(options);
        _gateway = gateway;
        if (!options.Enabled)
        {
            return;
        }

        _log = new RedisSlidingLog(gateway, [[new FrequencyCap(options.Limit, options.Window)]], gateway.Keys.CallerIdRateHash);
        if (gateway.Options.FailureMode == RedisFailureMode.LocalFallback)
        {
            var share = options.Limit / gateway.Options.ExpectedNodes;
            _fallbackDenies = share == 0;
            _fallback = share == 0 ? null : new CallerIdRatePolicy(new CallerIdRateOptions { Limit = share, Window = options.Window });
        }
    }

    public string Name => BuiltInPolicyNames.CallerIdRate;

    /// <summary>The limit's round trips and local deferrals.</summary>
    internal RedisSlidingLog? Log => _log;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_log is null || !context.CallerId.IsParsed)
        {
            return new(PolicyResult.Allow());
        }

        var callerId = context.CallerId.Key;
        var keys = _gateway.Keys.CallerIdRateFields(callerId);
        if (_fallback is null && !_fallbackDenies)
        {
            return _log.AcquireAsync(callerId, keys, context.Instant.UtcTicks, ReasonCode.CallerIdRateLimited, cancellationToken);
        }

        return WithFallbackAsync(callerId, keys, context.Instant.UtcTicks, cancellationToken);
    }

    public void Commit(CallContext context, in PolicyResult reservation)
    {
        // The member was added when the call was admitted.
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
        => _log is not null && _log.Deferrals.TryGet(callerId.Key, at.UtcTicks, out var notBefore) ? new DateTimeOffset(notBefore, TimeSpan.Zero) : at;

    private async ValueTask<PolicyResult> WithFallbackAsync(ulong callerId, RedisKey[] keys, long now, CancellationToken cancellationToken)
    {
        try
        {
            return await _log!.AcquireAsync(callerId, keys, now, ReasonCode.CallerIdRateLimited, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (RedisGateway.IsOutage(e))
        {
            return _fallback?.Acquire(callerId, now) ?? PolicyResult.Deny(ReasonCode.PolicyError);
        }
    }
}
