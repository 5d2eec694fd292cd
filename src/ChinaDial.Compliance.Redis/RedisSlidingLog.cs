using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// One distributed limit over one or more logs (each with its windows, a string key each), decided by one
/// <c>EVALSHA</c> of <see cref="SlidingLogScript.Acquire"/> shared with the decisions sent at the same time (see
/// <see cref="ScriptBatcher"/>), with the local deferral cache in front of it.
/// </summary>
internal sealed class RedisSlidingLog
{
    private readonly ScriptBatcher _batcher;
    private readonly int _keyCount;
    private readonly LocalDeferrals _deferrals = new();

    /// <param name="gateway">The gateway.</param>
    /// <param name="capsPerKey">The caps (limit, window) of each key the limit uses, in key order.</param>
    public RedisSlidingLog(RedisGateway gateway, IReadOnlyList<IReadOnlyList<FrequencyCap>> capsPerKey)
    {
        _keyCount = capsPerKey.Count;
        _batcher = new ScriptBatcher(gateway, new KeyedLogScript(Arguments(capsPerKey), capsPerKey.Count));
    }

    /// <summary>Round trips made (script runs, each answering one or more decisions; for tests and benchmarks).</summary>
    public long RoundTrips => _batcher.Runs;

    /// <summary>The batcher (late give-backs, for tests).</summary>
    public ScriptBatcher Batcher => _batcher;

    /// <summary>Subjects answered locally until their <c>NotBefore</c>.</summary>
    public LocalDeferrals Deferrals => _deferrals;

    /// <summary>
    /// Admits a call into every key of <paramref name="keys"/>, or tells when it would be admitted. Fails when
    /// Redis cannot answer by <paramref name="deadline"/> (see <see cref="RedisGateway.IsOutage"/>).
    /// </summary>
    /// <param name="subject">The subject of the local deferral cache.</param>
    /// <param name="keys">The keys, in the order of the caps given at construction.</param>
    /// <param name="now">The node's instant (UTC ticks), for the local deferral cache only.</param>
    /// <param name="reason">The reason of a deferral.</param>
    /// <param name="deadline">When the decision is given up (<see cref="System.Diagnostics.Stopwatch"/> timestamp).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public Task<PolicyResult> AcquireAsync(ulong subject, RedisKey[] keys, long now, ReasonCode reason, long deadline, CancellationToken cancellationToken)
    {
        if (_deferrals.TryGet(subject, now, out var notBefore))
        {
            return Task.FromResult(PolicyResult.Defer(reason, new DateTimeOffset(notBefore, TimeSpan.Zero)));
        }

        if (keys.Length != _keyCount)
        {
            throw new ArgumentException($"Expected {_keyCount} keys.", nameof(keys));
        }

        return AskAsync(subject, keys, reason, deadline, cancellationToken);
    }

    /// <summary><see cref="SlidingLogScript.Acquire"/>'s arguments, built once and sent as they are by every run: TTL,
    /// keys per decision, then per key its longest window, its group count and its (limit, window) pairs.</summary>
    private static RedisValue[] Arguments(IReadOnlyList<IReadOnlyList<FrequencyCap>> capsPerKey)
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

        arguments[0] = SlidingLogScript.Milliseconds(overall + TimeSpan.FromMinutes(1));
        return arguments;
    }

    private async Task<PolicyResult> AskAsync(ulong subject, RedisKey[] keys, ReasonCode reason, long deadline, CancellationToken cancellationToken)
    {
        var answer = await _batcher.DecideAsync(keys, 0, deadline, cancellationToken).ConfigureAwait(false);
        if (answer.First > 0)
        {
            return PolicyResult.Allow(new RedisReservation(_batcher, keys, answer), answer.First);
        }

        var retryAt = SlidingLogScript.ToInstant(-answer.First);
        _deferrals.Set(subject, retryAt.UtcTicks);
        return PolicyResult.Defer(reason, retryAt);
    }
}
