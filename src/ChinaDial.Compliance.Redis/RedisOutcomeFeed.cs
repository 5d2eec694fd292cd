using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// Caller-ID health judged on the whole fleet's calls: every node adds the outcome of each call it placed to one Redis
/// stream (<c>&lt;prefix&gt;:outcomes</c>: the caller ID's keyed hash, 64 bits of the callee's, answered, duration,
/// instant; no phone number), and reads the other nodes' outcomes from it into its own health monitor, so that every
/// monitor sees every call (answer rate, short calls, distinct and repeated callees, volume) and quarantines a caller
/// ID whose calls are spread over several nodes. Callees are counted by their keyed hash on every node. Best effort: an
/// outcome Redis does not take (an outage) is counted by its own node only. The stream keeps ten minutes of outcomes: a
/// node that starts reads them first, and one that could not read for less catches up.
/// </summary>
internal sealed class RedisOutcomeFeed : IDisposable
{
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);

    /// <summary>Adds one outcome. KEYS: the stream. ARGV: the retention (ms), then the fields' values. Entries older than
    /// the retention, by the server's clock, are trimmed, and the stream expires a retention after its last outcome.</summary>
    private static readonly RedisScript Add = new(LuaScripts.Read("outcome-feed-add"));

    private readonly RedisGateway _gateway;
    private readonly CallerIdHealthMonitor _monitor;
    private readonly TimeProvider _time;
    private readonly string _node = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
    private readonly ConcurrentDictionary<string, PhoneNumberInfo> _callerIds = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private long _read;
    private long _unknown;

    /// <param name="gateway">The gateway.</param>
    /// <param name="monitor">The node's health monitor (its callees are counted by keyed hash from now on).</param>
    /// <param name="callerIds">The caller IDs the fleet may present (the approved inventory): other nodes' outcomes are
    /// read for these and for the caller IDs this node placed calls from.</param>
    /// <param name="time">The clock of the reads.</param>
    /// <param name="interval">How often the stream is read.</param>
    public RedisOutcomeFeed(RedisGateway gateway, CallerIdHealthMonitor monitor, IEnumerable<string> callerIds, TimeProvider time, TimeSpan interval)
    {
        _gateway = gateway;
        _monitor = monitor;
        _time = time;
        var keys = gateway.Keys;
        monitor.KeyCalleesWith(keys.Secret);
        foreach (var callerId in callerIds)
        {
            Know(PhoneNumberClassifier.Classify(callerId));
        }

        _ = Task.Run(() => ReadAsync(interval, _stop.Token));
    }

    /// <summary>Outcomes of other nodes recorded into this node's monitor (for tests).</summary>
    public long Read => Interlocked.Read(ref _read);

    /// <summary>Outcomes of other nodes skipped: their caller ID is not one this node knows.</summary>
    public long Unknown => Interlocked.Read(ref _unknown);

    /// <summary>Adds the outcome of a call this node placed to the stream (fire and forget).</summary>
    public void Publish(CallContext context, CallOutcome outcome, DateTimeOffset completedAt)
    {
        if (!context.CallerId.IsParsed || !context.Destination.IsParsed)
        {
            return;
        }

        var tag = Know(context.CallerId);
        var keys = _gateway.Keys;
        RedisKey[] stream = [keys.Outcomes];
        RedisValue[] values =
        [
            (long)Retention.TotalMilliseconds,
            _node,
            tag,
            keys.CalleeKey(context.Destination.Key),
            outcome.Answered ? 1 : 0,
            (long)outcome.Duration.TotalMilliseconds,
            completedAt.ToUnixTimeMilliseconds(),
        ];
        _gateway.FireAndForget(database => Add.Send(database, stream, values));
    }

    /// <summary>Erases the number's outcomes from the stream (its callee hash in each entry): one read of the stream
    /// (ten minutes of the fleet's outcomes) and one <c>XDEL</c>.</summary>
    public async ValueTask ForgetAsync(PhoneNumberInfo number, CancellationToken cancellationToken)
    {
        if (!number.IsParsed)
        {
            return;
        }

        var callee = (RedisValue)_gateway.Keys.CalleeKey(number.Key);
        var stream = _gateway.Keys.Outcomes;
        var entries = await _gateway.ExecuteAsync(static (database, stream) => database.StreamRangeAsync(stream), stream, cancellationToken, stream).ConfigureAwait(false);
        var ids = new List<RedisValue>();
        foreach (var entry in entries)
        {
            if (entry["k"] == callee)
            {
                ids.Add(entry.Id);
            }
        }

        if (ids.Count > 0)
        {
            await _gateway.ExecuteAsync(static (database, state) => database.StreamDeleteAsync(state.stream, state.ids), (stream, ids: ids.ToArray()), cancellationToken, stream).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private string Know(PhoneNumberInfo callerId)
    {
        var tag = _gateway.Keys.Tag(callerId.Key);
        _callerIds.TryAdd(tag, callerId);
        return tag;
    }

    private async Task ReadAsync(TimeSpan interval, CancellationToken stop)
    {
        RedisValue position = "0-0"; // from the oldest kept: a node that starts catches up on the last ten minutes
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    StreamEntry[] entries;
                    do
                    {
                        entries = await _gateway.ExecuteAsync(
                            static (database, state) => database.StreamReadAsync(state.Key, state.Position, 1_000),
                            (Key: _gateway.Keys.Outcomes, Position: position),
                            stop,
                            _gateway.Keys.Outcomes).ConfigureAwait(false);
                        foreach (var entry in entries)
                        {
                            position = entry.Id;
                            Record(entry);
                        }
                    }
                    while (entries.Length == 1_000);
                }
                catch (Exception e) when (RedisGateway.IsOutage(e) || e is FormatException or InvalidCastException)
                {
                    // Read again at the next tick, from where the last read ended.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Record(StreamEntry entry)
    {
        if (entry["n"] == _node)
        {
            return; // counted when it was placed here
        }

        if (!_callerIds.TryGetValue((string?)entry["c"] ?? "", out var callerId))
        {
            Interlocked.Increment(ref _unknown);
            return;
        }

        var outcome = new CallOutcome((long)entry["a"] == 1, TimeSpan.FromMilliseconds((long)entry["d"]));
        var at = DateTimeOffset.FromUnixTimeMilliseconds((long)entry["t"]);
        var placedAt = Instants.FromUtcTicks(at.UtcTicks - (outcome.Answered ? Math.Max(0, outcome.Duration.Ticks) : 0)); // as the monitor's four-argument overload takes it
        _monitor.RecordOutcome(callerId, ulong.Parse((string)entry["k"]!, CultureInfo.InvariantCulture), outcome, at, placedAt);
        Interlocked.Increment(ref _read);
    }
}
