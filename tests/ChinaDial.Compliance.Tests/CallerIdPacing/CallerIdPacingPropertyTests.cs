using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.CallerIdPacing;

/// <summary>
/// Invariants of caller-ID pacing under random traffic: random pools, callees, clock steps (seconds to days), levels
/// small enough to bind, and another policy denying random calls before or after pacing. Checked against an
/// independent count of the calls placed and against a health monitor fed with them.
/// </summary>
public class CallerIdPacingPropertyTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);

    private static string CallerId(int i) => $"+1206555{i:0000}";

    private static string Callee(int i) => $"+86139{i:00000000}";

    /// <summary>Denies the calls whose destination is in <see cref="Refused"/>.</summary>
    private sealed class Refusing : IOutboundCallPolicy
    {
        public HashSet<string> Refused { get; } = [];

        public string Name => "refusing";

        public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
            => new(Refused.Contains(context.Call.Destination ?? string.Empty) ? PolicyResult.Deny(ReasonCode.OptedOut) : PolicyResult.Allow());
    }

    private sealed record Step(int CallerId, int Callee, int AdvanceSeconds, bool Refused);

    private sealed record Scenario(int Pool, int FanOut, int Exposure, double Repeated, double Volume, int MinimumCalls, bool RefuseFirst, Step[] Steps);

    private static Arbitrary<Scenario> Scenarios()
    {
        var step = from callerId in Gen.Choose(0, 5)
                   from callee in Gen.Frequency((3, Gen.Choose(0, 12)), (1, Gen.Choose(0, 400)))
                   from advance in Gen.Frequency((6, Gen.Choose(0, 90)), (2, Gen.Choose(0, 1800)), (1, Gen.Choose(0, 90_000)))
                   from refused in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
                   select new Step(callerId, callee, advance, refused);
        return (from pool in Gen.Choose(1, 6)
                from fanOut in Gen.Choose(2, 25)
                from exposure in Gen.Choose(2, 4)
                from repeated in Gen.Choose(10, 90)
                from volume in Gen.Choose(11, 40)
                from minimum in Gen.Choose(1, 10)
                from refuseFirst in ArbMap.Default.GeneratorFor<bool>()
                from steps in Gen.ArrayOf(step, 200)
                select new Scenario(pool, fanOut, exposure, repeated / 100.0, volume / 10.0, minimum, refuseFirst, steps)).ToArbitrary();
    }

    private static CallerIdHealthOptions Levels(Scenario s) => new()
    {
        MinimumCalls = s.MinimumCalls,
        DistinctCalleesPerHour = new(s.FanOut, 1_000_000),
        CallerIdsPerCalleePerDay = new(s.Exposure, 1_000_000),
        RepeatedCallRatio = new(s.Repeated, 1),
        VolumeToFleetAverage = new(s.Volume, 1_000_000),
        AnswerRate = new(0, 0),
        AnswerRateToFleet = new(0, 0),
        ShortCallRatio = new(1, 1),
        VeryShortCallRatio = new(1, 1),
    };

    /// <summary>What becomes of the steps marked refused.</summary>
    private enum Refusals
    {
        /// <summary>Judged and refused by another policy.</summary>
        Refused,

        /// <summary>Not made at all (the clock still moves).</summary>
        Left,
    }

    /// <summary>Runs a scenario; returns the calls placed (caller ID, callee, instant) and the monitor fed with them.
    /// <paramref name="onDeferred"/> sees each pacing deferral with the pacer, before anything else happens.</summary>
    private static (List<(int CallerId, int Callee, DateTimeOffset At)> Placed, List<CallerIdHealthChange> Changes, int Deferred) Run(Scenario s, Refusals refusals, Action<CallerIdPacer, int, string, CallDecision, DateTimeOffset>? onDeferred = null)
    {
        var clock = new FakeTimeProvider(Start);
        var callerIds = new CallerIdOptions { Approved = [.. Enumerable.Range(0, s.Pool).Select(CallerId)] };
        var levels = Levels(s);
        var pacing = new CallerIdPacingPolicy(new CallerIdPacer(callerIds, levels));
        var refusing = new Refusing();
        var evaluator = new OutboundCallEvaluator(s.RefuseFirst ? [refusing, pacing] : [pacing, refusing], timeProvider: clock);
        var monitor = new CallerIdHealthMonitor(levels);
        var changes = new List<CallerIdHealthChange>();
        monitor.HealthChanged += (_, change) => changes.Add(change);
        var placed = new List<(int, int, DateTimeOffset)>();
        var deferred = 0;
        foreach (var step in s.Steps)
        {
            clock.Advance(TimeSpan.FromSeconds(step.AdvanceSeconds));
            var callerId = step.CallerId % s.Pool;
            var refused = step.Refused;
            if (refused && refusals == Refusals.Left)
            {
                continue;
            }

            if (refused)
            {
                refusing.Refused.Add(Callee(step.Callee));
            }

            var decision = evaluator.EvaluateAsync(new OutboundCall(CallerId(callerId), Callee(step.Callee), CallPurpose.Service)).AsTask().GetAwaiter().GetResult();
            refusing.Refused.Clear();
            if (decision.IsAllowed)
            {
                placed.Add((callerId, step.Callee, clock.GetUtcNow()));
                monitor.RecordOutcome(PhoneNumberClassifier.Classify(CallerId(callerId)), PhoneNumberClassifier.Classify(Callee(step.Callee)), new CallOutcome(true, TimeSpan.FromMinutes(3)), clock.GetUtcNow(), clock.GetUtcNow());
                decision.Ticket!.Complete(new CallOutcome(true, TimeSpan.FromMinutes(3)));
            }
            else
            {
                if (decision.Verdict == CallVerdict.Defer)
                {
                    onDeferred?.Invoke(pacing.Pacer, callerId, Callee(step.Callee), decision, clock.GetUtcNow());
                }

                deferred += decision.Verdict == CallVerdict.Defer ? 1 : 0;
                Assert.True(refused || decision.Reasons.All(r => r is ReasonCode.CallerIdPacing or ReasonCode.CalleeExposureLimited), decision.ToString());
                Assert.True(decision.Verdict == CallVerdict.Deny || decision.NotBefore > clock.GetUtcNow(), decision.ToString());
            }
        }

        return (placed, changes, deferred);
    }

    [Fact]
    public void No_placed_call_takes_a_caller_id_to_the_fan_out_or_repeated_warning_nor_a_callee_to_the_exposure_warning()
    {
        var (scenarios, deferrals) = (0, 0);
        var property = Prop.ForAll(Scenarios(), s =>
        {
            var (placed, changes, deferred) = Run(s, Refusals.Refused);
            scenarios++;
            deferrals += deferred;

            // As the health monitor measures them: never at the warning level.
            Assert.DoesNotContain(changes, c => c.Signal is CallerIdHealthSignal.DistinctCalleesPerHour or CallerIdHealthSignal.RepeatedCallRatio);

            // Counted independently: fewer distinct caller IDs per callee and UTC day than the warning level.
            foreach (var day in placed.GroupBy(p => (p.Callee, Day: p.At.UtcDateTime.Date)))
            {
                Assert.True(day.Select(p => p.CallerId).Distinct().Count() < s.Exposure, $"callee {day.Key.Callee} heard {day.Select(p => p.CallerId).Distinct().Count()} caller IDs on {day.Key.Day:d}");
            }

        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2_000), property);
        Assert.Equal(2_000, scenarios);
        Assert.True(deferrals > 20_000, $"{deferrals} deferrals: the levels did not bind");
    }

    [Fact]
    public void A_deferral_is_to_the_first_instant_the_same_call_would_pass_if_nothing_else_arrives()
    {
        var checkedDeferrals = 0;
        var property = Prop.ForAll(Scenarios(), s =>
        {
            Run(s, Refusals.Refused, (pacer, callerId, callee, decision, now) =>
            {
                var number = PhoneNumberClassifier.Classify(callee);
                bool PassesAt(long ticks)
                {
                    Span<long> scratch = stackalloc long[pacer.ExposureSlotCount];
                    var day = pacer.ReadCallee(number, ticks, scratch);
                    return pacer.NextAdmission(callerId, number, day, scratch, ticks, out var over, out _) == ticks && over == Pacing.None;
                }

                var notBefore = decision.NotBefore!.Value.UtcTicks;
                Assert.True(PassesAt(notBefore), $"{decision} at {now:O}: still paced at NotBefore");
                Assert.False(PassesAt(notBefore - 1), $"{decision} at {now:O}: would pass a tick before NotBefore");
                checkedDeferrals++;
            });
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1_000), property);
        Assert.True(checkedDeferrals > 10_000, $"{checkedDeferrals} deferrals checked");
    }

    [Fact]
    public void A_call_another_policy_refuses_changes_nothing_for_the_calls_after_it()
    {
        var property = Prop.ForAll(Scenarios(), s =>
        {
            // The same traffic with the refused calls left out, and with them judged and refused: the same calls placed.
            var without = Run(s, Refusals.Left).Placed;
            var with = Run(s, Refusals.Refused).Placed;

            Assert.Equal(without, with);
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1_000), property);
    }
}
