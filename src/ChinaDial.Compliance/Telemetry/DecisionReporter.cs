using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>
/// Reports an evaluator's decisions and tickets to its listeners: first the ones that may refuse the call by failing
/// (the caller's listener, then the audit trail), then, with the final decision, the meter and activity source and the
/// duration histogram. With no sink and no listener, reporting a decision builds nothing.
/// </summary>
internal sealed class DecisionReporter
{
    private readonly ComplianceTelemetryListener[] _failClosed;
    private readonly string[] _observing;
    private readonly TimeProvider _timeProvider;

    public DecisionReporter(AuditTrail? audit, ComplianceTelemetryListener? listener, string[] observing, TimeProvider timeProvider)
    {
        var listeners = new List<ComplianceTelemetryListener>(2);
        if (listener is not null)
        {
            listeners.Add(listener);
        }

        if (audit is not null)
        {
            listeners.Add(new AuditTelemetryListener(audit));
        }

        _failClosed = [.. listeners];
        _observing = observing;
        _timeProvider = timeProvider;
    }

    /// <summary>Hands the decision to the listeners that must see it before the call is placed; false when one failed
    /// (the caller then denies the call: no call without its record).</summary>
    public bool TryReport(in EvaluationState state, in CallDecision decision)
    {
        if (_failClosed.Length == 0)
        {
            return true;
        }

        var context = state.Context;
        var decisionEvent = new DecisionEvent(AuditEvent.Decision, context, context.EvaluatedAt, decision.Verdict, decision.Reasons, decision.ObservedReasons, decision.NotBefore, null, _observing, state.Consent);
        try
        {
            foreach (var listener in _failClosed)
            {
                listener.Write(in decisionEvent);
            }

            return true;
        }
        catch (Exception)
        {
            CountFailure();
            return false;
        }
    }

    /// <summary>Reports the final decision to the meter and activity source, and how long evaluating took.</summary>
    public void Completed(in EvaluationState state, in CallDecision decision, long started)
    {
        var context = state.Context;
        var decisionEvent = new DecisionEvent(AuditEvent.Decision, context, context.EvaluatedAt, decision.Verdict, decision.Reasons, decision.ObservedReasons, decision.NotBefore, null, _observing, null, state.Activity);
        MeteringTelemetryListener.Instance.Write(in decisionEvent);
        if (started != 0)
        {
            EvaluatorTelemetry.Duration.Record(_timeProvider.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>Reports what became of an allowed call's ticket (best effort: the call has happened or not already).</summary>
    public void ReportTicket(CallContext context, AuditEvent kind, DateTimeOffset at, CallOutcome? outcome)
    {
        if (_failClosed.Length == 0)
        {
            return;
        }

        var ticketEvent = new DecisionEvent(kind, context, at, CallVerdict.Allow, ReasonCodeSet.Empty, ReasonCodeSet.Empty, null, outcome, _observing);
        foreach (var listener in _failClosed)
        {
            try
            {
                listener.Write(in ticketEvent);
            }
            catch (Exception)
            {
                CountFailure();
            }
        }
    }

    private static void CountFailure() => EvaluatorTelemetry.PolicyErrors.Add(1, new KeyValuePair<string, object?>("policy", "audit"));
}
