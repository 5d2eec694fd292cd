using System;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>Denies calls from a caller ID the health monitor quarantined (<c>caller_id_quarantined</c>).</summary>
internal sealed class CallerIdQuarantinePolicy(CallerIdHealthMonitor monitor) : IOutboundCallPolicy
{
    public string Name => BuiltInPolicyNames.CallerIdHealth;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
        => new(monitor.IsQuarantined(context.CallerId, context.Instant, out _)
            ? PolicyResult.Deny(ReasonCode.CallerIdQuarantined)
            : PolicyResult.Allow());
}
