using ChinaDial.Compliance.Tests.RateLimiting;

namespace ChinaDial.Compliance.Tests.Concurrency;

public class ConcurrencyPolicyTests
{
    private static (OutboundCallEvaluator Evaluator, Microsoft.Extensions.Time.Testing.FakeTimeProvider Time) TwoInProgress()
        => PolicyHarness.Evaluator(new ConcurrencyPolicy(new ConcurrencyOptions { MaxCallsInProgress = 2 }));

    [Fact]
    public void A_third_call_in_progress_is_deferred_with_concurrency_limited_until_the_earliest_ticket_expiry()
    {
        var (evaluator, time) = TwoInProgress();
        var first = evaluator.Decide(PolicyHarness.Call());
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(evaluator.Decide(PolicyHarness.Call()).IsAllowed);

        var third = evaluator.Decide(PolicyHarness.Call());
        Assert.Equal(CallVerdict.Defer, third.Verdict);
        Assert.Equal(ReasonCodeSet.Of(ReasonCode.ConcurrencyLimited), third.Reasons);
        Assert.Equal(first.Ticket!.ExpiresAt, third.NotBefore);
    }

    [Fact]
    public void Completing_a_ticket_frees_its_slot()
    {
        var (evaluator, _) = TwoInProgress();
        var first = evaluator.Decide(PolicyHarness.Call());
        Assert.True(evaluator.Decide(PolicyHarness.Call()).IsAllowed);
        Assert.True(first.Ticket!.Complete(new CallOutcome(true, TimeSpan.FromSeconds(40))));
        Assert.True(evaluator.Decide(PolicyHarness.Call()).IsAllowed);
        Assert.Equal(CallVerdict.Defer, evaluator.Decide(PolicyHarness.Call()).Verdict);
    }

    [Fact]
    public void Cancelling_a_ticket_frees_its_slot()
    {
        var (evaluator, _) = TwoInProgress();
        var first = evaluator.Decide(PolicyHarness.Call());
        Assert.True(evaluator.Decide(PolicyHarness.Call()).IsAllowed);
        Assert.True(first.Ticket!.Cancel());
        Assert.True(evaluator.Decide(PolicyHarness.Call()).IsAllowed);
    }

    [Fact]
    public void A_ticket_never_completed_lapses_at_its_expiry()
    {
        var (evaluator, time) = TwoInProgress();
        var first = evaluator.Decide(PolicyHarness.Call());
        Assert.True(evaluator.Decide(PolicyHarness.Call()).IsAllowed);

        time.SetUtcNow(first.Ticket!.ExpiresAt - TimeSpan.FromTicks(1));
        Assert.Equal(CallVerdict.Defer, evaluator.Decide(PolicyHarness.Call()).Verdict);
        time.SetUtcNow(first.Ticket.ExpiresAt);
        Assert.True(evaluator.Decide(PolicyHarness.Call()).IsAllowed);
    }

    [Fact]
    public void A_call_denied_by_another_policy_takes_no_slot()
    {
        var (evaluator, _) = PolicyHarness.Evaluator(new ConcurrencyPolicy(new ConcurrencyOptions { MaxCallsInProgress = 1 }), new DenyingTestPolicy());
        Assert.Equal(CallVerdict.Deny, evaluator.Decide(PolicyHarness.Call(deny: true)).Verdict);
        Assert.True(evaluator.Decide(PolicyHarness.Call()).IsAllowed);
    }
}
