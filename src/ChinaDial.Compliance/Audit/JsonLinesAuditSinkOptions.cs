using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>When a <see cref="JsonLinesAuditSink"/> hands its buffered records to the operating system. Whichever
/// comes first: <see cref="FlushCount"/> records waiting, or the oldest waiting record <see cref="FlushInterval"/>
/// old. <see cref="JsonLinesAuditSink.FlushAsync"/> and disposal flush at once.</summary>
public sealed class JsonLinesAuditSinkOptions
{
    /// <summary>Records waiting that trigger a flush. Default 256; bounds 1 (every record, as before buffering) to
    /// 1,000,000.</summary>
    public int FlushCount { get; set; } = 256;

    /// <summary>The longest a record waits in memory before it is flushed. Default 1 s; bounds 1 ms to 1 h.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Adds every problem of these options to <paramref name="errors"/>, each prefixed with <paramref name="path"/>.</summary>
    internal void Validate(ICollection<string> errors, string path)
    {
        if (FlushCount is < 1 or > 1_000_000)
        {
            errors.Add($"{path}:FlushCount must be between 1 and 1000000; it is {FlushCount}.");
        }

        if (FlushInterval < TimeSpan.FromMilliseconds(1) || FlushInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"{path}:FlushInterval must be between 00:00:00.001 and 01:00:00; it is {FlushInterval}.");
        }
    }
}
