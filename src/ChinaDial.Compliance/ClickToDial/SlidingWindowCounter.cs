using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>Counts events per key in a sliding window (exact: one timestamp per event); one lock per key.</summary>
internal sealed class SlidingWindowCounter<TKey>(long windowTicks, int limit)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Queue<long>> _events = new();

    /// <summary>Records one event at <paramref name="now"/> when the key is under its limit; false (nothing recorded) when over.</summary>
    public bool TryAdd(TKey key, long now)
    {
        var queue = _events.GetOrAdd(key, static _ => new Queue<long>());
        lock (queue)
        {
            while (queue.Count > 0 && queue.Peek() <= now - windowTicks)
            {
                queue.Dequeue();
            }

            if (queue.Count >= limit)
            {
                return false;
            }

            queue.Enqueue(now);
            return true;
        }
    }
}
