using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace ChinaDial.Compliance;

/// <summary>Keeps audit records in memory (tests, samples, short replays). Thread-safe. Erasure
/// (<see cref="AuditTrail"/> as an <see cref="IPersonalDataStore"/>) removes a number's records.</summary>
public sealed class InMemoryAuditSink : IAuditSink, IAuditRecordEraser
{
    private readonly Lock _gate = new();
    private ConcurrentQueue<AuditRecord> _records = new();

    /// <summary>The records written so far, in order.</summary>
    public IReadOnlyCollection<AuditRecord> Records => Volatile.Read(ref _records).ToArray();

    /// <inheritdoc />
    public void Write(AuditRecord record)
    {
        lock (_gate)
        {
            _records.Enqueue(record);
        }
    }

    /// <inheritdoc />
    long IAuditRecordEraser.Forget(string numberHash)
    {
        lock (_gate)
        {
            var kept = new ConcurrentQueue<AuditRecord>();
            long removed = 0;
            foreach (var record in _records)
            {
                if (record.CallerIdHash == numberHash || record.DestinationHash == numberHash)
                {
                    removed++;
                }
                else
                {
                    kept.Enqueue(record);
                }
            }

            Volatile.Write(ref _records, kept);
            return removed;
        }
    }
}
