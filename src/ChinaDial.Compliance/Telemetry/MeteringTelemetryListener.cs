namespace ChinaDial.Compliance;

/// <summary>The evaluator's meter and activity reporting as a listener: counters by verdict and reason (each checked
/// for a listener first), and the tags and end of the call's activity, if one was started. Allocates nothing when no
/// meter listener and no activity listener is attached.</summary>
internal sealed class MeteringTelemetryListener : ComplianceTelemetryListener
{
    public static readonly MeteringTelemetryListener Instance = new();

    private MeteringTelemetryListener()
    {
    }

    public override void Write(in DecisionEvent decisionEvent)
    {
        if (decisionEvent.Kind != AuditEvent.Decision)
        {
            return;
        }

        EvaluatorTelemetry.Record(decisionEvent.Verdict, decisionEvent.Reasons, decisionEvent.ObservedReasons);
        if (decisionEvent.Activity is { } activity)
        {
            activity.SetTag("chinadial.verdict", decisionEvent.Verdict.ToString());
            activity.SetTag("chinadial.reasons", decisionEvent.Reasons.ToString());
            activity.Dispose();
        }
    }
}
