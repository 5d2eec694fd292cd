using System.Reflection;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.Evaluation;

/// <summary>
/// The evaluator runs the policies that reserve nothing first, then the reserving ones, which reserve only for a call
/// nothing refused and are otherwise only checked; the running tally lives in the evaluator, not in the context.
/// </summary>
public class TwoPhaseEvaluationTests
{
    private const string CallerId = "+12065550100";
    private const string Callee = "+8613800138000";

    // 10:00 in Shanghai: inside the calling window.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));

    private static ChinaDialComplianceOptions Options()
    {
        var options = new ChinaDialComplianceOptions();
        options.CallerIds.Approved = [CallerId, "+12065550101"];
        return options;
    }

    [Fact]
    public async Task A_call_denied_by_a_policy_that_reserves_nothing_leaves_no_key_in_any_in_process_table()
    {
        using var evaluator = Options().CreateEvaluator(_clock);

        // Marketing without consent: the consent policy (phase one) denies it.
        var decision = await evaluator.EvaluateAsync(new OutboundCall(CallerId, Callee, CallPurpose.Marketing));

        Assert.Equal(CallVerdict.Deny, decision.Verdict);
        Assert.Equal([ReasonCode.NoConsent], decision.Reasons.ToArray());
        AssertNoState(evaluator);
    }

    [Fact]
    public async Task A_call_deferred_by_calling_hours_reserves_nothing_and_leaves_no_key_in_any_in_process_table()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero)); // 23:00 in Shanghai
        using var evaluator = Options().CreateEvaluator(_clock);

        var decision = await evaluator.EvaluateAsync(new OutboundCall(CallerId, Callee, CallPurpose.Service));

        Assert.Equal(CallVerdict.Defer, decision.Verdict);
        Assert.Equal([ReasonCode.OutsideCallingHours], decision.Reasons.ToArray());
        AssertNoState(evaluator);

        // The same call inside the window does take its place: the tables are the ones that would have held the key.
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero));
        Assert.True((await evaluator.EvaluateAsync(new OutboundCall(CallerId, Callee, CallPurpose.Service))).IsAllowed);
        Assert.Equal(1, Policy<CallerIdRatePolicy>(evaluator).TrackedKeys);
        Assert.Equal(1, Policy<DestinationFrequencyPolicy>(evaluator).TrackedDestinations);
        Assert.Equal(1, Policy<DestinationFrequencyPolicy>(evaluator).TrackedPairs);
        Assert.Equal(1, Policy<ConcurrencyPolicy>(evaluator).TrackedKeys);
    }

    [Fact]
    public async Task A_third_party_reserving_policy_is_only_checked_for_a_call_another_policy_refused_whatever_its_place()
    {
        var recording = new RecordingReservingPolicy("third-party-quota", retryIn: TimeSpan.FromMinutes(2));
        var denying = new ScriptedPolicy("deny-all", _ => PolicyResult.Deny(ReasonCode.OptedOut));
        using var evaluator = new OutboundCallEvaluator([recording, denying], timeProvider: _clock);

        var decision = await evaluator.EvaluateAsync(new OutboundCall(CallerId, Callee, CallPurpose.Service));

        Assert.Equal(CallVerdict.Deny, decision.Verdict);
        Assert.Equal(0, recording.Evaluations);
        Assert.Equal(1, recording.Checks);
        Assert.Equal(0, recording.Reserved);
        Assert.Equal(0, recording.Released);

        // Its check's objection is reported with the others.
        Assert.Equal([ReasonCode.OptedOut, ReasonCode.CallerIdRateLimited], decision.Reasons.ToArray());
    }

    [Fact]
    public async Task A_third_party_reserving_policy_reserves_and_is_committed_for_a_call_nothing_refused()
    {
        var recording = new RecordingReservingPolicy("third-party-quota", retryIn: null);
        using var evaluator = new OutboundCallEvaluator([recording, new ScriptedPolicy("allow-all", _ => PolicyResult.Allow())], timeProvider: _clock);

        var decision = await evaluator.EvaluateAsync(new OutboundCall(CallerId, Callee, CallPurpose.Service));

        Assert.True(decision.IsAllowed);
        Assert.Equal((1, 0, 1, 1), (recording.Evaluations, recording.Checks, recording.Reserved, recording.Committed));
    }

    [Fact]
    public async Task A_reserving_policy_that_keeps_the_default_check_has_no_opinion_on_a_refused_call()
    {
        var quota = new CountingQuotaPolicy("quota", capacity: 0); // would defer every call it is asked to reserve for
        using var evaluator = new OutboundCallEvaluator([quota, new ScriptedPolicy("deny-all", _ => PolicyResult.Deny(ReasonCode.OptedOut))], timeProvider: _clock);

        var decision = await evaluator.EvaluateAsync(new OutboundCall(CallerId, Callee, CallPurpose.Service));

        Assert.Equal([ReasonCode.OptedOut], decision.Reasons.ToArray());
        Assert.Equal(0, quota.Reserved);
    }

    [Fact]
    public async Task A_reservation_returned_by_a_check_is_given_back_at_once()
    {
        var rogue = new RecordingReservingPolicy("rogue", retryIn: null) { ReserveOnCheck = true };
        using var evaluator = new OutboundCallEvaluator([rogue, new ScriptedPolicy("deny-all", _ => PolicyResult.Deny(ReasonCode.OptedOut))], timeProvider: _clock);

        var decision = await evaluator.EvaluateAsync(new OutboundCall(CallerId, Callee, CallPurpose.Service));

        Assert.Equal(CallVerdict.Deny, decision.Verdict);
        Assert.Equal((1, 1, 0), (rogue.Reserved, rogue.Released, rogue.Committed));
    }

    [Fact]
    public void Call_context_exposes_no_settable_state()
    {
        const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var type = typeof(CallContext);

        Assert.All(type.GetFields(Instance), field => Assert.True(field.IsInitOnly, $"CallContext.{field.Name} is a writable field."));
        Assert.All(type.GetProperties(Instance), property => Assert.Null(property.GetSetMethod(nonPublic: true)));
        Assert.DoesNotContain(type.GetProperties(Instance), p => p.Name is "IsDenied" or "Verdict" or "Reasons" or "Reservations");
    }

    private static T Policy<T>(OutboundCallEvaluator evaluator) => evaluator.Policies.OfType<T>().Single();

    private static void AssertNoState(OutboundCallEvaluator evaluator)
    {
        Assert.Equal(0, Policy<CallerIdRatePolicy>(evaluator).TrackedKeys);
        Assert.Equal(0, Policy<DestinationFrequencyPolicy>(evaluator).TrackedDestinations);
        Assert.Equal(0, Policy<DestinationFrequencyPolicy>(evaluator).TrackedPairs);
        Assert.Equal(0, Policy<ConcurrencyPolicy>(evaluator).TrackedKeys);
    }

    /// <summary>A third-party reserving policy that records what it is asked; it defers by <c>retryIn</c> when set.</summary>
    private sealed class RecordingReservingPolicy(string name, TimeSpan? retryIn) : IReservingCallPolicy
    {
        private readonly object _token = new();

        public string Name { get; } = name;

        public bool ReserveOnCheck { get; init; }

        public int Evaluations { get; private set; }

        public int Checks { get; private set; }

        public int Reserved { get; private set; }

        public int Committed { get; private set; }

        public int Released { get; private set; }

        public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
        {
            Evaluations++;
            return new(Answer(context, reserve: true));
        }

        public ValueTask<PolicyResult> CheckAsync(CallContext context, CancellationToken cancellationToken)
        {
            Checks++;
            return new(Answer(context, reserve: ReserveOnCheck));
        }

        public void Commit(CallContext context, in PolicyResult reservation) => Committed++;

        public void Release(CallContext context, in PolicyResult reservation) => Released++;

        public void Complete(CallContext context, in PolicyResult reservation, CallOutcome outcome, DateTimeOffset completedAt)
        {
        }

        private PolicyResult Answer(CallContext context, bool reserve)
        {
            if (retryIn is { } wait)
            {
                return PolicyResult.Defer(ReasonCode.CallerIdRateLimited, context.Instant + wait);
            }

            if (!reserve)
            {
                return PolicyResult.Allow();
            }

            Reserved++;
            return PolicyResult.Allow(_token, Reserved);
        }
    }
}
