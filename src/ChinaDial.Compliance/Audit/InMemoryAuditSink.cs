using System.Collections.Concurrent;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>Keeps audit records in memory (tests, samples, short replays). Thread-safe.</summary>
public sealed class InMemoryAuditSink : IAuditSink
{
    private readonly ConcurrentQueue<AuditRecord> _records = new();

    /// <summary>The records written so far, in order.</summary>
    public IReadOnlyCollection<AuditRecord> Records => _records.ToArray();

    /// <inheritdoc />
    public void Write(AuditRecord record) => _records.Enqueue(record);
}
