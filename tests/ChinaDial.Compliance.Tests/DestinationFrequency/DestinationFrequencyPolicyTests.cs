using ChinaDial.Compliance.Tests.RateLimiting;
using FsCheck.Xunit;

namespace ChinaDial.Compliance.Tests.DestinationFrequency;

public class DestinationFrequencyPolicyTests
{
    private static readonly long[] Windows = [7, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute, TimeSpan.TicksPerHour, TimeSpan.TicksPerDay];

    [Fact]
    public void A_fourth_call_to_one_callee_in_a_day_is_deferred_until_the_first_leaves_the_window_whoever_calls()
    {
        var (evaluator, time) = PolicyHarness.Evaluator(new DestinationFrequencyPolicy(new DestinationFrequencyOptions()));
        for (var i = 0; i < 3; i++)
        {
            Assert.True(evaluator.Decide(PolicyHarness.Call("+1206555010" + i)).IsAllowed);
            time.Advance(TimeSpan.FromHours(1));
        }

        var fourth = evaluator.Decide(PolicyHarness.Call("+12065550109"));
        Assert.Equal(CallVerdict.Defer, fourth.Verdict);
        Assert.Equal(ReasonCodeSet.Of(ReasonCode.DestinationFrequencyExceeded), fourth.Reasons);
        Assert.Equal(PolicyHarness.Start + TimeSpan.FromDays(1), fourth.NotBefore);
        Assert.True(evaluator.Decide(PolicyHarness.Call("+12065550109", "+8613900139000")).IsAllowed); // another callee
    }

    [Fact]
    public void A_third_call_from_one_caller_ID_to_one_callee_in_a_day_is_deferred()
    {
        var (evaluator, time) = PolicyHarness.Evaluator(new DestinationFrequencyPolicy(new DestinationFrequencyOptions()));
        Assert.True(evaluator.Decide(PolicyHarness.Call()).IsAllowed);
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.True(evaluator.Decide(PolicyHarness.Call()).IsAllowed);
        var third = evaluator.Decide(PolicyHarness.Call());
        Assert.Equal(CallVerdict.Defer, third.Verdict);
        Assert.Equal(PolicyHarness.Start + TimeSpan.FromDays(1), third.NotBefore);
    }

    [Fact]
    public void With_a_short_and_a_long_window_NotBefore_is_the_later_of_the_two()
    {
        var options = new DestinationFrequencyOptions
        {
            PerDestination = [new FrequencyCap(3, TimeSpan.FromDays(1)), new FrequencyCap(1, TimeSpan.FromMinutes(10))],
            PerCallerIdAndDestination = [],
        };
        var (evaluator, time) = PolicyHarness.Evaluator(new DestinationFrequencyPolicy(options));
        Assert.True(evaluator.Decide(PolicyHarness.Call()).IsAllowed);
        Assert.Equal(PolicyHarness.Start + TimeSpan.FromMinutes(10), evaluator.Decide(PolicyHarness.Call()).NotBefore);

        time.Advance(TimeSpan.FromMinutes(10));
        Assert.True(evaluator.Decide(PolicyHarness.Call()).IsAllowed);
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.True(evaluator.Decide(PolicyHarness.Call()).IsAllowed);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(PolicyHarness.Start + TimeSpan.FromDays(1), evaluator.Decide(PolicyHarness.Call()).NotBefore);
    }

    [Fact]
    public void A_call_denied_by_another_policy_or_cancelled_is_not_an_attempt()
    {
        var options = new DestinationFrequencyOptions { PerDestination = [new FrequencyCap(1, TimeSpan.FromDays(1))] };
        var (evaluator, _) = PolicyHarness.Evaluator(new DestinationFrequencyPolicy(options), new DenyingTestPolicy());
        Assert.Equal(CallVerdict.Deny, evaluator.Decide(PolicyHarness.Call(deny: true)).Verdict);
        var allowed = evaluator.Decide(PolicyHarness.Call());
        Assert.True(allowed.IsAllowed);
        Assert.True(allowed.Ticket!.Cancel());
        Assert.True(evaluator.Decide(PolicyHarness.Call()).IsAllowed);
    }

    [Fact]
    public void A_call_already_denied_by_an_earlier_policy_leaves_no_state_but_still_lists_a_reached_cap()
    {
        var policy = new DestinationFrequencyPolicy(new DestinationFrequencyOptions { PerDestination = [new FrequencyCap(1, TimeSpan.FromDays(1))] });
        var (evaluator, _) = PolicyHarness.Evaluator(new DenyingTestPolicy(), policy);

        var denied = evaluator.Decide(PolicyHarness.Call("+12065550100", "+8613900139000", deny: true));
        Assert.Equal(ReasonCodeSet.Of(ReasonCode.NoConsent), denied.Reasons);
        Assert.Equal(0, policy.TrackedDestinations);

        Assert.True(evaluator.Decide(PolicyHarness.Call()).IsAllowed);
        var deniedAtCap = evaluator.Decide(PolicyHarness.Call(deny: true));
        Assert.Equal(CallVerdict.Deny, deniedAtCap.Verdict);
        Assert.Equal(ReasonCodeSet.Of(ReasonCode.NoConsent, ReasonCode.DestinationFrequencyExceeded), deniedAtCap.Reasons);
        Assert.Equal(1, policy.TrackedDestinations);
    }

    [Fact]
    public void Caller_ID_rate_and_concurrency_list_their_objection_on_a_call_already_denied_without_claiming()
    {
        var rate = new CallerIdRatePolicy(new CallerIdRateOptions { Limit = 1 });
        var concurrency = new ConcurrencyPolicy(new ConcurrencyOptions { MaxCallsInProgress = 1 });
        var (evaluator, time) = PolicyHarness.Evaluator(new DenyingTestPolicy(), rate, concurrency);

        Assert.Equal(ReasonCodeSet.Of(ReasonCode.NoConsent), evaluator.Decide(PolicyHarness.Call(deny: true)).Reasons);
        Assert.Equal(0, rate.TrackedKeys);
        Assert.True(evaluator.Decide(PolicyHarness.Call()).IsAllowed);
        Assert.Equal(
            ReasonCodeSet.Of(ReasonCode.NoConsent, ReasonCode.CallerIdRateLimited, ReasonCode.ConcurrencyLimited),
            evaluator.Decide(PolicyHarness.Call(deny: true)).Reasons);

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(ReasonCodeSet.Of(ReasonCode.NoConsent, ReasonCode.ConcurrencyLimited), evaluator.Decide(PolicyHarness.Call(deny: true)).Reasons);
    }

    [Property(MaxTest = 10_000)]
    public bool Decisions_and_NotBefore_match_an_exact_multi_window_model(byte capSeed, int[] gaps, byte[] callers, byte[] callees, bool[] releases)
    {
        gaps ??= [];
        callers ??= [];
        callees ??= [];
        releases ??= [];
        var calleeCaps = Caps(capSeed % 2 + 1, capSeed);
        var pairCaps = Caps(capSeed / 2 % 3, capSeed / 7);
        var policy = new DestinationFrequencyPolicy(new DestinationFrequencyOptions
        {
            PerDestination = [.. calleeCaps.Select(c => new FrequencyCap(c.Limit, TimeSpan.FromTicks(c.Window)))],
            PerCallerIdAndDestination = [.. pairCaps.Select(c => new FrequencyCap(c.Limit, TimeSpan.FromTicks(c.Window)))],
        });
        var kept = new List<(ulong Caller, ulong Callee, long At)>();
        var at = RateScenario.Base;
        for (var i = 0; i < gaps.Length; i++)
        {
            var g = Math.Abs((long)gaps[i]);
            at += (g % 4) switch { 0 => 0, 1 => Windows[g % Windows.Length], _ => Windows[g % Windows.Length] * (g % 5) / 5 };
            var caller = 12065550100UL + (ulong)(callers.Length == 0 ? 0 : callers[i % callers.Length] % 3);
            var callee = 8613800138000UL + (ulong)(callees.Length == 0 ? 0 : callees[i % callees.Length] % 3);

            var expectedNotBefore = at;
            foreach (var (limit, window) in calleeCaps)
            {
                expectedNotBefore = Math.Max(expectedNotBefore, FreeAt(kept.Where(k => k.Callee == callee), limit, window, at));
            }

            foreach (var (limit, window) in pairCaps)
            {
                expectedNotBefore = Math.Max(expectedNotBefore, FreeAt(kept.Where(k => k.Callee == callee && k.Caller == caller), limit, window, at));
            }

            var result = policy.Acquire(caller, callee, at);
            var expectedAdmit = expectedNotBefore == at;
            if ((result.Verdict == CallVerdict.Allow) != expectedAdmit)
            {
                return false;
            }

            if (!expectedAdmit)
            {
                if (result.NotBefore!.Value.UtcTicks != expectedNotBefore)
                {
                    return false;
                }

                continue;
            }

            if (releases.Length > 0 && releases[i % releases.Length])
            {
                policy.Release(caller, callee, result, at);
            }
            else
            {
                kept.Add((caller, callee, at));
            }
        }

        return true;
    }

    /// <summary>The first instant at which fewer than <paramref name="limit"/> of the instants lie in the window ending there.</summary>
    private static long FreeAt(IEnumerable<(ulong Caller, ulong Callee, long At)> calls, int limit, long window, long at)
    {
        var inWindow = calls.Select(c => c.At).Where(x => x > at - window).Order().ToList();
        return inWindow.Count < limit ? at : inWindow[inWindow.Count - limit] + window;
    }

    private static List<(int Limit, long Window)> Caps(int count, int seed)
    {
        var caps = new List<(int, long)>();
        for (var i = 0; i < count; i++)
        {
            caps.Add((1 + ((seed + i) % 4), Windows[(seed / 3 + (i * 2)) % Windows.Length]));
        }

        return caps;
    }
}
