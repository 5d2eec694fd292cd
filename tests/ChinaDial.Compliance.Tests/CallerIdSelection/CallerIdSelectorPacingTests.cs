using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.CallerIdSelection;

/// <summary>Selection with caller-ID pacing: the selector asks the evaluator's pacing for headroom.</summary>
public class CallerIdSelectorPacingTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 1, 0, 0, TimeSpan.Zero); // 09:00 in Shanghai

    private static string CallerId(int i) => $"+1206555{i:0000}";

    private static PhoneNumberInfo Callee(int i) => PhoneNumberClassifier.Classify($"+86138{i:00000000}");

    private static (ChinaDialComplianceOptions Options, OutboundCallEvaluator Evaluator, CallerIdSelector Selector, FakeTimeProvider Clock) Create(int pool, Action<ChinaDialComplianceOptions>? configure = null)
    {
        var clock = new FakeTimeProvider(Start);
        var options = new ChinaDialComplianceOptions
        {
            CallerIds = { Approved = [.. Enumerable.Range(0, pool).Select(CallerId)] },
            DestinationFrequency = { Enabled = false },
            Concurrency = { Enabled = false },
            CallingHours = { Enabled = false },
        };
        configure?.Invoke(options);
        var evaluator = options.CreateEvaluator(clock);
        return (options, evaluator, new CallerIdSelector(options.CallerIds, evaluator), clock);
    }

    private static CallDecision Place(OutboundCallEvaluator evaluator, ChinaDial.Compliance.CallerIdSelection selection, PhoneNumberInfo callee)
        => evaluator.EvaluateAsync(new OutboundCall(selection.CallerId.ToE164String(), callee.ToE164String(), CallPurpose.Service)).AsTask().GetAwaiter().GetResult();

    [Fact]
    public void A_callee_is_called_again_from_the_caller_id_it_heard_earlier_today()
    {
        var (_, evaluator, selector, clock) = Create(10);
        var callees = Enumerable.Range(0, 200).Select(Callee).ToList();
        var first = callees.Select(c => (Callee: c, Selection: selector.Select(c, CallPurpose.Service, clock.GetUtcNow()))).ToList();
        foreach (var (callee, selection) in first)
        {
            Assert.True(Place(evaluator, selection, callee).IsAllowed);
            clock.Advance(TimeSpan.FromSeconds(20));
        }

        // Hours later the load has moved (the least loaded of the first caller IDs is chosen for a new callee), but each
        // callee hears the caller ID it heard this morning.
        clock.Advance(TimeSpan.FromHours(3));
        Assert.All(first, f => Assert.Equal(f.Selection.CallerId, selector.Select(f.Callee, CallPurpose.Service, clock.GetUtcNow()).CallerId));
    }

    [Fact]
    public void With_no_headroom_anywhere_the_selection_is_the_first_instant_one_has_and_then_the_call_is_placed()
    {
        var (_, evaluator, selector, clock) = Create(3, o => o.CallerIdHealth.DistinctCalleesPerHour = new(5, 20));
        var i = 0;
        ChinaDial.Compliance.CallerIdSelection selection;
        while ((selection = selector.Select(Callee(i), CallPurpose.Service, clock.GetUtcNow())).NotBefore == clock.GetUtcNow())
        {
            Assert.True(Place(evaluator, selection, Callee(i++)).IsAllowed);
        }

        Assert.Equal(12, i); // 3 caller IDs x 4 callees (the estimate of 5 would reach the level)
        Assert.Equal(Start.AddHours(1), selection.NotBefore);

        clock.SetUtcNow(selection.NotBefore);
        var then = selector.Select(Callee(i), CallPurpose.Service, clock.GetUtcNow());
        Assert.Equal(clock.GetUtcNow(), then.NotBefore);
        Assert.True(Place(evaluator, then, Callee(i)).IsAllowed);
    }

    [Fact]
    public void Callees_spread_evenly_over_the_pool_and_its_connect_instances()
    {
        var (options, evaluator, selector, clock) = Create(12, o =>
        {
            o.CallerIds.ConnectInstances["a"] = [.. Enumerable.Range(0, 6).Select(CallerId)];
            o.CallerIds.ConnectInstances["b"] = [.. Enumerable.Range(6, 6).Select(CallerId)];
        });
        var placed = new List<ChinaDial.Compliance.CallerIdSelection>();
        for (var i = 0; i < 1200; i++)
        {
            var selection = selector.Select(Callee(i), CallPurpose.Service, clock.GetUtcNow());
            clock.SetUtcNow(selection.NotBefore);
            if (Place(evaluator, selection, Callee(i)).IsAllowed)
            {
                placed.Add(selection);
            }

            clock.Advance(TimeSpan.FromSeconds(2));
        }

        var perCallerId = placed.GroupBy(s => s.CallerId.Key).Select(g => g.Count()).ToList();
        Assert.Equal(12, perCallerId.Count);
        Assert.True(perCallerId.Max() - perCallerId.Min() <= 12, string.Join(", ", perCallerId));
        Assert.InRange(placed.Count(s => s.ConnectInstanceId == "a"), placed.Count * 45 / 100, placed.Count * 55 / 100);
        Assert.All(placed, s => Assert.Equal(options.CallerIds.ConnectInstances["a"].Contains(s.CallerId.ToE164String()) ? "a" : "b", s.ConnectInstanceId));
    }

    [Fact]
    public void A_caller_id_selected_for_now_is_never_deferred_by_pacing_and_a_selection_for_later_holds_then()
    {
        var (now, later) = (0, 0);
        var scenarios =
            from pool in Gen.Choose(1, 8)
            from fanOut in Gen.Choose(2, 30)
            from exposure in Gen.Choose(2, 4)
            from minimum in Gen.Choose(2, 12)
            from repeated in Gen.Choose(10, 90)
            from volume in Gen.Choose(11, 30)
            from steps in Gen.ArrayOf(Gen.Zip(Gen.Frequency((3, Gen.Choose(0, 15)), (1, Gen.Choose(0, 5000))), Gen.Frequency((5, Gen.Choose(0, 60)), (1, Gen.Choose(0, 7200)))), 150)
            select (pool, fanOut, exposure, minimum, repeated / 100.0, volume / 10.0, steps);
        var property = Prop.ForAll(scenarios.ToArbitrary(), scenario =>
        {
            var (pool, fanOut, exposure, minimum, repeated, volume, steps) = scenario;
            var (_, evaluator, selector, clock) = Create(pool, o =>
            {
                o.CallerIdHealth.DistinctCalleesPerHour = new(fanOut, 1_000_000);
                o.CallerIdHealth.CallerIdsPerCalleePerDay = new(exposure, 1_000_000);
                o.CallerIdHealth.MinimumCalls = minimum;
                o.CallerIdHealth.RepeatedCallRatio = new(repeated, 1);
                o.CallerIdHealth.VolumeToFleetAverage = new(volume, 1_000_000);
            });
            foreach (var (callee, advance) in steps)
            {
                clock.Advance(TimeSpan.FromSeconds(advance));
                var at = clock.GetUtcNow();
                var selection = selector.Select(Callee(callee), CallPurpose.Service, at);
                Assert.True(selection.Found);
                if (selection.NotBefore == at)
                {
                    var decision = Place(evaluator, selection, Callee(callee));
                    Assert.True(decision.IsAllowed, decision.ToString());
                    now++;
                }
                else
                {
                    Assert.True(selection.NotBefore > at);
                    var then = selector.Select(Callee(callee), CallPurpose.Service, selection.NotBefore);
                    Assert.Equal(selection.NotBefore, then.NotBefore);
                    later++;
                }
            }
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1_000), property);
        Assert.True(now > 50_000 && later > 5_000, $"{now} placed, {later} for later");
    }
}
