using Microsoft.Extensions.Logging;

namespace ChinaDial.Compliance.Telemetry;

/// <summary>
/// Logs every decision through <see cref="ILogger"/> (allowed calls at Debug, refusals at Information, fail-closed
/// denials at Warning) and every ticket's end at Debug. The level is checked first: a disabled level costs no masked
/// number, no hash and no string. Numbers appear masked and as their keyed hash, never raw. Registered by
/// <c>AddChinaDialCompliance</c> when the container has an <see cref="ILoggerFactory"/>.
/// </summary>
internal sealed class LoggingTelemetryListener(ILogger logger, NumberPseudonymizer pseudonymizer) : ComplianceTelemetryListener
{
    public override void Write(in DecisionEvent decisionEvent)
    {
        var context = decisionEvent.Context;
        if (decisionEvent.Kind != AuditEvent.Decision)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                var outcome = decisionEvent.Outcome;
                Log.TicketEnded(logger, context.TicketId, decisionEvent.Kind == AuditEvent.Outcome ? "outcome" : "cancelled", outcome?.Answered, outcome?.Duration.TotalSeconds);
            }
        }
        else if (decisionEvent.Verdict == CallVerdict.Allow)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                Log.CallAllowed(logger, context.TicketId, context.CallerId.ToMaskedString(), context.Destination.ToMaskedString(), pseudonymizer.Hash(context.Destination), context.Purpose, context.Call.CampaignId);
            }
        }
        else if (decisionEvent.Reasons.Contains(ReasonCode.PolicyError))
        {
            if (logger.IsEnabled(LogLevel.Warning))
            {
                Log.PolicyFailed(logger, context.TicketId, decisionEvent.Reasons.ToString(), context.Destination.ToMaskedString(), pseudonymizer.Hash(context.Destination));
            }
        }
        else if (logger.IsEnabled(LogLevel.Information))
        {
            Log.CallRefused(logger, context.TicketId, decisionEvent.Verdict == CallVerdict.Defer ? "deferred" : "denied", decisionEvent.Reasons.ToString(), context.CallerId.ToMaskedString(), context.Destination.ToMaskedString(), pseudonymizer.Hash(context.Destination), context.Purpose, context.Call.CampaignId, decisionEvent.NotBefore);
        }
    }
}
