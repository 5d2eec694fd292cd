using Microsoft.Extensions.Logging;

namespace ChinaDial.Compliance.Redis;

/// <summary>The Redis adapter's log messages, source-generated. No phone number appears in any of them.</summary>
internal static partial class Log
{
    [LoggerMessage(101, LogLevel.Warning, "Redis {Server} holds shared compliance state but neither persists it (appendonly no) nor has a replica: if it restarts empty, every limit it holds starts again from zero, so up to twice each limit (e.g. 2 x {Limit} calls of one caller ID in {Window}) can be placed in the window around the restart, and the quarantines, calls in progress, consents and opt-outs it holds are lost. Run it with appendonly yes (appendfsync always where opt-outs must never be lost) or give it a replica.")]
    public static partial void NotDurable(ILogger logger, string server, int limit, System.TimeSpan window);

    [LoggerMessage(102, LogLevel.Warning, "Could not tell whether Redis {Server} persists the shared compliance state or has a replica: {Reason}")]
    public static partial void DurabilityUnknown(ILogger logger, string server, string reason);

    [LoggerMessage(103, LogLevel.Information, "Redis {Server} keeps the shared compliance state: appendonly {AppendOnly}, {Replicas} replica(s)")]
    public static partial void Durable(ILogger logger, string server, bool appendOnly, int replicas);
}
