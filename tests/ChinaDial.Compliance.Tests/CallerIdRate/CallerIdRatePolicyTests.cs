using ChinaDial.Compliance.Tests.RateLimiting;
using FsCheck.Xunit;

namespace ChinaDial.Compliance.Tests.CallerIdRate;

public class CallerIdRatePolicyTests
{
    [Fact]
    public void By_default_five_calls_in_a_minute_pass_and_the_sixth_is_deferred_until_the_first_leaves_the_window()
    {
        var (evaluator, time) = PolicyHarness.Evaluator(new CallerIdRatePolicy(new CallerIdRateOptions()));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(CallVerdict.Allow, evaluator.Decide(PolicyHarness.Call()).Verdict);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var sixth = evaluator.Decide(PolicyHarness.Call());
        Assert.Equal(CallVerdict.Defer, sixth.Verdict);
        Assert.Equal(ReasonCodeSet.Of(ReasonCode.CallerIdRateLimited), sixth.Reasons);
        Assert.Equal(PolicyHarness.Start + TimeSpan.FromMinutes(1), sixth.NotBefore);

        time.SetUtcNow(sixth.NotBefore!.Value);
        Assert.Equal(CallVerdict.Allow, evaluator.Decide(PolicyHarness.Call()).Verdict);
    }

    [Fact]
    public void A_token_bucket_would_admit_nine_calls_in_a_minute_but_the_paced_limiter_admits_at_most_five()
    {
        var policy = new CallerIdRatePolicy(new CallerIdRateOptions { Algorithm = CallerIdRateAlgorithm.Paced });
        var start = PolicyHarness.Start.UtcTicks;
        var admitted = 0;
        for (var second = 0; second < 60; second++)
        {
            for (var i = 0; i < 10; i++)
            {
                if (policy.Acquire(1, start + (second * TimeSpan.TicksPerSecond)).Verdict == CallVerdict.Allow)
                {
                    admitted++;
                }
            }
        }

        Assert.Equal(5, admitted);
    }

    [Fact]
    public void Other_caller_IDs_have_their_own_quota()
    {
        var (evaluator, _) = PolicyHarness.Evaluator(new CallerIdRatePolicy(new CallerIdRateOptions { Limit = 1 }));
        Assert.True(evaluator.Decide(PolicyHarness.Call("+12065550100")).IsAllowed);
        Assert.True(evaluator.Decide(PolicyHarness.Call("+12065550101")).IsAllowed);
        Assert.False(evaluator.Decide(PolicyHarness.Call("+12065550100")).IsAllowed);
    }

    [Fact]
    public void Cancelling_a_ticket_gives_the_slot_back_and_completing_it_does_not()
    {
        var (evaluator, _) = PolicyHarness.Evaluator(new CallerIdRatePolicy(new CallerIdRateOptions { Limit = 1 }));
        var first = evaluator.Decide(PolicyHarness.Call());
        Assert.True(first.Ticket!.Cancel());

        var second = evaluator.Decide(PolicyHarness.Call());
        Assert.True(second.IsAllowed);
        Assert.True(second.Ticket!.Complete(new CallOutcome(true, TimeSpan.FromSeconds(30))));
        Assert.Equal(CallVerdict.Defer, evaluator.Decide(PolicyHarness.Call()).Verdict);
    }

    [Property(MaxTest = 10_000)]
    public bool Calls_denied_by_another_policy_consume_no_quota(byte limitSeed, byte windowSeed, bool paced, byte burstSeed, int[] gaps, byte[] keys, bool[] denied)
    {
        var scenario = RateScenario.Create(limitSeed, (byte)(2 + (windowSeed % 4)), paced, burstSeed, gaps, keys, denied);
        var (evaluator, time) = PolicyHarness.Evaluator(new CallerIdRatePolicy(scenario.Options), new DenyingTestPolicy());
        var reference = new CallerIdRatePolicy(scenario.Options); // sees only the calls nobody else denies
        foreach (var (key, at, deny) in scenario.Arrivals)
        {
            time.SetUtcNow(new DateTimeOffset(at, TimeSpan.Zero));
            var decision = evaluator.Decide(PolicyHarness.Call("+" + key.ToString(System.Globalization.CultureInfo.InvariantCulture), deny: deny));
            if (deny)
            {
                if (decision.Verdict != CallVerdict.Deny)
                {
                    return false;
                }

                continue;
            }

            var expected = reference.Acquire(key, at);
            if (decision.Verdict != expected.Verdict || decision.NotBefore != expected.NotBefore)
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void Idle_caller_IDs_are_evicted_and_come_back_with_a_fresh_quota()
    {
        var policy = new CallerIdRatePolicy(new CallerIdRateOptions { Limit = 2 });
        var start = PolicyHarness.Start.UtcTicks;
        Assert.Equal(CallVerdict.Allow, policy.Acquire(1, start).Verdict);
        Assert.Equal(CallVerdict.Allow, policy.Acquire(2, start + TimeSpan.TicksPerMinute).Verdict);

        policy.Sweep(start + (2 * TimeSpan.TicksPerMinute));
        Assert.Equal(1, policy.TrackedKeys); // key 1 idle for a window and the margin, key 2 not yet

        Assert.Equal(CallVerdict.Allow, policy.Acquire(1, start + (2 * TimeSpan.TicksPerMinute)).Verdict);
        Assert.Equal(CallVerdict.Allow, policy.Acquire(1, start + (2 * TimeSpan.TicksPerMinute)).Verdict);
        Assert.Equal(CallVerdict.Defer, policy.Acquire(1, start + (2 * TimeSpan.TicksPerMinute)).Verdict);
    }

    [Fact]
    public void Invalid_options_report_every_problem_naming_its_key()
    {
        var options = new ChinaDialComplianceOptions
        {
            CallerIdRate = { Limit = 0, Window = TimeSpan.Zero },
            Concurrency = { MaxCallsInProgress = 0 },
            DestinationFrequency = { PerDestination = [new FrequencyCap(0, TimeSpan.FromDays(1))] },
        };

        var errors = options.Validate();
        Assert.Contains(errors, e => e.Contains("ChinaDialCompliance:CallerIdRate:Limit", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("ChinaDialCompliance:CallerIdRate:Window", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("ChinaDialCompliance:Concurrency:MaxCallsInProgress", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("ChinaDialCompliance:DestinationFrequency:PerDestination:0:Limit", StringComparison.Ordinal));
    }

    [Fact]
    public void A_paced_burst_larger_than_the_limit_and_a_sliding_log_over_255_are_rejected()
    {
        var errors = new ChinaDialComplianceOptions { CallerIdRate = { Limit = 3, Burst = 4, Algorithm = CallerIdRateAlgorithm.Paced } }.Validate();
        Assert.Contains(errors, e => e.Contains("CallerIdRate:Burst", StringComparison.Ordinal));
        errors = new ChinaDialComplianceOptions { CallerIdRate = { Limit = 256 } }.Validate();
        Assert.Contains(errors, e => e.Contains("CallerIdRate:Limit", StringComparison.Ordinal));
    }

    [Fact]
    public void The_evaluator_built_from_options_runs_the_stateful_policies_after_the_stateless_ones()
    {
        var evaluator = new ChinaDialComplianceOptions().CreateEvaluator();
        var names = evaluator.Policies.Select(p => p.Name).ToArray();
        Assert.Equal(
            [BuiltInPolicyNames.Destination, BuiltInPolicyNames.CallerId, BuiltInPolicyNames.CallerIdHealth, BuiltInPolicyNames.Consent, BuiltInPolicyNames.CallingHours, BuiltInPolicyNames.DestinationFrequency, BuiltInPolicyNames.CallerIdRate, BuiltInPolicyNames.Concurrency, BuiltInPolicyNames.CallerIdPacing],
            names);
    }
}
