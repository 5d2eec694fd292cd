using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.Issues;

/// <summary>
/// Issue 15, "No way around a rule": the reported ways a caller-supplied <see cref="OutboundCall.RequestedAt"/> walked
/// around the limits, calling hours and the quarantine, and the instants that threw instead of deciding. Each test
/// failed on main before the fix.
/// </summary>
public class Issue15TimeTests
{
    private const string CallerA = TestNumbers.UsCallerId;
    private const string CallerB = TestNumbers.UsCallerId2;

    /// <summary>Monday 23 November 2026, 10:00 in Shanghai.</summary>
    private static readonly DateTimeOffset TenAm = new(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task A_future_requested_instant_on_another_caller_ID_does_not_wipe_a_caller_IDs_rate_limit()
    {
        var (evaluator, _) = Build(TenAm);
        await PlaceAsync(evaluator, CallerA, 0, 5, complete: true);
        Assert.Equal([ReasonCode.CallerIdRateLimited], (await evaluator.EvaluateAsync(Call(CallerA, 5))).Reasons.ToArray());

        await evaluator.EvaluateAsync(Call(CallerB, 50) with { RequestedAt = TenAm.AddMinutes(3) });
        await LetIdleStateSweepsRunAsync();

        var allowed = await PlaceAsync(evaluator, CallerA, 6, 5, complete: true);
        Assert.Equal(0, allowed);
    }

    [Fact]
    public async Task A_future_requested_instant_on_another_caller_ID_does_not_wipe_a_caller_IDs_calls_in_progress()
    {
        var (evaluator, _) = Build(TenAm, o =>
        {
            o.CallerIdRate.Enabled = false;
            o.DestinationFrequency.Enabled = false;
        });
        await PlaceAsync(evaluator, CallerA, 0, 5, complete: false);
        Assert.Equal([ReasonCode.ConcurrencyLimited], (await evaluator.EvaluateAsync(Call(CallerA, 5))).Reasons.ToArray());

        await evaluator.EvaluateAsync(Call(CallerB, 50) with { RequestedAt = TenAm.AddHours(2.5) });
        await LetIdleStateSweepsRunAsync();

        Assert.Equal(0, await PlaceAsync(evaluator, CallerA, 6, 5, complete: false));
    }

    [Fact]
    public async Task A_future_requested_instant_for_another_callee_does_not_wipe_a_callees_daily_cap()
    {
        var (evaluator, _) = Build(TenAm, o =>
        {
            o.CallerIdRate.Enabled = false;
            o.Concurrency.Enabled = false;
        });
        Assert.True((await evaluator.EvaluateAsync(Call(CallerA, 0))).IsAllowed);
        Assert.True((await evaluator.EvaluateAsync(Call(CallerA, 0))).IsAllowed);
        Assert.True((await evaluator.EvaluateAsync(Call(CallerB, 0))).IsAllowed);
        Assert.Equal([ReasonCode.DestinationFrequencyExceeded], (await evaluator.EvaluateAsync(Call(CallerB, 0))).Reasons.ToArray());

        await evaluator.EvaluateAsync(Call(CallerA, 1) with { RequestedAt = TenAm.AddDays(3) });
        await LetIdleStateSweepsRunAsync();

        Assert.False((await evaluator.EvaluateAsync(Call(CallerB, 0))).IsAllowed);
    }

    [Fact]
    public async Task A_call_requested_for_a_later_instant_at_three_in_the_morning_is_not_placeable_before_that_instant()
    {
        var threeAm = new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.FromHours(8));
        var (evaluator, _) = Build(threeAm);

        var decision = await evaluator.EvaluateAsync(Call(CallerA, 0) with { RequestedAt = threeAm.AddHours(7) });

        Assert.Equal(CallVerdict.Defer, decision.Verdict);
        Assert.Equal([ReasonCode.NotYetDue], decision.Reasons.ToArray());
        Assert.Equal(threeAm.AddHours(7), decision.NotBefore);
        Assert.Null(decision.Ticket);
    }

    [Fact]
    public async Task Staggered_requested_instants_on_one_caller_ID_get_no_allow_while_the_clock_stands_still()
    {
        var (evaluator, _) = Build(TenAm);
        var allowed = 0;
        for (var i = 1; i <= 25; i++)
        {
            var decision = await evaluator.EvaluateAsync(Call(CallerA, i) with { RequestedAt = TenAm.AddSeconds(61 * i) });
            allowed += decision.IsAllowed ? 1 : 0;
            decision.Ticket?.Complete(new CallOutcome(true, TimeSpan.FromSeconds(90)));
        }

        Assert.Equal(0, allowed);
    }

    [Fact]
    public async Task Checks_for_next_week_do_not_lock_a_caller_ID_out_now()
    {
        var (evaluator, _) = Build(TenAm);
        for (var i = 0; i < 5; i++)
        {
            await evaluator.EvaluateAsync(Call(CallerA, i) with { RequestedAt = TenAm.AddDays(7) });
        }

        var now = await evaluator.EvaluateAsync(Call(CallerA, 10));

        Assert.True(now.IsAllowed, now.ToString());
    }

    [Theory]
    [InlineData("9999-12-31T22:00:00+00:00")]
    [InlineData("9999-12-31T23:59:59.9999999+00:00")]
    [InlineData("2026-12-01T10:00:01+08:00")]
    public async Task A_requested_instant_beyond_the_scheduling_horizon_is_denied_with_a_reason_instead_of_throwing(string requested)
    {
        var (evaluator, _) = Build(TenAm);

        var decision = await evaluator.EvaluateAsync(Call(CallerA, 0) with { RequestedAt = DateTimeOffset.Parse(requested, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(CallVerdict.Deny, decision.Verdict);
        Assert.Equal([ReasonCode.RequestedTimeOutOfRange], decision.Reasons.ToArray());
    }

    [Fact]
    public void A_ticket_lifetime_of_three_million_days_is_refused_by_validation_instead_of_failing_every_evaluation()
    {
        var options = Options();
        options.Evaluator.TicketLifetime = TimeSpan.FromDays(3_000_000);

        var error = Assert.Throws<ChinaDialComplianceOptionsException>(() => options.CreateEvaluator(new FakeTimeProvider(TenAm)));
        Assert.Contains("ChinaDialCompliance:Evaluator:TicketLifetime", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00+00:00")]
    [InlineData("9999-12-31T12:00:00+00:00")]
    [InlineData("9999-12-31T23:59:59.9999999+00:00")]
    public async Task A_clock_at_the_ends_of_time_gives_decisions_and_tickets_instead_of_exceptions(string now)
    {
        var (evaluator, clock) = Build(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        for (var i = 0; i < 8; i++)
        {
            var decision = await evaluator.EvaluateAsync(Call(i % 2 == 0 ? CallerA : CallerB, i % 3) with { RequestedAt = i % 4 == 0 ? DateTimeOffset.MaxValue : null });
            Assert.True(decision.NotBefore is null || decision.NotBefore >= clock.GetUtcNow());
            decision.Ticket?.Complete(new CallOutcome(i % 2 == 0, TimeSpan.FromSeconds(30)));
        }
    }

    [Fact]
    public async Task A_preview_after_the_cool_down_does_not_end_a_quarantine_now()
    {
        var monitor = Quarantined(CallerA, TenAm);
        var clock = new FakeTimeProvider(TenAm);
        var evaluator = Options().CreateEvaluator(clock, healthMonitor: monitor);
        Assert.True(monitor.IsQuarantined(PhoneNumberClassifier.Classify(CallerA), TenAm, out var until));

        var preview = await evaluator.EvaluateAsync(Call(CallerA, 0) with { RequestedAt = until.AddMinutes(1) });
        var now = await evaluator.EvaluateAsync(Call(CallerA, 1));

        Assert.Equal([ReasonCode.NotYetDue], preview.Reasons.ToArray());
        Assert.Equal([ReasonCode.CallerIdQuarantined], now.Reasons.ToArray());
    }

    [Fact]
    public void Asking_whether_a_caller_ID_is_quarantined_at_a_later_instant_does_not_end_its_quarantine_now()
    {
        var monitor = Quarantined(CallerA, TenAm);
        var callerId = PhoneNumberClassifier.Classify(CallerA);
        Assert.True(monitor.IsQuarantined(callerId, TenAm, out var until));

        Assert.False(monitor.IsQuarantined(callerId, until, out _));

        Assert.True(monitor.IsQuarantined(callerId, TenAm.AddMinutes(1), out _));
    }

    /// <summary>The tables evict idle keys on the thread pool; give a sweep queued by the last decision time to run.</summary>
    private static async Task LetIdleStateSweepsRunAsync()
    {
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(10);
        }
    }

    private static CallerIdHealthMonitor Quarantined(string callerId, DateTimeOffset at)
    {
        var monitor = new CallerIdHealthMonitor(new CallerIdHealthOptions());
        var caller = PhoneNumberClassifier.Classify(callerId);
        for (var i = 0; i < 60; i++) // unanswered, past CallerIdHealth:MinimumCalls (50) within its hour
        {
            monitor.RecordOutcome(caller, PhoneNumberClassifier.Classify(Callee(i)), new CallOutcome(false, TimeSpan.Zero), at.AddSeconds(-59 * 60 + (i * 59)));
        }

        return monitor;
    }

    /// <summary>Places <paramref name="count"/> calls from <paramref name="callerId"/> to distinct callees now; returns how many were allowed.</summary>
    private static async Task<int> PlaceAsync(OutboundCallEvaluator evaluator, string callerId, int firstCallee, int count, bool complete)
    {
        var allowed = 0;
        for (var i = 0; i < count; i++)
        {
            var decision = await evaluator.EvaluateAsync(Call(callerId, firstCallee + i));
            if (decision.IsAllowed)
            {
                allowed++;
                if (complete)
                {
                    decision.Ticket!.Complete(new CallOutcome(true, TimeSpan.FromSeconds(90)));
                }
            }
        }

        return allowed;
    }

    private static OutboundCall Call(string callerId, int callee) => new(callerId, Callee(callee), CallPurpose.Service);

    private static string Callee(int i) => $"+86138{i:D8}";

    private static ChinaDialComplianceOptions Options()
    {
        var options = new ChinaDialComplianceOptions();
        options.CallerIds.Approved = [CallerA, CallerB];
        return options;
    }

    private static (OutboundCallEvaluator Evaluator, FakeTimeProvider Clock) Build(DateTimeOffset now, Action<ChinaDialComplianceOptions>? configure = null)
    {
        var options = Options();
        configure?.Invoke(options);
        var clock = new FakeTimeProvider(now);
        return (options.CreateEvaluator(clock), clock);
    }
}
