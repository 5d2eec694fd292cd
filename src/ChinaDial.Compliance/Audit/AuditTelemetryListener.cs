namespace ChinaDial.Compliance;

/// <summary>The audit trail as a listener: the only place an <see cref="AuditRecord"/> of a call is built (masks and
/// keyed hashes included), so an evaluator without a sink builds none.</summary>
internal sealed class AuditTelemetryListener(AuditTrail trail) : ComplianceTelemetryListener
{
    public override void Write(in DecisionEvent decisionEvent)
        => trail.Sink.Write(trail.Record(decisionEvent.Context, decisionEvent.Kind, decisionEvent.At, decisionEvent.Verdict, decisionEvent.Reasons, decisionEvent.ObservedReasons, decisionEvent.NotBefore, decisionEvent.ObservingPolicies, decisionEvent.Outcome, decisionEvent.Consent));
}
