using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.CallerIdHealth;

public class CallerIdHealthMonitorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);
    private static readonly PhoneNumberInfo[] Pool = Enumerable.Range(0, 10).Select(i => PhoneNumberClassifier.Classify($"+120655501{i:00}")).ToArray();

    private static PhoneNumberInfo Callee(int i) => PhoneNumberClassifier.Classify($"+86138{i:00000000}");

    /// <summary>Every caller ID of the pool places one call a minute to a new callee; <paramref name="answered"/>
    /// says, per caller ID and minute, whether the call was answered and for how long.</summary>
    private static List<CallerIdHealthChange> Simulate(CallerIdHealthMonitor monitor, int minutes, Func<int, int, (bool Answered, int Seconds)> answered, int fromMinute = 0)
    {
        var changes = new List<CallerIdHealthChange>();
        monitor.HealthChanged += (_, change) => changes.Add(change);
        for (var minute = fromMinute; minute < fromMinute + minutes; minute++)
        {
            for (var c = 0; c < Pool.Length; c++)
            {
                var (isAnswered, seconds) = answered(c, minute);
                monitor.RecordOutcome(Pool[c], Callee((minute * 100) + c), new CallOutcome(isAnswered, TimeSpan.FromSeconds(seconds)), Start.AddMinutes(minute));
            }
        }

        return changes;
    }

    private static (bool, int) Healthy(int minute) => (minute % 10 < 6, minute % 10 < 6 ? 95 : 0);

    [Fact]
    public void A_caller_id_whose_answer_rate_collapses_warns_then_is_quarantined_against_the_fleet_while_the_healthy_pool_is_not()
    {
        var monitor = new CallerIdHealthMonitor(new CallerIdHealthOptions());

        // Caller 0 answers 60% in the first hour, 20% in the second, then nothing.
        var changes = Simulate(monitor, 180, (c, m) => c != 0 ? Healthy(m) : m < 60 ? Healthy(m) : m < 120 ? (m % 10 < 2, 95) : (false, 0));

        var forCaller0 = changes.Where(e => e.CallerId == Pool[0].ToE164String()).ToList();
        Assert.Equal([CallerIdHealthState.Warning, CallerIdHealthState.Quarantined], forCaller0.Select(e => e.State));
        Assert.All(forCaller0, e => Assert.Equal(CallerIdHealthSignal.AnswerRateToFleet, e.Signal)); // the others are answered at 60 %
        Assert.True(forCaller0[0].At < forCaller0[1].At);
        Assert.DoesNotContain(changes, e => e.CallerId != Pool[0].ToE164String());

        var end = Start.AddMinutes(180);
        Assert.True(monitor.IsQuarantined(Pool[0], end, out var until));
        Assert.Equal(forCaller0[1].At + TimeSpan.FromHours(24), until);
        Assert.All(Pool.Skip(1), callerId => Assert.Equal(CallerIdHealthState.Healthy, monitor.GetReport(callerId, end).State));
    }

    [Fact]
    public void A_caller_id_whose_calls_get_short_warns_then_is_quarantined_on_the_short_call_ratio()
    {
        var monitor = new CallerIdHealthMonitor(new CallerIdHealthOptions());

        // Caller 3's answered calls become 30-second calls (short: under a minute; not very short: 15 s and more):
        // first some of them, then all.
        var changes = Simulate(monitor, 180, (c, m) => c != 3 || m < 60 ? Healthy(m) : (m % 10 < 6, m < 120 && m % 10 < 2 ? 95 : 30));

        var forCaller3 = changes.Where(e => e.CallerId == Pool[3].ToE164String()).ToList();
        Assert.Equal([CallerIdHealthState.Warning, CallerIdHealthState.Quarantined], forCaller3.Select(e => e.State));
        Assert.All(forCaller3, e => Assert.Equal(CallerIdHealthSignal.ShortCallRatio, e.Signal));
        Assert.Single(changes.Select(e => e.CallerId).Distinct());
    }

    [Fact]
    public void A_caller_id_whose_calls_are_hung_up_within_15_seconds_is_quarantined_on_the_very_short_call_ratio_before_the_short_call_ratio()
    {
        var monitor = new CallerIdHealthMonitor(new CallerIdHealthOptions());

        // Caller 5's answered calls become 8-second hang-ups (Amazon Connect's 15 s rule): its own signal, lower levels.
        // Two in three of them: the very short share's lower bound passes its critical level (0.30) while the short share's
        // stays under its warning level (0.50).
        var changes = Simulate(monitor, 180, (c, m) => c != 5 || m < 60 ? Healthy(m) : (m % 10 < 6, m % 10 < 2 ? 95 : 8));

        var forCaller5 = changes.Where(e => e.CallerId == Pool[5].ToE164String()).ToList();
        Assert.Equal([CallerIdHealthState.Warning, CallerIdHealthState.Quarantined], forCaller5.Select(e => e.State));
        Assert.All(forCaller5, e => Assert.Equal(CallerIdHealthSignal.VeryShortCallRatio, e.Signal));
        Assert.Single(changes.Select(e => e.CallerId).Distinct());
    }

    [Fact]
    public async Task Quarantine_ends_after_the_cool_down_and_the_quarantine_policy_follows_it()
    {
        var options = new CallerIdHealthOptions { QuarantineCoolDown = TimeSpan.FromHours(6) };
        var monitor = new CallerIdHealthMonitor(options);
        Simulate(monitor, 120, (c, m) => c == 0 ? (false, 0) : Healthy(m));
        var clock = new FakeTimeProvider(Start.AddMinutes(120));
        var evaluator = new OutboundCallEvaluator([new CallerIdQuarantinePolicy(monitor)], timeProvider: clock);
        var call = new OutboundCall(Pool[0].ToE164String(), TestNumbers.CnMobile, CallPurpose.Service);

        Assert.Equal([ReasonCode.CallerIdQuarantined], (await evaluator.EvaluateAsync(call)).Reasons.ToArray());
        Assert.True((await evaluator.EvaluateAsync(call with { CallerId = Pool[1].ToE164String() })).IsAllowed);

        Assert.True(monitor.IsQuarantined(Pool[0], clock.GetUtcNow(), out var until));
        clock.SetUtcNow(until);

        Assert.True((await evaluator.EvaluateAsync(call)).IsAllowed);
        Assert.Equal(CallerIdHealthState.Healthy, monitor.GetReport(Pool[0], until).State);
    }

    [Fact]
    public void Too_few_calls_are_not_judged_on_rates()
    {
        var monitor = new CallerIdHealthMonitor(new CallerIdHealthOptions { MinimumCalls = 20 });
        for (var i = 0; i < 19; i++)
        {
            monitor.RecordOutcome(Pool[0], Callee(i), new CallOutcome(false, TimeSpan.Zero), Start.AddMinutes(i));
        }

        Assert.Equal(CallerIdHealthState.Healthy, monitor.GetReport(Pool[0], Start.AddMinutes(19)).State);
        monitor.RecordOutcome(Pool[0], Callee(19), new CallOutcome(false, TimeSpan.Zero), Start.AddMinutes(19));
        Assert.Equal(CallerIdHealthState.Quarantined, monitor.GetReport(Pool[0], Start.AddMinutes(19)).State);
    }

    [Fact]
    public void One_caller_id_calling_hundreds_of_different_callees_in_an_hour_is_quarantined_for_fan_out()
    {
        var monitor = new CallerIdHealthMonitor(new CallerIdHealthOptions());
        var changes = new List<CallerIdHealthChange>();
        monitor.HealthChanged += (_, change) => changes.Add(change);

        for (var i = 0; i < 300; i++)
        {
            monitor.RecordOutcome(Pool[0], Callee(i), new CallOutcome(true, TimeSpan.FromMinutes(2)), Start.AddSeconds(i * 10));
        }

        Assert.Equal([CallerIdHealthState.Warning, CallerIdHealthState.Quarantined], changes.Select(c => c.State));
        Assert.All(changes, c => Assert.Equal(CallerIdHealthSignal.DistinctCalleesPerHour, c.Signal));
        Assert.InRange(changes[0].Value, 150, 165);
    }

    [Fact]
    public void Calling_the_same_callees_again_is_not_fan_out()
    {
        var monitor = new CallerIdHealthMonitor(new CallerIdHealthOptions { MinimumCalls = 1000 });
        for (var i = 0; i < 300; i++)
        {
            monitor.RecordOutcome(Pool[0], Callee(i % 20), new CallOutcome(true, TimeSpan.FromMinutes(2)), Start.AddSeconds(i * 10));
        }

        var report = monitor.GetReport(Pool[0], Start.AddSeconds(2990));
        Assert.InRange(report.DistinctCalleesPerHour, 18, 22);
        Assert.Equal(CallerIdHealthState.Healthy, report.State);
    }

    [Fact]
    public void A_caller_id_with_three_times_the_fleet_average_volume_is_quarantined_for_volume()
    {
        var monitor = new CallerIdHealthMonitor(new CallerIdHealthOptions { DistinctCalleesPerHour = new(1000, 2000) });
        var changes = new List<CallerIdHealthChange>();
        monitor.HealthChanged += (_, change) => changes.Add(change);

        for (var minute = 0; minute < 60; minute++)
        {
            for (var c = 0; c < Pool.Length; c++)
            {
                var calls = c == 0 ? 6 : 1;
                for (var k = 0; k < calls; k++)
                {
                    monitor.RecordOutcome(Pool[c], Callee((minute * 1000) + (c * 10) + k), new CallOutcome(true, TimeSpan.FromMinutes(2)), Start.AddMinutes(minute).AddSeconds(k));
                }
            }
        }

        Assert.Contains(changes, c => c.CallerId == Pool[0].ToE164String() && c.State == CallerIdHealthState.Quarantined && c.Signal == CallerIdHealthSignal.VolumeToFleetAverage);
        Assert.DoesNotContain(changes, c => c.CallerId != Pool[0].ToE164String());
    }

    [Fact]
    public void The_report_gives_the_signals_and_the_answer_rate_trend()
    {
        var monitor = new CallerIdHealthMonitor(new CallerIdHealthOptions { MinimumCalls = 1000 });
        Simulate(monitor, 60, (c, m) => (m < 45 || m % 2 == 0, 30));

        var report = monitor.GetReport(Pool[0], Start.AddMinutes(59));

        Assert.Equal(60, report.Calls);
        Assert.Equal(52.0 / 60, report.AnswerRate!.Value, 3);
        Assert.Equal(1, report.ShortCallRatio); // 30-second calls are short (under a minute) ...
        Assert.Equal(0, report.VeryShortCallRatio); // ... but not very short (15 s and more)
        Assert.True(report.AnswerRateTrend < 0);
        Assert.Equal(1.0, report.VolumeToFleetAverage, 2);
        Assert.Equal(Pool.Length, monitor.GetReports(Start.AddMinutes(59)).Count);
    }

    [Fact]
    public void Invalid_thresholds_are_rejected_naming_every_problem()
    {
        var error = Assert.Throws<ArgumentException>(() => new CallerIdHealthMonitor(new CallerIdHealthOptions
        {
            AnswerRate = new(0.1, 0.2),
            ShortCallRatio = new(0.9, 0.5),
            MinimumCalls = 0,
        }));

        Assert.Contains("AnswerRate", error.Message, StringComparison.Ordinal);
        Assert.Contains("ShortCallRatio", error.Message, StringComparison.Ordinal);
        Assert.Contains("MinimumCalls", error.Message, StringComparison.Ordinal);
    }
}

public class CallerIdQuarantinePolicyTests
{
    [Fact]
    public async Task Completed_tickets_feed_the_monitor_until_a_caller_id_that_is_never_answered_is_quarantined()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero));
        var monitor = new CallerIdHealthMonitor(new CallerIdHealthOptions { MinimumCalls = 20 });
        var evaluator = new OutboundCallEvaluator([new CallerIdQuarantinePolicy(monitor)], timeProvider: clock);

        for (var i = 0; i < 20; i++)
        {
            var decision = await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, $"+86138{i:00000000}", CallPurpose.Service));
            Assert.True(decision.IsAllowed);
            clock.Advance(TimeSpan.FromSeconds(30));
            decision.Ticket!.Complete(new CallOutcome(false, TimeSpan.Zero, CallEndReason.NoAnswer));
        }

        var blocked = await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, TestNumbers.CnMobile, CallPurpose.Service));
        Assert.Equal([ReasonCode.CallerIdQuarantined], blocked.Reasons.ToArray());
    }
}

/// <summary>Alone (<see cref="Telemetry.MetricsAlone"/>): one test listens to the process-wide meter, where other tests'
/// measurements arrive on their threads while it collects.</summary>
[Collection(Telemetry.MetricsAlone.Name)]
public class CallerIdHealthSignalTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);
    private static readonly PhoneNumberInfo CallerId = PhoneNumberClassifier.Classify(TestNumbers.UsCallerId);

    private static PhoneNumberInfo Callee(int i) => PhoneNumberClassifier.Classify($"+86138{i:00000000}");

    [Fact]
    public void A_caller_id_that_calls_the_same_callees_again_and_again_is_quarantined_for_repeated_calls()
    {
        var monitor = new CallerIdHealthMonitor(new CallerIdHealthOptions { MinimumCalls = 20 });
        var changes = new List<CallerIdHealthChange>();
        monitor.HealthChanged += (_, change) => changes.Add(change);

        // 60 calls in the hour to 20 callees: two calls in three repeat a pair.
        for (var i = 0; i < 60; i++)
        {
            monitor.RecordOutcome(CallerId, Callee(i % 20), new CallOutcome(true, TimeSpan.FromMinutes(2)), Start.AddMinutes(i * 0.9));
        }

        Assert.Equal([CallerIdHealthState.Warning, CallerIdHealthState.Quarantined], changes.Select(c => c.State));
        Assert.All(changes, c => Assert.Equal(CallerIdHealthSignal.RepeatedCallRatio, c.Signal));
    }

    [Fact]
    public void The_monitor_counts_the_distinct_caller_ids_that_reached_a_callee_today()
    {
        var levels = new List<string>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "chinadial.callee.exposures")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) => { lock (levels) { levels.Add((string)tags[0].Value!); } });
        listener.Start();
        var monitor = new CallerIdHealthMonitor(new CallerIdHealthOptions { CallerIdsPerCalleePerDay = new(3, 4) });
        var callee = Callee(1);
        for (var c = 0; c < 4; c++)
        {
            var callerId = PhoneNumberClassifier.Classify($"+120655501{c:00}");
            monitor.RecordOutcome(callerId, callee, new CallOutcome(true, TimeSpan.FromMinutes(2)), Start.AddMinutes(c));
            monitor.RecordOutcome(callerId, callee, new CallOutcome(true, TimeSpan.FromMinutes(2)), Start.AddMinutes(c + 10));
        }

        Assert.Equal(4, monitor.CallerIdsToday(callee, Start.AddHours(1)));
        lock (levels)
        {
            Assert.Contains("warning", levels);
            Assert.Contains("critical", levels);
        }

        Assert.Equal(0, monitor.CallerIdsToday(callee, Start.AddDays(1)));
        Assert.Equal(0, monitor.CallerIdsToday(Callee(2), Start));
    }

    [Fact]
    public void Health_changes_are_counted_on_the_meter_by_state_and_signal_without_any_phone_number()
    {
        var measurements = new System.Collections.Concurrent.ConcurrentQueue<(string Instrument, long Value, KeyValuePair<string, object?>[] Tags)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "ChinaDial.Compliance")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        listener.Start();
        var monitor = new CallerIdHealthMonitor(new CallerIdHealthOptions());

        for (var i = 0; i < 50; i++)
        {
            monitor.RecordOutcome(CallerId, Callee(i), new CallOutcome(false, TimeSpan.Zero), Start.AddMinutes(i));
        }

        var mine = measurements.Where(m => m.Instrument == "chinadial.caller_id.health.changes").ToList();
        Assert.Contains(mine, m => m.Tags.Contains(new("state", "quarantined")) && m.Tags.Contains(new("signal", "answer_rate")));
        Assert.DoesNotContain(mine.SelectMany(m => m.Tags), t => t.Value?.ToString()?.Any(char.IsDigit) == true);
    }
}

public class QuarantineAuditTests
{
    [Fact]
    public async Task A_quarantine_is_an_audit_record_with_the_signal_its_figures_and_the_end_of_the_cool_down()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        var sink = new InMemoryAuditSink();
        var options = new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] }, Concurrency = { Enabled = false } };
        var evaluator = options.CreateEvaluator(clock, auditSink: sink);

        for (var i = 0; i < 50; i++)
        {
            var decision = await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, $"+86139{i:00000000}", CallPurpose.Service));
            Assert.True(decision.IsAllowed, decision.ToString());
            clock.Advance(TimeSpan.FromSeconds(15));
            decision.Ticket!.Complete(new CallOutcome(false, TimeSpan.Zero, CallEndReason.NoAnswer));
        }

        var quarantine = Assert.Single(sink.Records, r => r.Event == AuditEvent.CallerIdQuarantined);
        Assert.Equal([ReasonCode.CallerIdQuarantined], quarantine.Reasons.ToArray());
        Assert.Equal("+1 206***0100", quarantine.CallerIdMasked);
        Assert.StartsWith("AnswerRate=0 (critical 0), until 2026-11-24T02:1", quarantine.Detail, StringComparison.Ordinal); // the 50th call ended at 02:12:30
        Assert.Equal([ReasonCode.CallerIdQuarantined], (await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, TestNumbers.CnMobile, CallPurpose.Service))).Reasons.ToArray());
    }
}
