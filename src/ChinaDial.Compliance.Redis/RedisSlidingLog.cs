using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// One distributed limit over one or more logs (each with its windows), decided by one <c>EVALSHA</c> of
/// <see cref="SlidingLogScript.Acquire"/> (a key per log) or <see cref="SlidingLogScript.AcquireInHash"/> (the logs of
/// a hash slot in one hash), shared with the decisions sent at the same time (see <see cref="SlidingLogBatcher"/>),
/// with the local deferral cache in front of it.
/// </summary>
internal sealed class RedisSlidingLog
{
    private readonly SlidingLogBatcher _batcher;
    private readonly int _keyCount;
    private readonly LocalDeferrals _deferrals = new();

    /// <param name="gateway">The gateway.</param>
    /// <param name="capsPerKey">The caps (limit, window) of each key the limit uses, in key order.</param>
    /// <param name="hashOfSlot"><see langword="null"/>: each subject's log is a key of its own. Otherwise the logs are
    /// fields of one hash per hash slot, which this names (see <see cref="SlidingLogBatcher"/>); the limit must then be
    /// one key with one cap.</param>
    public RedisSlidingLog(RedisGateway gateway, IReadOnlyList<IReadOnlyList<FrequencyCap>> capsPerKey, Func<int, RedisKey>? hashOfSlot = null)
    {
        _keyCount = capsPerKey.Count;
        var arguments = hashOfSlot is null ? ArgumentsPerKey(capsPerKey) : ArgumentsInHash(capsPerKey);
        _batcher = new SlidingLogBatcher(gateway, arguments, capsPerKey.Count, hashOfSlot);
    }

    /// <summary>Round trips made (script runs, each answering one or more decisions; for tests and benchmarks).</summary>
    public long RoundTrips => _batcher.Runs;

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

    /// <summary><see cref="SlidingLogScript.Acquire"/>'s arguments, built once and sent as they are by every run: TTL,
    /// keys per decision, then per key its longest window, its group count and its (limit, window) pairs.</summary>
    private static RedisValue[] ArgumentsPerKey(IReadOnlyList<IReadOnlyList<FrequencyCap>> capsPerKey)
    {
        var length = 2;
        for (var k = 0; k < capsPerKey.Count; k++)
        {
            length += 2 + (2 * capsPerKey[k].Count);
        }

        var arguments = new RedisValue[length];
        arguments[1] = capsPerKey.Count;
        var overall = TimeSpan.Zero;
        var at = 2;
        for (var k = 0; k < capsPerKey.Count; k++)
        {
            var caps = capsPerKey[k];
            var longest = TimeSpan.Zero;
            arguments[at + 1] = caps.Count;
            for (var g = 0; g < caps.Count; g++)
            {
                arguments[at + 2 + (2 * g)] = caps[g].Limit;
                arguments[at + 3 + (2 * g)] = SlidingLogScript.Microseconds(caps[g].Window);
                longest = caps[g].Window > longest ? caps[g].Window : longest;
            }

            arguments[at] = SlidingLogScript.Microseconds(longest);
            overall = longest > overall ? longest : overall;
            at += 2 + (2 * caps.Count);
        }

        arguments[0] = Ttl(overall);
        return arguments;
    }

    /// <summary><see cref="SlidingLogScript.AcquireInHash"/>'s arguments before the fields: TTL, limit, window.</summary>
    private static RedisValue[] ArgumentsInHash(IReadOnlyList<IReadOnlyList<FrequencyCap>> capsPerKey)
    {
        if (capsPerKey is not [[var cap]])
        {
            throw new ArgumentException("Logs kept in a hash take one key with one cap.", nameof(capsPerKey));
        }

        return [Ttl(cap.Window), cap.Limit, SlidingLogScript.Microseconds(cap.Window)];
    }

    /// <summary>A log's TTL: its longest window and a minute more.</summary>
    private static RedisValue Ttl(TimeSpan longest) => SlidingLogScript.Milliseconds(longest + TimeSpan.FromMinutes(1));

    private async ValueTask<PolicyResult> AskAsync(ulong subject, RedisKey[] keys, ReasonCode reason, CancellationToken cancellationToken)
    {
        if (keys.Length != _keyCount)
        {
            throw new ArgumentException($"Expected {_keyCount} keys.", nameof(keys));
        }

        var instant = await _batcher.DecideAsync(keys, cancellationToken).ConfigureAwait(false);
        if (instant > 0)
        {
            return PolicyResult.Allow(new RedisReservation(_batcher, keys, instant), instant);
        }

        var retryAt = SlidingLogScript.ToInstant(-instant);
        _deferrals.Set(subject, retryAt.UtcTicks);
        return PolicyResult.Defer(reason, retryAt);
    }
}
