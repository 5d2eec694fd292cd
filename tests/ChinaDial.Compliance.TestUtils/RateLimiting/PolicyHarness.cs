using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.RateLimiting;

/// <summary>Denies calls whose campaign is <c>deny</c>: stands for any other policy that objects.</summary>
internal sealed class DenyingTestPolicy : IOutboundCallPolicy
{
    public string Name => "test-deny";

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
        => new(context.Call.CampaignId == "deny" ? PolicyResult.Deny(ReasonCode.NoConsent) : PolicyResult.Allow());
}

internal static class PolicyHarness
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static (OutboundCallEvaluator Evaluator, FakeTimeProvider Time) Evaluator(params IOutboundCallPolicy[] policies)
    {
        var time = new FakeTimeProvider(Start);
        return (new OutboundCallEvaluator(policies, new OutboundCallEvaluatorOptions(), time), time);
    }

    public static OutboundCall Call(string callerId = "+12065550100", string destination = "+8613800138000", bool deny = false)
        => new(callerId, destination, CallPurpose.Service) { CampaignId = deny ? "deny" : null };

    public static CallDecision Decide(this OutboundCallEvaluator evaluator, OutboundCall call)
    {
        var pending = evaluator.EvaluateAsync(call).AsTask();
        Assert.True(pending.IsCompletedSuccessfully);
        return pending.Result;
    }
}
