using ChinaDial.Compliance.Tests.RateLimiting;
using FsCheck.Xunit;

namespace ChinaDial.Compliance.Tests.CallerIdRate;

/// <summary>FsCheck properties over 10,000 arbitrary arrival sequences each, for every valid option combination
/// (limit 1-12, windows of 1 tick to 1 day, both algorithms, every burst).</summary>
public class CallerIdRatePropertyTests
{
    private const int Cases = 10_000;

    [Property(MaxTest = Cases)]
    public bool No_sliding_window_ever_holds_more_than_Limit_kept_calls_of_one_caller_ID(byte limitSeed, byte windowSeed, bool paced, byte burstSeed, int[] gaps, byte[] keys, bool[] releases)
    {
        var scenario = RateScenario.Create(limitSeed, windowSeed, paced, burstSeed, gaps, keys, releases);
        var (_, kept) = scenario.Run(new CallerIdRatePolicy(scenario.Options));
        return kept.Values.All(instants => !RateScenario.AnyWindowExceeds(instants, scenario.Options.Limit, scenario.Options.Window.Ticks));
    }

    [Property(MaxTest = Cases)]
    public bool The_guarantee_holds_even_when_instants_arrive_out_of_order(byte limitSeed, byte windowSeed, bool paced, byte burstSeed, int[] gaps, byte[] keys, bool[] releases)
    {
        var scenario = RateScenario.Create(limitSeed, windowSeed, paced, burstSeed, gaps, keys, releases, inOrder: false);
        var (_, kept) = scenario.Run(new CallerIdRatePolicy(scenario.Options));
        return kept.Values.All(instants => !RateScenario.AnyWindowExceeds(instants, scenario.Options.Limit, scenario.Options.Window.Ticks));
    }

    [Property(MaxTest = Cases)]
    public bool The_sliding_log_decides_exactly_like_the_reference_model_including_NotBefore_and_releases(byte limitSeed, byte windowSeed, byte burstSeed, int[] gaps, byte[] keys, bool[] releases)
    {
        var scenario = RateScenario.Create(limitSeed, windowSeed, paced: false, burstSeed, gaps, keys, releases);
        var policy = new CallerIdRatePolicy(scenario.Options);
        var model = new ExactSlidingLogModel(scenario.Options.Limit, scenario.Options.Window.Ticks);
        foreach (var (key, at, release) in scenario.Arrivals)
        {
            var actual = policy.Acquire(key, at);
            var expected = model.Acquire(key, at);
            if ((actual.Verdict == CallVerdict.Allow) != expected.Admitted)
            {
                return false;
            }

            if (!expected.Admitted && (actual.NotBefore!.Value.UtcTicks != expected.NotBefore || actual.Reasons != ReasonCodeSet.Of(ReasonCode.CallerIdRateLimited)))
            {
                return false;
            }

            if (expected.Admitted && release)
            {
                policy.Release(key, actual, at);
                model.Release(key, at);
            }
        }

        return true;
    }

    [Property(MaxTest = Cases)]
    public bool The_paced_variant_decides_exactly_like_sequential_GCRA_including_NotBefore_and_releases(byte limitSeed, byte windowSeed, byte burstSeed, int[] gaps, byte[] keys, bool[] releases)
    {
        var scenario = RateScenario.Create(limitSeed, windowSeed, paced: true, burstSeed, gaps, keys, releases);
        var policy = new CallerIdRatePolicy(scenario.Options);
        var model = new PacedModel(scenario.Options.Limit, scenario.Options.Window.Ticks, scenario.Options.Burst);
        foreach (var (key, at, release) in scenario.Arrivals)
        {
            var actual = policy.Acquire(key, at);
            var expected = model.Acquire(key, at);
            if ((actual.Verdict == CallVerdict.Allow) != expected.Admitted
                || (!expected.Admitted && actual.NotBefore!.Value.UtcTicks != expected.NotBefore))
            {
                return false;
            }

            if (expected.Admitted && release)
            {
                policy.Release(key, actual, at);
                model.Release(key);
            }
        }

        return true;
    }

    [Property(MaxTest = Cases)]
    public bool A_call_at_NotBefore_after_a_deferral_is_admitted_and_one_tick_earlier_is_not(byte limitSeed, byte windowSeed, bool paced, byte burstSeed, int[] gaps, byte[] keys, bool[] releases)
    {
        var scenario = RateScenario.Create(limitSeed, windowSeed, paced, burstSeed, gaps, keys, releases);
        var policy = new CallerIdRatePolicy(scenario.Options);
        scenario.Run(policy);
        var key = scenario.Arrivals.Length == 0 ? 12065550100UL : scenario.Arrivals[^1].Key;
        var now = scenario.Arrivals.Length == 0 ? RateScenario.Base : scenario.Arrivals[^1].At;

        // Fill the caller ID up until it is deferred (at most Limit more calls), then retry exactly at NotBefore.
        PolicyResult result;
        var attempts = 0;
        while ((result = policy.Acquire(key, now)).Verdict == CallVerdict.Allow)
        {
            if (++attempts > scenario.Options.Limit)
            {
                return false;
            }
        }

        var notBefore = result.NotBefore!.Value.UtcTicks;
        if (notBefore <= now)
        {
            return false;
        }

        return (notBefore - 1 == now || policy.Acquire(key, notBefore - 1).Verdict == CallVerdict.Defer)
            && policy.Acquire(key, notBefore).Verdict == CallVerdict.Allow;
    }
}
