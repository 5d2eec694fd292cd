using FsCheck;
using FsCheck.Fluent;

namespace ChinaDial.Compliance.Tests.CallerIdSelection;

public class CallerIdSelectorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private static string CallerId(int i) => $"+1206555{i:0000}";

    private static PhoneNumberInfo Callee(int i) => PhoneNumberClassifier.Classify($"+86139{i:00000000}");

    /// <summary>A rate budget the test sets per caller ID: seconds until the next admission (0 = now).</summary>
    private sealed class ScriptedBudget(Dictionary<ulong, int> secondsUntilBudget) : ICallerIdRateBudget
    {
        public DateTimeOffset NextAdmission(PhoneNumberInfo callerId, DateTimeOffset at)
            => at.AddSeconds(secondsUntilBudget.GetValueOrDefault(callerId.Key));
    }

    private static void Quarantine(CallerIdHealthMonitor monitor, string callerId)
    {
        var number = PhoneNumberClassifier.Classify(callerId);
        for (var i = 0; i < 50; i++)
        {
            monitor.RecordOutcome(number, Callee(i), new CallOutcome(false, TimeSpan.Zero), Now.AddMinutes(-30));
        }
    }

    [Fact]
    public void Selection_never_returns_an_unapproved_restricted_or_quarantined_caller_id_and_finds_budget_whenever_some_exists()
    {
        var scenarios =
            from size in Gen.Choose(1, 30)
            from quarantined in Gen.ListOf(Gen.Choose(0, size - 1))
            from usOnly in Gen.ListOf(Gen.Choose(0, size - 1))
            from waits in Gen.ArrayOf(Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(1, 120))), size)
            from callee in Gen.Choose(0, 99_999_999)
            from marketing in ArbMap.Default.GeneratorFor<bool>()
            select (size, quarantined, usOnly, waits, callee, marketing);

        var property = Prop.ForAll(scenarios.ToArbitrary(), scenario =>
        {
            var (size, quarantined, usOnly, waits, callee, marketing) = scenario;
            var options = new CallerIdOptions { Approved = [.. Enumerable.Range(0, size).Select(CallerId)] };
            foreach (var i in usOnly.Distinct())
            {
                options.ApprovedDestinations[CallerId(i)] = ["US"];
            }

            var monitor = new CallerIdHealthMonitor(new CallerIdHealthOptions());
            foreach (var i in quarantined.Distinct())
            {
                Quarantine(monitor, CallerId(i));
            }

            var budget = new ScriptedBudget(Enumerable.Range(0, size).ToDictionary(i => PhoneNumberClassifier.Classify(CallerId(i)).Key, i => waits[i]));
            var selector = new CallerIdSelector(options, monitor, budget);
            var purpose = marketing ? CallPurpose.Marketing : CallPurpose.Service;

            var selection = selector.Select(Callee(callee), purpose, Now);

            var usable = Enumerable.Range(0, size).Where(i => !quarantined.Contains(i) && !usOnly.Contains(i)).ToList();
            if (usable.Count == 0)
            {
                return !selection.Found;
            }

            var chosen = usable.SingleOrDefault(i => PhoneNumberClassifier.Classify(CallerId(i)).Key == selection.CallerId.Key, -1);
            var someHasBudget = usable.Any(i => waits[i] == 0);
            return chosen >= 0
                && (someHasBudget ? waits[chosen] == 0 && selection.NotBefore == Now : selection.NotBefore == Now.AddSeconds(usable.Min(i => waits[i])));
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(10_000), property);
    }

    [Fact]
    public void A_callee_keeps_its_caller_id_while_that_one_is_usable_and_callees_spread_over_the_pool()
    {
        var options = new CallerIdOptions { Approved = [.. Enumerable.Range(0, 10).Select(CallerId)] };
        var selector = new CallerIdSelector(options);

        var first = Enumerable.Range(0, 1000).Select(i => selector.Select(Callee(i), CallPurpose.Service, Now).CallerId.Key).ToList();
        var again = Enumerable.Range(0, 1000).Select(i => selector.Select(Callee(i), CallPurpose.Service, Now.AddHours(5)).CallerId.Key).ToList();

        Assert.Equal(first, again);
        Assert.All(first.GroupBy(k => k), group => Assert.InRange(group.Count(), 60, 140));
    }

    [Fact]
    public void A_95_short_code_can_never_be_in_the_pool()
        => Assert.Contains("caller_id_public_service", Assert.Throws<ArgumentException>(() => new CallerIdSelector(new CallerIdOptions { Approved = [TestNumbers.CnServiceShortCode] })).Message, StringComparison.Ordinal);

    [Fact]
    public void An_empty_pool_selects_nothing()
        => Assert.False(new CallerIdSelector(new CallerIdOptions()).Select(Callee(1), CallPurpose.Service, Now).Found);
}

public class CallerIdSelectorInstanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Load_spreads_across_connect_instances_and_the_selection_names_the_instance()
    {
        var a = Enumerable.Range(0, 5).Select(i => $"+1206555{i:0000}").ToList();
        var b = Enumerable.Range(5, 5).Select(i => $"+1206555{i:0000}").ToList();
        var options = new CallerIdOptions { Approved = [.. a, .. b] };
        options.ConnectInstances["instance-a"] = a;
        options.ConnectInstances["instance-b"] = b;
        var selector = new CallerIdSelector(options);

        var selections = Enumerable.Range(0, 1000).Select(i => selector.Select(PhoneNumberClassifier.Classify($"+86139{i:00000000}"), CallPurpose.Service, Now)).ToList();

        Assert.All(selections, s => Assert.Equal(a.Contains(s.CallerId.ToE164String()) ? "instance-a" : "instance-b", s.ConnectInstanceId));
        Assert.InRange(selections.Count(s => s.ConnectInstanceId == "instance-a"), 400, 600);
    }

    [Fact]
    public void A_caller_id_claimed_by_two_instances_or_not_approved_fails_validation()
    {
        var options = new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] } };
        options.CallerIds.ConnectInstances["a"] = [TestNumbers.UsCallerId];
        options.CallerIds.ConnectInstances["b"] = [TestNumbers.UsCallerId, TestNumbers.UsCallerId2];

        var errors = options.Validate();

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("also claimed by instance 'a'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("is not in", StringComparison.Ordinal));
    }
}

public class CallerIdSelectorWithRateLimitTests
{
    [Fact]
    public async Task Selection_moves_to_another_caller_id_once_the_first_has_used_its_rate_budget_and_reports_when_all_have()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        var options = new ChinaDialComplianceOptions
        {
            CallerIds = { Approved = [TestNumbers.UsCallerId, TestNumbers.UsCallerId2] },
            Concurrency = { Enabled = false },
            DestinationFrequency = { Enabled = false },
        };
        var evaluator = options.CreateEvaluator(clock);
        var budget = evaluator.Policies.OfType<ICallerIdRateBudget>().Single();
        var selector = new CallerIdSelector(options.CallerIds, budget: budget);
        var callee = PhoneNumberClassifier.Classify(TestNumbers.CnMobile);

        var used = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var selection = selector.Select(callee, CallPurpose.Service, clock.GetUtcNow());
            Assert.True(selection.Found);
            Assert.Equal(clock.GetUtcNow(), selection.NotBefore);
            var decision = await evaluator.EvaluateAsync(new OutboundCall(selection.CallerId.ToE164String(), TestNumbers.CnMobile, CallPurpose.Service));
            Assert.True(decision.IsAllowed);
            used.Add(selection.CallerId.ToE164String());
        }

        Assert.Equal(5, used.Count(u => u == TestNumbers.UsCallerId));
        Assert.Equal(5, used.Count(u => u == TestNumbers.UsCallerId2));
        var exhausted = selector.Select(callee, CallPurpose.Service, clock.GetUtcNow());
        Assert.Equal(clock.GetUtcNow().AddMinutes(1), exhausted.NotBefore);
    }
}
