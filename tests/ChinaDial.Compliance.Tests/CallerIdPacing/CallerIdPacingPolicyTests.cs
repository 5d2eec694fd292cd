using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.CallerIdPacing;

public class CallerIdPacingPolicyTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 1, 10, 0, TimeSpan.Zero); // 09:10 in Shanghai

    /// <summary>Callees whose first 20 fall on 20 different bits of the hour's 512-bit map (no two counted as one).</summary>
    private static string Callee(int i) => $"+86138{i:00000000}";

    /// <summary>An evaluator with every built-in policy but destination frequency and concurrency (which would stop the
    /// repeated calls these tests make first).</summary>
    private static (OutboundCallEvaluator Evaluator, FakeTimeProvider Clock) Create(Action<ChinaDialComplianceOptions>? configure = null, params string[] callerIds)
    {
        var clock = new FakeTimeProvider(Start);
        var options = new ChinaDialComplianceOptions
        {
            CallerIds = { Approved = callerIds.Length > 0 ? callerIds : [TestNumbers.UsCallerId] },
            DestinationFrequency = { Enabled = false },
            Concurrency = { Enabled = false },
            CallerIdRate = { Limit = 255 },
        };
        configure?.Invoke(options);
        return (options.CreateEvaluator(clock), clock);
    }

    private static CallDecision Call(OutboundCallEvaluator evaluator, string callee, string callerId = TestNumbers.UsCallerId)
        => evaluator.EvaluateAsync(new OutboundCall(callerId, callee, CallPurpose.Service)).AsTask().GetAwaiter().GetResult();

    [Fact]
    public void A_new_callee_that_would_take_the_caller_id_to_the_fan_out_warning_waits_for_the_next_hour_while_callees_of_this_hour_may_be_called()
    {
        var (evaluator, clock) = Create(o => o.CallerIdHealth.DistinctCalleesPerHour = new(10, 20));

        var allowed = 0;
        for (var i = 0; i < 20; i++)
        {
            allowed += Call(evaluator, Callee(i)).IsAllowed ? 1 : 0;
        }

        var next = Call(evaluator, Callee(100));
        Assert.Equal(9, allowed); // the estimate from 9 bits set is 9.08, from 10 bits 10.10: the 10th callee would reach 10
        Assert.Equal((CallVerdict.Defer, ReasonCodeSet.Of(ReasonCode.CallerIdPacing), new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero)), (next.Verdict, next.Reasons, next.NotBefore));
        Assert.True(Call(evaluator, Callee(0)).IsAllowed); // already counted this hour

        clock.SetUtcNow(next.NotBefore!.Value);
        Assert.True(Call(evaluator, Callee(100)).IsAllowed);
    }

    [Fact]
    public void A_callee_may_be_called_again_today_by_a_caller_id_it_heard_and_by_another_only_from_the_next_utc_day()
    {
        var (evaluator, clock) = Create(null, TestNumbers.UsCallerId, TestNumbers.UsCallerId2, "+12065550102");
        Assert.True(Call(evaluator, TestNumbers.CnMobile, TestNumbers.UsCallerId).IsAllowed);
        Assert.True(Call(evaluator, TestNumbers.CnMobile, TestNumbers.UsCallerId2).IsAllowed);
        clock.Advance(TimeSpan.FromHours(2));

        var again = Call(evaluator, TestNumbers.CnMobile, TestNumbers.UsCallerId);
        Assert.True(again.IsAllowed, again.ToString());
        var third = Call(evaluator, TestNumbers.CnMobile, "+12065550102");
        Assert.Equal((CallVerdict.Defer, ReasonCodeSet.Of(ReasonCode.CalleeExposureLimited), new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero)), (third.Verdict, third.Reasons, third.NotBefore));

        clock.SetUtcNow(third.NotBefore!.Value.AddHours(1)); // 09:00 in Shanghai: its calling window opens
        Assert.True(Call(evaluator, TestNumbers.CnMobile, "+12065550102").IsAllowed);
    }

    [Fact]
    public void Calling_the_same_callees_again_within_the_hour_waits_for_the_next_hour_once_the_repeats_reach_their_warning_level()
    {
        var (evaluator, _) = Create(o => (o.CallerIdHealth.MinimumCalls, o.CallerIdHealth.RepeatedCallRatio) = (10, new(0.30, 0.50)));

        // 10 callees, then each again: the 10th call is judged, and repeats are allowed while under 30 % of the hour's calls.
        var verdicts = Enumerable.Range(0, 20).Select(i => Call(evaluator, Callee(i % 10))).ToList();

        Assert.All(verdicts.Take(10), d => Assert.True(d.IsAllowed));
        var deferred = verdicts.Skip(10).Where(d => !d.IsAllowed).ToList();
        Assert.Equal(4, verdicts.Skip(10).Count(d => d.IsAllowed)); // 1 - 10.10 / 14 = 28 %; 1 - 10.10 / 15 = 33 %
        Assert.All(deferred, d => Assert.Equal((CallVerdict.Defer, ReasonCodeSet.Of(ReasonCode.CallerIdPacing), new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero)), (d.Verdict, d.Reasons, d.NotBefore)));
    }

    [Fact]
    public void A_caller_id_carrying_the_fleet_waits_until_enough_of_its_calls_have_aged_out_of_the_window()
    {
        var callerIds = new[] { TestNumbers.UsCallerId, TestNumbers.UsCallerId2, "+12065550102" };
        var (evaluator, clock) = Create(o => o.CallerIdHealth.MinimumCalls = 4, callerIds);
        Assert.True(Call(evaluator, Callee(1000), TestNumbers.UsCallerId2).IsAllowed);
        Assert.True(Call(evaluator, Callee(1001), "+12065550102").IsAllowed);

        var decisions = new List<CallDecision>();
        for (var i = 0; i < 12; i++)
        {
            decisions.Add(Call(evaluator, Callee(i)));
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        // Three active caller IDs: the first is over twice the average from its 4th call in the window (4 x 3 / 6 = 2).
        var first = decisions.FindIndex(d => !d.IsAllowed);
        Assert.Equal(3, decisions.Count(d => d.IsAllowed));
        Assert.Equal([ReasonCode.CallerIdPacing], decisions[first].Reasons.ToArray());

        // Its calls (01:10 to 01:12, in the 5-minute bucket from 01:10) leave the hour's window at 02:10: then it may call again.
        var notBefore = decisions[first].NotBefore!.Value;
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 2, 10, 0, TimeSpan.Zero), notBefore);
        clock.SetUtcNow(notBefore.AddTicks(-1));
        Assert.False(Call(evaluator, Callee(50)).IsAllowed);
        clock.SetUtcNow(notBefore);
        Assert.True(Call(evaluator, Callee(50)).IsAllowed);
    }

    [Fact]
    public void In_observe_mode_pacing_reports_its_objections_and_blocks_nothing()
    {
        var (evaluator, _) = Create(o => (o.CallerIdHealth.DistinctCalleesPerHour, o.Evaluator.PolicyModes[BuiltInPolicyNames.CallerIdPacing]) = (new(3, 20), PolicyMode.Observe));

        var decisions = Enumerable.Range(0, 6).Select(i => Call(evaluator, Callee(i))).ToList();

        Assert.All(decisions, d => Assert.True(d.IsAllowed));
        Assert.Contains(decisions, d => d.ObservedReasons.Contains(ReasonCode.CallerIdPacing));
    }

    [Fact]
    public void Pacing_can_be_switched_off_and_then_neither_the_evaluator_nor_the_selector_paces()
    {
        var options = new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] }, CallerIdPacing = { Enabled = false } };
        var evaluator = options.CreateEvaluator(new FakeTimeProvider(Start));

        Assert.DoesNotContain(evaluator.Policies, p => p.Name == BuiltInPolicyNames.CallerIdPacing);
        Assert.False(new CallerIdSelector(options.CallerIds, evaluator).Paces);
        Assert.True(new CallerIdSelector(new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] } }.CallerIds, new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] } }.CreateEvaluator()).Paces);
    }

    [Fact]
    public async Task A_preview_is_not_paced_and_takes_nothing()
    {
        var (evaluator, clock) = Create(o => o.CallerIdHealth.DistinctCalleesPerHour = new(3, 20));
        for (var i = 0; i < 5; i++)
        {
            var preview = await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, Callee(i), CallPurpose.Service) { RequestedAt = clock.GetUtcNow().AddMinutes(5) });
            Assert.Equal([ReasonCode.NotYetDue], preview.Reasons.ToArray());
        }

        Assert.True(Call(evaluator, Callee(10)).IsAllowed);
        Assert.True(Call(evaluator, Callee(11)).IsAllowed);
    }

    [Fact]
    public void A_cancelled_ticket_stays_counted_until_its_hour_ends_stricter_never_looser()
    {
        var (evaluator, _) = Create(o => o.CallerIdHealth.DistinctCalleesPerHour = new(3, 20));
        var first = Call(evaluator, Callee(0));
        var second = Call(evaluator, Callee(1));
        Assert.True(first.Ticket!.Cancel() && second.IsAllowed);

        Assert.Equal([ReasonCode.CallerIdPacing], Call(evaluator, Callee(2)).Reasons.ToArray());
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(9999, 12, 31)]
    public void At_the_ends_of_time_pacing_decides_and_never_throws(int year, int month, int day)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(year, month, day, 23, 59, 0, TimeSpan.Zero));
        var evaluator = new ChinaDialComplianceOptions
        {
            CallerIds = { Approved = [TestNumbers.UsCallerId, TestNumbers.UsCallerId2, "+12065550102"] },
            CallingHours = { Enabled = false },
            CallerIdHealth = { DistinctCalleesPerHour = new(3, 20), MinimumCalls = 2 },
        }.CreateEvaluator(clock);

        var decisions = new List<CallDecision>();
        for (var i = 0; i < 30; i++)
        {
            decisions.Add(Call(evaluator, i % 2 == 0 ? TestNumbers.CnMobile : Callee(i), i % 3 == 0 ? TestNumbers.UsCallerId : i % 3 == 1 ? TestNumbers.UsCallerId2 : "+12065550102"));
            clock.SetUtcNow(clock.GetUtcNow().AddTicks(Math.Min(TimeSpan.TicksPerSecond * 7, DateTimeOffset.MaxValue.UtcTicks - clock.GetUtcNow().UtcTicks)));
        }

        Assert.Contains(decisions, d => d.IsAllowed);
        Assert.Contains(decisions, d => d.Reasons.Contains(ReasonCode.CallerIdPacing) || d.Reasons.Contains(ReasonCode.CalleeExposureLimited));
        Assert.All(decisions.Where(d => d.Verdict == CallVerdict.Defer), d => Assert.True(d.NotBefore >= clock.GetUtcNow().AddMinutes(-5)));
    }
}
