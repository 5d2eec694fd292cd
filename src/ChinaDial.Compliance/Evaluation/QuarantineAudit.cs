using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>
/// Writes the audit record of every quarantine the health monitor decides, with the signal, its figures and the end of
/// the cool-down. Subscribed to <see cref="CallerIdHealthMonitor.HealthChanged"/> by
/// <see cref="OutboundCallEvaluatorFactory"/> for as long as the evaluator it was built for lives.
/// </summary>
internal sealed class QuarantineAudit(AuditTrail audit, CallerIdHealthOptions health)
{
    /// <summary>Handles <see cref="CallerIdHealthMonitor.HealthChanged"/>.</summary>
    public void OnHealthChanged(object? sender, CallerIdHealthChange change)
    {
        if (change.State != CallerIdHealthState.Quarantined)
        {
            return;
        }

        var thresholds = change.Signal switch
        {
            CallerIdHealthSignal.AnswerRate => health.AnswerRate,
            CallerIdHealthSignal.ShortCallRatio => health.ShortCallRatio,
            CallerIdHealthSignal.DistinctCalleesPerHour => health.DistinctCalleesPerHour,
            CallerIdHealthSignal.VolumeToFleetAverage => health.VolumeToFleetAverage,
            CallerIdHealthSignal.RepeatedCallRatio => health.RepeatedCallRatio,
            CallerIdHealthSignal.VeryShortCallRatio => health.VeryShortCallRatio,
            CallerIdHealthSignal.AnswerRateToFleet => health.AnswerRateToFleet,
            _ => null,
        };
        try
        {
            audit.Sink.Write(audit.QuarantineRecord(change, thresholds, Instants.Add(change.At, health.QuarantineCoolDown)));
        }
#pragma warning disable CA1031 // The quarantine stands whether or not its record could be written; the failure is counted.
        catch (Exception)
#pragma warning restore CA1031
        {
            EvaluatorTelemetry.PolicyErrors.Add(1, new KeyValuePair<string, object?>("policy", "audit"));
        }
    }
}
