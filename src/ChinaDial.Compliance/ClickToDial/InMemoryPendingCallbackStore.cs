using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>The pending callbacks of one process, keyed by the parsed number (never its text); lock-free. Lapsed
/// callbacks are swept out at most once a minute (of the guard's clock), on the thread pool. Erasure
/// (<see cref="ForgetAsync"/>) drops a number's pending callback.</summary>
public sealed class InMemoryPendingCallbackStore : IPendingCallbackStore, IPersonalDataStore
{
    private readonly ConcurrentDictionary<ulong, (Guid Id, DateTimeOffset Expires)> _pending = new();
    private long _nextSweep = long.MinValue;

    /// <inheritdoc />
    public ValueTask<bool> TryAddAsync(PhoneNumberInfo destination, Guid callbackId, DateTimeOffset now, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        MaybeSweep(now);
        var entry = (callbackId, now + lifetime);
        while (true)
        {
            if (_pending.TryGetValue(destination.Key, out var existing))
            {
                if (existing.Expires > now)
                {
                    return new(false);
                }

                if (_pending.TryUpdate(destination.Key, entry, existing))
                {
                    return new(true);
                }
            }
            else if (_pending.TryAdd(destination.Key, entry))
            {
                return new(true);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> CompleteAsync(PhoneNumberInfo destination, Guid callbackId, CancellationToken cancellationToken)
        => new(_pending.TryGetValue(destination.Key, out var existing) && existing.Id == callbackId && _pending.TryRemove(new(destination.Key, existing)));

    /// <inheritdoc />
    public ValueTask ForgetAsync(PhoneNumberInfo number, CancellationToken cancellationToken)
    {
        _pending.TryRemove(number.Key, out _);
        return ValueTask.CompletedTask;
    }

    /// <summary>Whether a callback of <paramref name="number"/> is kept (for tests of erasure).</summary>
    internal bool Holds(ulong number) => _pending.ContainsKey(number);

    /// <summary>How many callbacks are kept (pending or lapsed and not swept yet).</summary>
    public int Count => _pending.Count;

    /// <summary>How many callbacks are pending (neither completed nor lapsed) at <paramref name="now"/>.</summary>
    /// <param name="now">The instant.</param>
    /// <returns>The count.</returns>
    public int CountPending(DateTimeOffset now)
    {
        var count = 0;
        foreach (var pair in _pending)
        {
            if (pair.Value.Expires > now)
            {
                count++;
            }
        }

        return count;
    }

    private void MaybeSweep(DateTimeOffset now)
    {
        var next = Volatile.Read(ref _nextSweep);
        var ticks = now.UtcTicks;
        if (ticks < next || Interlocked.CompareExchange(ref _nextSweep, ticks + TimeSpan.TicksPerMinute, next) != next)
        {
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Store.Sweep(state.Now), (Store: this, Now: now), preferLocal: false);
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var pair in _pending)
        {
            if (pair.Value.Expires <= now)
            {
                _pending.TryRemove(pair);
            }
        }
    }
}
