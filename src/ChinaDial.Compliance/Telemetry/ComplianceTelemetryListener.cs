namespace ChinaDial.Compliance;

/// <summary>
/// Receives every decision of an evaluator and what became of each allowed call's ticket, on the evaluating (or
/// completing) thread, modelled on Polly's <c>TelemetryListener</c>. The evaluator builds nothing for a listener but
/// the <see cref="DecisionEvent"/> struct: check whether anyone wants the event (a logger's level, a sampling rate)
/// before deriving anything from it.
/// </summary>
/// <remarks>A listener that throws on a decision denies the call with <see cref="ReasonCode.PolicyError"/> (fail
/// closed, as an audit sink); on a ticket's outcome the failure is counted and ignored. The SDK's own meter and
/// activity source, the audit trail and <c>AddChinaDialCompliance</c>'s logging are listeners too.</remarks>
public abstract class ComplianceTelemetryListener
{
    /// <summary>Reports <paramref name="decisionEvent"/>. Do not block: buffer, or hand off.</summary>
    public abstract void Write(in DecisionEvent decisionEvent);
}
