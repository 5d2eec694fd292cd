using System;

namespace ChinaDial.Compliance;

/// <summary>
/// A policy that also learns how every placed call ended: when a policy of an <see cref="OutboundCallEvaluator"/>
/// implements this interface, the evaluator calls it on every completed ticket (e.g. the caller-ID health monitor).
/// Called on the thread that completes the ticket; must be fast and must not throw.
/// </summary>
public interface ICallOutcomeObserver
{
    /// <summary>The call of <paramref name="context"/> was placed and ended with <paramref name="outcome"/> at <paramref name="completedAt"/>.</summary>
    void OnCompleted(CallContext context, CallOutcome outcome, DateTimeOffset completedAt);
}
