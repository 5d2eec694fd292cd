using System.Threading.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Extensions.Tests.RateLimiting;

public class RateLimitingBridgeTests
{
    [Fact]
    public void The_partitioned_limiter_admits_Limit_calls_per_caller_ID_and_then_says_when_to_retry()
    {
        var time = new FakeTimeProvider(PolicyHarness.Start);
        using var limiter = new CallerIdPartitionedRateLimiter(new CallerIdRateOptions { Limit = 2 }, time);
        Assert.True(limiter.AttemptAcquire(PolicyHarness.Call()).IsAcquired);
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(limiter.AttemptAcquire(PolicyHarness.Call()).IsAcquired);
        Assert.True(limiter.AttemptAcquire(PolicyHarness.Call("+12065550101")).IsAcquired);

        using var refused = limiter.AttemptAcquire(PolicyHarness.Call());
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(40), retryAfter);
        Assert.False(limiter.AttemptAcquire(PolicyHarness.Call(), 0).IsAcquired);

        time.Advance(TimeSpan.FromSeconds(40));
        Assert.True(limiter.AttemptAcquire(PolicyHarness.Call(), 0).IsAcquired);
        Assert.True(limiter.AttemptAcquire(PolicyHarness.Call()).IsAcquired);
    }

    [Fact]
    public void A_call_requested_for_later_reserves_nothing_and_is_told_to_come_back_then()
    {
        var time = new FakeTimeProvider(PolicyHarness.Start);
        using var limiter = new CallerIdPartitionedRateLimiter(new CallerIdRateOptions { Limit = 1 }, time);

        for (var i = 1; i <= 5; i++)
        {
            using var later = limiter.AttemptAcquire(PolicyHarness.Call() with { RequestedAt = PolicyHarness.Start.AddMinutes(i) });
            Assert.False(later.IsAcquired);
            Assert.True(later.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
            Assert.Equal(TimeSpan.FromMinutes(i), retryAfter);
        }

        Assert.True(limiter.AttemptAcquire(PolicyHarness.Call()).IsAcquired);
    }

    [Fact]
    public void An_unparseable_caller_ID_gets_a_refused_lease()
    {
        using var limiter = new CallerIdPartitionedRateLimiter(new CallerIdRateOptions());
        Assert.False(limiter.AttemptAcquire(PolicyHarness.Call("not a number")).IsAcquired);
    }

    [Fact]
    public void A_BCL_concurrency_limiter_as_a_policy_holds_its_permit_until_the_ticket_completes()
    {
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 });
        var (evaluator, _) = PolicyHarness.Evaluator(new RateLimiterCallPolicy("bcl-concurrency", limiter, ReasonCode.ConcurrencyLimited, null));
        var first = evaluator.Decide(PolicyHarness.Call());
        Assert.True(first.IsAllowed);
        var second = evaluator.Decide(PolicyHarness.Call());
        Assert.Equal(CallVerdict.Deny, second.Verdict);
        Assert.Equal(ReasonCodeSet.Of(ReasonCode.ConcurrencyLimited), second.Reasons);

        Assert.True(first.Ticket!.Complete(new CallOutcome(true, TimeSpan.FromSeconds(5))));
        Assert.True(evaluator.Decide(PolicyHarness.Call()).IsAllowed);
    }

    [Fact]
    public void A_lease_held_by_a_ticket_never_completed_is_returned_at_the_ticket_expiry()
    {
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 });
        var time = new FakeTimeProvider(PolicyHarness.Start);
        var evaluator = new OutboundCallEvaluator([new RateLimiterCallPolicy("bcl-concurrency", limiter, ReasonCode.ConcurrencyLimited, time)], null, time);
        var first = evaluator.Decide(PolicyHarness.Call());
        Assert.True(first.IsAllowed);
        Assert.Equal(CallVerdict.Deny, evaluator.Decide(PolicyHarness.Call()).Verdict);

        time.SetUtcNow(first.Ticket!.ExpiresAt);
        Assert.True(evaluator.Decide(PolicyHarness.Call()).IsAllowed);
    }

    [Fact]
    public void Our_partitioned_limiter_plugged_back_in_as_a_policy_defers_with_its_retry_after()
    {
        var time = new FakeTimeProvider(PolicyHarness.Start);
        using var limiter = new CallerIdPartitionedRateLimiter(new CallerIdRateOptions { Limit = 1 }, time);
        var evaluator = new OutboundCallEvaluator([new RateLimiterCallPolicy("bridge", limiter, ReasonCode.CallerIdRateLimited, time)], null, time);
        Assert.True(evaluator.Decide(PolicyHarness.Call()).IsAllowed);
        var deferred = evaluator.Decide(PolicyHarness.Call());
        Assert.Equal(CallVerdict.Defer, deferred.Verdict);
        Assert.Equal(PolicyHarness.Start + TimeSpan.FromMinutes(1), deferred.NotBefore);
    }
}
