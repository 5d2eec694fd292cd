using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// One distributed limit over one or more keys (each with its windows), decided by one <c>EVALSHA</c> of
/// <see cref="SlidingLogScript.Acquire"/>, with the local deferral cache in front of it.
/// </summary>
internal sealed class RedisSlidingLog
{
    private readonly RedisGateway _gateway;
    private readonly RedisValue[][] _groups;
    private readonly RedisValue _ttl;
    private readonly LocalDeferrals _deferrals = new();
    private long _roundTrips;

    /// <param name="gateway">The gateway.</param>
    /// <param name="capsPerKey">The caps (limit, window) of each key the limit uses, in key order.</param>
    public RedisSlidingLog(RedisGateway gateway, IReadOnlyList<IReadOnlyList<FrequencyCap>> capsPerKey)
    {
        _gateway = gateway;
        _groups = new RedisValue[capsPerKey.Count][];
        var longest = TimeSpan.Zero;
        for (var k = 0; k < capsPerKey.Count; k++)
        {
            var caps = capsPerKey[k];
            var values = new RedisValue[1 + (2 * caps.Count)];
            values[0] = caps.Count;
            for (var g = 0; g < caps.Count; g++)
            {
                values[1 + (2 * g)] = caps[g].Limit;
                values[2 + (2 * g)] = SlidingLogScript.Microseconds(caps[g].Window);
                longest = caps[g].Window > longest ? caps[g].Window : longest;
            }

            _groups[k] = values;
        }

        _ttl = SlidingLogScript.Milliseconds(longest + TimeSpan.FromMinutes(1));
    }

    /// <summary>Round trips made (for tests and benchmarks).</summary>
    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    /// <summary>Subjects answered locally until their <c>NotBefore</c>.</summary>
    public LocalDeferrals Deferrals => _deferrals;

    /// <summary>
    /// Admits a call into every key of <paramref name="keys"/>, or tells when it would be admitted. Throws when
    /// Redis cannot answer (see <see cref="RedisGateway.IsOutage"/>).
    /// </summary>
    /// <param name="subject">The subject of the local deferral cache.</param>
    /// <param name="keys">The keys, in the order of the caps given at construction.</param>
    /// <param name="now">The node's instant (UTC ticks), for the local deferral cache only.</param>
    /// <param name="reason">The reason of a deferral.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public ValueTask<PolicyResult> AcquireAsync(ulong subject, RedisKey[] keys, long now, ReasonCode reason, CancellationToken cancellationToken)
    {
        if (_deferrals.TryGet(subject, now, out var notBefore))
        {
            return new(PolicyResult.Defer(reason, new DateTimeOffset(notBefore, TimeSpan.Zero)));
        }

        return AskAsync(subject, keys, reason, cancellationToken);
    }

    private async ValueTask<PolicyResult> AskAsync(ulong subject, RedisKey[] keys, ReasonCode reason, CancellationToken cancellationToken)
    {
        var member = RedisReservation.NewMember();
        var length = 2;
        for (var k = 0; k < keys.Length; k++)
        {
            length += _groups[k].Length;
        }

        var args = new RedisValue[length];
        args[0] = member;
        args[1] = _ttl;
        var at = 2;
        for (var k = 0; k < keys.Length; k++)
        {
            _groups[k].CopyTo(args, at);
            at += _groups[k].Length;
        }

        Interlocked.Increment(ref _roundTrips);
        var result = await _gateway.ExecuteAsync(
            static (database, state) => SlidingLogScript.Acquire.EvaluateAsync(database, state.keys, state.args),
            (keys, args),
            cancellationToken).ConfigureAwait(false);
        var values = (long[]?)result ?? throw new RedisException("The sliding-log script returned nothing.");
        if (values[0] == 1)
        {
            return PolicyResult.Allow(new RedisReservation(keys, member), values[1]);
        }

        var retryAt = SlidingLogScript.ToInstant(values[1]);
        _deferrals.Set(subject, retryAt.UtcTicks);
        return PolicyResult.Defer(reason, retryAt);
    }
}
