using System;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>Denies calls from a caller ID the health monitor quarantined (<c>caller_id_quarantined</c>), and feeds
/// the monitor the outcome of every placed call.</summary>
internal sealed class CallerIdQuarantinePolicy(CallerIdHealthMonitor monitor) : IOutboundCallPolicy, ICallOutcomeObserver
{
    public string Name => BuiltInPolicyNames.CallerIdHealth;

    /// <summary>The monitor whose quarantines this policy enforces.</summary>
    internal CallerIdHealthMonitor Monitor => monitor;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        monitor.EndExpiredQuarantine(context.CallerId, context.EvaluatedAt);
        return new(monitor.IsQuarantined(context.CallerId, context.Instant, out _)
            ? PolicyResult.Deny(ReasonCode.CallerIdQuarantined)
            : PolicyResult.Allow());
    }

    public void OnCompleted(CallContext context, CallOutcome outcome, DateTimeOffset completedAt)
    {
        ArgumentNullException.ThrowIfNull(context);
        monitor.RecordOutcome(context.CallerId, context.Destination, outcome, completedAt, context.EvaluatedAt);
    }
}
