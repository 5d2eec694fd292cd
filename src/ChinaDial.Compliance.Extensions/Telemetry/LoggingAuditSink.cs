using System;
using Microsoft.Extensions.Logging;

namespace ChinaDial.Compliance.Telemetry;

/// <summary>
/// Logs every audit record through <see cref="ILogger"/> (allowed calls at Debug, refusals at Information, fail-closed
/// denials at Warning), then hands it to the configured sink, if any. Registered by <c>AddChinaDialCompliance</c>
/// when the container has an <see cref="ILoggerFactory"/>.
/// </summary>
internal sealed class LoggingAuditSink(ILogger logger, IAuditSink? inner) : IAuditSink, IAuditRecordEraser
{
    /// <summary>Erases from the sink it writes to (the log lines themselves are the host's: masked and hashed, kept as
    /// its logging keeps them).</summary>
    public long Forget(string numberHash) => inner is IAuditRecordEraser eraser ? eraser.Forget(numberHash) : 0;

    public void Write(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Event != "decision")
        {
            Log.TicketEnded(logger, record.Id, record.Event, record.Outcome?.Answered, record.Outcome?.Duration.TotalSeconds);
        }
        else if (record.Verdict == CallVerdict.Allow)
        {
            Log.CallAllowed(logger, record.Id, record.CallerIdMasked, record.DestinationMasked, record.DestinationHash, record.Purpose, record.CampaignId);
        }
        else if (record.Reasons.Contains(ReasonCode.PolicyError))
        {
            Log.PolicyFailed(logger, record.Id, record.Reasons.ToString(), record.DestinationMasked, record.DestinationHash);
        }
        else
        {
            Log.CallRefused(logger, record.Id, record.Verdict == CallVerdict.Defer ? "deferred" : "denied", record.Reasons.ToString(), record.CallerIdMasked, record.DestinationMasked, record.DestinationHash, record.Purpose, record.CampaignId, record.NotBefore);
        }

        inner?.Write(record);
    }
}
