using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.Evaluation;

/// <summary>What <see cref="OutboundCall.RequestedAt"/> means: now within the skew tolerance, a preview within the
/// scheduling horizon, a denial beyond it; and one deadline for a decision's asynchronous policies.</summary>
public class RequestedAtTests
{
    private static readonly OutboundCall Call = new("+12065550100", "+8613800138000", CallPurpose.Service);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public async Task A_requested_instant_in_the_past_or_within_the_skew_tolerance_is_judged_and_placeable_now()
    {
        var quota = new CountingQuotaPolicy("rate", 5);
        var seen = new List<CallContext>();
        var evaluator = new OutboundCallEvaluator([Spy(seen), quota], timeProvider: _clock);

        var past = await evaluator.EvaluateAsync(Call with { RequestedAt = Now.AddDays(-3) });
        var skewed = await evaluator.EvaluateAsync(Call with { RequestedAt = Now.AddSeconds(1) });

        Assert.True(past.IsAllowed);
        Assert.True(skewed.IsAllowed);
        Assert.All(seen, c => Assert.Equal(Now, c.Instant));
        Assert.All(seen, c => Assert.False(c.IsPreview));
        Assert.Equal(2, quota.Committed);
    }

    [Fact]
    public async Task A_preview_is_judged_for_its_instant_by_the_policies_that_reserve_nothing_and_deferred_to_it()
    {
        var quota = new CountingQuotaPolicy("rate", 5);
        var seen = new List<CallContext>();
        var evaluator = new OutboundCallEvaluator([Spy(seen), quota], timeProvider: _clock);
        var requested = Now.AddHours(5);

        var decision = await evaluator.EvaluateAsync(Call with { RequestedAt = requested });

        Assert.Equal(CallVerdict.Defer, decision.Verdict);
        Assert.Equal([ReasonCode.NotYetDue], decision.Reasons.ToArray());
        Assert.Equal(requested, decision.NotBefore);
        Assert.Null(decision.Ticket);
        var context = Assert.Single(seen);
        Assert.True(context.IsPreview);
        Assert.Equal(requested, context.Instant);
        Assert.Equal(Now, context.EvaluatedAt);
        Assert.Equal(0, quota.Reserved);
    }

    [Fact]
    public async Task A_preview_keeps_every_denial_and_defers_to_the_latest_of_its_instant_and_the_other_deferrals()
    {
        var requested = Now.AddHours(5);
        var evaluator = new OutboundCallEvaluator(
            [new ScriptedPolicy("hours", c => PolicyResult.Defer(ReasonCode.OutsideCallingHours, c.Instant.AddHours(2)))],
            timeProvider: _clock);
        var denying = new OutboundCallEvaluator([new ScriptedPolicy("consent", _ => PolicyResult.Deny(ReasonCode.OptedOut))], timeProvider: _clock);

        var deferred = await evaluator.EvaluateAsync(Call with { RequestedAt = requested });
        var denied = await denying.EvaluateAsync(Call with { RequestedAt = requested });

        Assert.Equal([ReasonCode.OutsideCallingHours, ReasonCode.NotYetDue], deferred.Reasons.ToArray());
        Assert.Equal(requested.AddHours(2), deferred.NotBefore);
        Assert.Equal(CallVerdict.Deny, denied.Verdict);
        Assert.Equal([ReasonCode.OptedOut], denied.Reasons.ToArray());
    }

    [Fact]
    public async Task A_call_requested_beyond_the_horizon_is_denied_without_asking_any_policy()
    {
        var seen = new List<CallContext>();
        var options = new OutboundCallEvaluatorOptions { SchedulingHorizon = TimeSpan.FromDays(2) };
        var evaluator = new OutboundCallEvaluator([Spy(seen)], options, _clock);

        var within = await evaluator.EvaluateAsync(Call with { RequestedAt = Now.AddDays(2) });
        var beyond = await evaluator.EvaluateAsync(Call with { RequestedAt = Now.AddDays(2).AddTicks(1) });

        Assert.Equal(CallVerdict.Defer, within.Verdict);
        Assert.Equal(CallVerdict.Deny, beyond.Verdict);
        Assert.Equal([ReasonCode.RequestedTimeOutOfRange], beyond.Reasons.ToArray());
        Assert.Single(seen);
    }

    [Fact]
    public async Task The_asynchronous_policies_of_one_decision_share_one_deadline()
    {
        var slow = new DelayedPolicy("slow", _clock, TimeSpan.FromMilliseconds(150));
        var hanging = new HangingPolicy("hanging");
        var evaluator = new OutboundCallEvaluator([slow, hanging], new OutboundCallEvaluatorOptions { PolicyTimeout = TimeSpan.FromMilliseconds(250) }, _clock);

        var pending = evaluator.EvaluateAsync(Call).AsTask();
        _clock.Advance(TimeSpan.FromMilliseconds(150));
        await WaitUntilAsync(() => slow.Answered);
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        var decision = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(CallVerdict.Deny, decision.Verdict);
        Assert.Equal([ReasonCode.PolicyError], decision.Reasons.ToArray());
    }

    [Theory]
    [InlineData("calling-hours")]
    [InlineData("CALLER-ID-RATE")]
    [InlineData("spy")]
    public void Policy_modes_may_name_a_policy_of_the_evaluator_or_a_built_in_one(string name)
        => _ = new OutboundCallEvaluator([Spy([])], new OutboundCallEvaluatorOptions { PolicyModes = { [name] = PolicyMode.Observe } }, _clock);

    [Fact]
    public void Policy_modes_naming_no_policy_are_refused_with_the_name()
    {
        var error = Assert.Throws<ArgumentException>(() => new OutboundCallEvaluator([Spy([])], new OutboundCallEvaluatorOptions { PolicyModes = { ["callerid-rate"] = PolicyMode.Observe } }, _clock));
        Assert.Contains("Evaluator:PolicyModes:callerid-rate names no policy", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(61_000, 2)]
    [InlineData(250, 0)]
    [InlineData(250, 86_400_000L * 367)]
    public void Evaluator_durations_outside_their_bounds_are_refused(long policyTimeoutMs, long ticketLifetimeMs)
    {
        var options = new OutboundCallEvaluatorOptions
        {
            PolicyTimeout = TimeSpan.FromMilliseconds(policyTimeoutMs),
            TicketLifetime = TimeSpan.FromMilliseconds(ticketLifetimeMs),
        };

        Assert.Throws<ArgumentException>(() => new OutboundCallEvaluator([], options, _clock));
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, 0)]
    [InlineData(367 * 24, 1)]
    [InlineData(24, 61)]
    [InlineData(1, 3600)]
    public void A_horizon_or_skew_tolerance_outside_its_bounds_is_refused(long horizonHours, long skewSeconds)
    {
        var options = new OutboundCallEvaluatorOptions
        {
            SchedulingHorizon = TimeSpan.FromHours(horizonHours),
            ClockSkewTolerance = TimeSpan.FromSeconds(skewSeconds),
        };

        Assert.Throws<ArgumentException>(() => new OutboundCallEvaluator([], options, _clock));
    }

    private static ScriptedPolicy Spy(List<CallContext> seen) => new("spy", c =>
    {
        seen.Add(c);
        return PolicyResult.Allow();
    });

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(5);
        }
    }

    /// <summary>Answers after <c>delay</c> on the fake clock.</summary>
    private sealed class DelayedPolicy(string name, TimeProvider clock, TimeSpan delay) : IOutboundCallPolicy
    {
        public string Name { get; } = name;

        public bool Answered { get; private set; }

        public async ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
        {
            await Task.Delay(delay, clock, cancellationToken);
            Answered = true;
            return PolicyResult.Allow();
        }
    }
}
