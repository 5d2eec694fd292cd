using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// The destination frequency caps shared by every node: per callee and per caller-ID/callee pair, each over its
/// sliding windows, decided together by one script run (both keys share the callee's hash slot). Replaces the
/// in-process policy of the same name.
/// </summary>
internal sealed class RedisDestinationFrequencyPolicy : IReservingCallPolicy
{
    private readonly RedisGateway _gateway;
    private readonly RedisSlidingLog? _both;
    private readonly RedisSlidingLog? _calleeOnly;
    private readonly RedisSlidingLog? _pairOnly;
    private readonly DestinationFrequencyPolicy? _fallback;
    private readonly bool _fallbackDenies;
    private readonly bool _fallbackEnabled;

    public RedisDestinationFrequencyPolicy(RedisGateway gateway, DestinationFrequencyOptions options)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(options);
        _gateway = gateway;
        if (!options.Enabled)
        {
            return;
        }

        var callee = options.PerDestination.ToArray();
        var pair = options.PerCallerIdAndDestination.ToArray();
        if (callee.Length > 0)
        {
            _calleeOnly = new RedisSlidingLog(gateway, [callee]);
        }

        if (pair.Length > 0)
        {
            _pairOnly = new RedisSlidingLog(gateway, [pair]);
        }

        if (callee.Length > 0 && pair.Length > 0)
        {
            _both = new RedisSlidingLog(gateway, [callee, pair]);
        }

        _fallbackEnabled = gateway.Options.FailureMode == RedisFailureMode.LocalFallback;
        if (_fallbackEnabled)
        {
            var nodes = gateway.Options.ExpectedNodes;
            _fallbackDenies = callee.Concat(pair).Any(cap => cap.Limit / nodes == 0);
            _fallback = _fallbackDenies ? null : new DestinationFrequencyPolicy(new DestinationFrequencyOptions
            {
                PerDestination = Share(callee, nodes),
                PerCallerIdAndDestination = Share(pair, nodes),
            });
        }
    }

    public string Name => BuiltInPolicyNames.DestinationFrequency;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Destination.IsParsed)
        {
            return new(PolicyResult.Allow()); // the destination policy denies it
        }

        var callerId = context.CallerId.IsParsed ? context.CallerId.Key : 0;
        var callee = context.Destination.Key;
        var (calleeKey, pairKey) = _gateway.Keys.DestinationFrequency(callerId, callee);
        RedisSlidingLog log;
        RedisKey[] keys;
        if (callerId != 0 && _both is not null)
        {
            (log, keys) = (_both, [calleeKey, pairKey]);
        }
        else if (_calleeOnly is not null)
        {
            (log, keys) = (_calleeOnly, [calleeKey]);
        }
        else if (callerId != 0 && _pairOnly is not null)
        {
            (log, keys) = (_pairOnly, [pairKey]);
        }
        else
        {
            return new(PolicyResult.Allow());
        }

        var subject = KeyMixer.Mix(callerId) ^ callee;
        var now = context.Instant.UtcTicks;
        if (!_fallbackEnabled)
        {
            return log.AcquireAsync(subject, keys, now, ReasonCode.DestinationFrequencyExceeded, cancellationToken);
        }

        return WithFallbackAsync(log, subject, keys, callerId, callee, now, cancellationToken);
    }

    public void Commit(CallContext context, in PolicyResult reservation)
    {
        // The members were added when the call was admitted.
    }

    public void Release(CallContext context, in PolicyResult reservation)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (reservation.Reservation is RedisReservation redis)
        {
            redis.GiveBack();
        }
        else
        {
            _fallback?.Release(context.CallerId.IsParsed ? context.CallerId.Key : 0, context.Destination.Key, reservation, context.Instant.UtcTicks);
        }
    }

    public void Complete(CallContext context, in PolicyResult reservation, CallOutcome outcome, DateTimeOffset completedAt)
    {
        // A placed call is an attempt whatever its outcome.
    }

    private static List<FrequencyCap> Share(FrequencyCap[] caps, int nodes)
        => caps.Select(cap => new FrequencyCap(cap.Limit / nodes, cap.Window)).ToList();

    private async ValueTask<PolicyResult> WithFallbackAsync(RedisSlidingLog log, ulong subject, RedisKey[] keys, ulong callerId, ulong callee, long now, CancellationToken cancellationToken)
    {
        try
        {
            return await log.AcquireAsync(subject, keys, now, ReasonCode.DestinationFrequencyExceeded, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (RedisGateway.IsOutage(e))
        {
            return _fallback?.Acquire(callerId, callee, now) ?? PolicyResult.Deny(ReasonCode.PolicyError);
        }
    }
}
