using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.Evaluation;

public class OutboundCallEvaluatorTests
{
    private static readonly OutboundCall Call = new("+12065550100", "+8613800138000", CallPurpose.Service);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));

    private static ScriptedPolicy Allowing(string name) => new(name, _ => PolicyResult.Allow());

    private static ScriptedPolicy Denying(string name, ReasonCode reason) => new(name, _ => PolicyResult.Deny(reason));

    private static ScriptedPolicy Deferring(string name, TimeSpan by) => new(name, c => PolicyResult.Defer(ReasonCode.OutsideCallingHours, c.Instant + by));

    private OutboundCallEvaluator Evaluator(params IOutboundCallPolicy[] policies) => new(policies, timeProvider: _clock);

    [Fact]
    public async Task A_call_every_policy_allows_is_allowed_with_a_pending_ticket()
    {
        var decision = await Evaluator(Allowing("a"), Allowing("b")).EvaluateAsync(Call);

        Assert.Equal(CallVerdict.Allow, decision.Verdict);
        Assert.True(decision.Reasons.IsEmpty);
        Assert.Null(decision.NotBefore);
        Assert.NotNull(decision.Ticket);
        Assert.Equal(decision.Id, decision.Ticket.Id);
        Assert.Equal(CallTicketState.Pending, decision.Ticket.State);
    }

    [Fact]
    public async Task Every_objecting_policy_s_reasons_are_reported_not_only_the_first()
    {
        var decision = await Evaluator(
            Denying("a", ReasonCode.CallerIdNotApproved),
            Allowing("b"),
            Denying("c", ReasonCode.NoConsent),
            Deferring("d", TimeSpan.FromHours(1))).EvaluateAsync(Call);

        Assert.Equal(
            [ReasonCode.CallerIdNotApproved, ReasonCode.NoConsent, ReasonCode.OutsideCallingHours],
            decision.Reasons.ToArray());
    }

    [Fact]
    public async Task Deny_beats_defer_and_carries_no_retry_instant()
    {
        var decision = await Evaluator(Deferring("a", TimeSpan.FromHours(1)), Denying("b", ReasonCode.OptedOut)).EvaluateAsync(Call);

        Assert.Equal(CallVerdict.Deny, decision.Verdict);
        Assert.Null(decision.NotBefore);
        Assert.Null(decision.Ticket);
    }

    [Fact]
    public async Task A_deferral_retries_at_the_latest_of_the_deferring_policies_instants()
    {
        var decision = await Evaluator(Deferring("a", TimeSpan.FromMinutes(5)), Deferring("b", TimeSpan.FromHours(3)), Deferring("c", TimeSpan.FromSeconds(1))).EvaluateAsync(Call);

        Assert.Equal(CallVerdict.Defer, decision.Verdict);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromHours(3), decision.NotBefore);
        Assert.Null(decision.Ticket);
    }

    [Fact]
    public async Task A_throwing_policy_denies_the_call_with_policy_error_instead_of_throwing()
    {
        var decision = await Evaluator(Allowing("a"), new ThrowingPolicy("broken")).EvaluateAsync(Call);

        Assert.Equal(CallVerdict.Deny, decision.Verdict);
        Assert.Equal([ReasonCode.PolicyError], decision.Reasons.ToArray());
    }

    [Fact]
    public async Task A_policy_that_does_not_answer_within_the_timeout_denies_with_policy_error()
    {
        var hanging = new HangingPolicy("slow-store");
        var quota = new CountingQuotaPolicy("quota", 5);
        var evaluator = new OutboundCallEvaluator([quota, hanging], new OutboundCallEvaluatorOptions { PolicyTimeout = TimeSpan.FromMilliseconds(50) }, _clock);

        var pending = evaluator.EvaluateAsync(Call).AsTask();
        Assert.False(pending.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(51));
        var decision = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(CallVerdict.Deny, decision.Verdict);
        Assert.Equal([ReasonCode.PolicyError], decision.Reasons.ToArray());
        Assert.Equal(0, quota.InUse);
    }

    [Fact]
    public async Task An_asynchronous_policy_that_answers_in_time_is_awaited_and_the_remaining_policies_still_run()
    {
        var hanging = new HangingPolicy("remote");
        var after = Denying("after", ReasonCode.NoConsent);
        var evaluator = Evaluator(Allowing("before"), hanging, after);

        var pending = evaluator.EvaluateAsync(Call).AsTask();
        hanging.Answer.SetResult(PolicyResult.Deny(ReasonCode.OptedOut));
        var decision = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([ReasonCode.NoConsent, ReasonCode.OptedOut], decision.Reasons.ToArray());
        Assert.Equal(1, after.Evaluations);
    }

    [Fact]
    public async Task An_observing_policy_reports_its_objection_without_blocking()
    {
        var evaluator = new OutboundCallEvaluator(
            [Allowing("a"), Denying("new-rule", ReasonCode.NoConsent), new ThrowingPolicy("flaky")],
            new OutboundCallEvaluatorOptions { PolicyModes = { ["new-rule"] = PolicyMode.Observe, ["flaky"] = PolicyMode.Observe } },
            _clock);

        var decision = await evaluator.EvaluateAsync(Call);

        Assert.Equal(CallVerdict.Allow, decision.Verdict);
        Assert.True(decision.Reasons.IsEmpty);
        Assert.Equal([ReasonCode.NoConsent, ReasonCode.PolicyError], decision.ObservedReasons.ToArray());
        Assert.Equal(PolicyMode.Observe, evaluator.GetMode(evaluator.Policies[1]));
    }

    [Fact]
    public async Task A_call_denied_by_one_policy_releases_the_reservations_of_the_others()
    {
        var first = new CountingQuotaPolicy("rate", 5);
        var second = new CountingQuotaPolicy("concurrency", 5);
        // Issue 20: a policy that reserves nothing refuses before any reservation is made (see TwoPhaseEvaluationTests),
        // so the refusal that makes the others give back comes from the reserving phase, after both reserved.
        var evaluator = Evaluator(first, second, new ScriptedReservingPolicy("consent", _ => PolicyResult.Deny(ReasonCode.NoConsent)));

        var decision = await evaluator.EvaluateAsync(Call);

        Assert.Equal(CallVerdict.Deny, decision.Verdict);
        Assert.Equal((1, 0, 1), (first.Reserved, first.Committed, first.Released));
        Assert.Equal((1, 0, 1), (second.Reserved, second.Committed, second.Released));
    }

    [Fact]
    public async Task A_deferred_call_consumes_no_quota_so_denied_calls_never_exhaust_it()
    {
        var quota = new CountingQuotaPolicy("rate", 1);
        var evaluator = Evaluator(quota, Deferring("hours", TimeSpan.FromHours(1)));

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(CallVerdict.Defer, (await evaluator.EvaluateAsync(Call)).Verdict);
        }

        Assert.Equal(0, quota.InUse);
    }

    [Fact]
    public async Task An_allowed_call_commits_its_reservations_and_completing_the_ticket_reports_the_outcome()
    {
        var quota = new CountingQuotaPolicy("rate", 5);
        var decision = await Evaluator(quota).EvaluateAsync(Call);

        Assert.Equal((1, 1, 0), (quota.Reserved, quota.Committed, quota.Released));
        Assert.True(decision.Ticket!.Complete(new CallOutcome(true, TimeSpan.FromSeconds(90))));
        Assert.False(decision.Ticket.Complete(new CallOutcome(true, TimeSpan.FromSeconds(90))));
        Assert.False(decision.Ticket.Cancel());
        Assert.Equal(1, quota.Completed);
        Assert.Equal(CallTicketState.Completed, decision.Ticket.State);
    }

    [Fact]
    public async Task Cancelling_a_ticket_gives_the_quota_back()
    {
        var quota = new CountingQuotaPolicy("rate", 1);
        var evaluator = Evaluator(quota);

        var first = await evaluator.EvaluateAsync(Call);
        Assert.Equal(CallVerdict.Defer, (await evaluator.EvaluateAsync(Call)).Verdict);
        Assert.True(first.Ticket!.Cancel());

        Assert.Equal(CallTicketState.Cancelled, first.Ticket.State);
        Assert.Equal(CallVerdict.Allow, (await evaluator.EvaluateAsync(Call)).Verdict);
    }

    [Fact]
    public async Task A_ticket_neither_completed_nor_cancelled_expires_and_then_cannot_be_completed()
    {
        var quota = new CountingQuotaPolicy("rate", 5);
        var evaluator = new OutboundCallEvaluator([quota], new OutboundCallEvaluatorOptions { TicketLifetime = TimeSpan.FromMinutes(30) }, _clock);
        var ticket = (await evaluator.EvaluateAsync(Call)).Ticket!;

        _clock.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal(CallTicketState.Expired, ticket.State);
        Assert.False(ticket.Complete(new CallOutcome(false, TimeSpan.Zero, CallEndReason.NoAnswer)));
        Assert.Equal(0, quota.Completed);
    }

    [Fact]
    public async Task A_failing_commit_denies_the_call_with_policy_error_and_releases_everything()
    {
        var healthy = new CountingQuotaPolicy("healthy", 5);
        var failing = new CountingQuotaPolicy("failing", 5) { ThrowOnCommit = true };

        var decision = await Evaluator(healthy, failing).EvaluateAsync(Call);

        Assert.Equal(CallVerdict.Deny, decision.Verdict);
        Assert.Equal([ReasonCode.PolicyError], decision.Reasons.ToArray());
        Assert.Equal(0, healthy.InUse);
        Assert.Equal(0, failing.InUse);
    }

    [Fact]
    public async Task Cancelling_the_dialers_token_releases_reservations_and_throws_operation_cancelled()
    {
        var quota = new CountingQuotaPolicy("rate", 5);
        var hanging = new HangingPolicy("remote");
        using var cancellation = new CancellationTokenSource();
        var pending = Evaluator(quota, hanging).EvaluateAsync(Call, cancellation.Token).AsTask();

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.Equal(0, quota.InUse);
    }

    [Fact]
    public async Task Policies_see_both_numbers_parsed_once_and_the_instant_of_the_requested_time_when_it_is_later()
    {
        CallContext? seen = null;
        var later = _clock.GetUtcNow().AddHours(2);
        await Evaluator(new ScriptedPolicy("spy", c => { seen = c; return PolicyResult.Allow(); }))
            .EvaluateAsync(Call with { RequestedAt = later });

        Assert.NotNull(seen);
        Assert.Equal(86, seen.Destination.CountryCode);
        Assert.Equal(1, seen.CallerId.CountryCode);
        Assert.Equal(later, seen.Instant);
    }

    [Fact]
    public void Two_policies_with_the_same_name_are_rejected_at_construction()
        => Assert.Throws<ArgumentException>(() => Evaluator(Allowing("same"), Allowing("SAME")));

    [Fact]
    public void Invalid_evaluator_options_are_rejected_with_every_problem_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new OutboundCallEvaluator([], new OutboundCallEvaluatorOptions { PolicyTimeout = TimeSpan.Zero, TicketLifetime = TimeSpan.FromSeconds(-1) }));
        Assert.Contains("PolicyTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("TicketLifetime", error.Message, StringComparison.Ordinal);
    }
}
