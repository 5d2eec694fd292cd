using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>The pending callbacks of one process, keyed by the parsed number (never its text); lock-free.</summary>
public sealed class InMemoryPendingCallbackStore : IPendingCallbackStore
{
    private readonly ConcurrentDictionary<ulong, (Guid Id, DateTimeOffset Expires)> _pending = new();

    /// <inheritdoc />
    public ValueTask<bool> TryAddAsync(PhoneNumberInfo destination, Guid callbackId, DateTimeOffset now, TimeSpan lifetime, CancellationToken cancellationToken)
    {
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
}
