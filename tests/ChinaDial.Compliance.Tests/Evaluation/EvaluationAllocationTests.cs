using System.Globalization;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.Evaluation;

/// <summary>
/// What the evaluator itself allocates per call (issue 20): the call's context, one ticket object that carries the
/// evaluation state, and, once a reserving policy reserves, one array of sixteen-byte reservations (not whole
/// <see cref="PolicyResult"/>s). Measured over policies that allocate nothing themselves, so the count is the
/// evaluator's alone and does not depend on when the thread pool sweeps the built-in tables (the built-in policies are
/// measured by <c>CampaignBenchmarks</c> and <c>CampaignProfileBenchmarks</c>). Counted with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/>, never timed.
/// </summary>
[Collection(MemoryMeasurement.Name)]
public sealed class EvaluationAllocationTests
{
    private const int ReservingPolicies = 4;
    private const int WarmUp = 2000;
    private const int Measured = 2000;

    /// <summary>Measured 328 B: the context and the ticket with the evaluation state (240 B) and four reservations
    /// (24 + 4 × 16 B). Before (e704e89), holding whole results and the state in an object of its own: 512 B.</summary>
    private const int AllowedBudget = 336;

    /// <summary>Measured 240 B: the context and the ticket object that carries the state. Before (e704e89): 472 B (the
    /// reservations array was allocated before any policy had answered).</summary>
    private const int RefusedBudget = 248;

    [Fact]
    public void An_allowed_call_allocates_its_context_one_ticket_and_one_small_array_of_reservations()
    {
        var (bytes, allowed) = Measure(refuse: false);

        Assert.Equal(Measured, allowed);
        var perCall = bytes / (double)Measured;
        Assert.True(perCall <= AllowedBudget, $"{perCall:F0} B per allowed call (budget {AllowedBudget} B)");
    }

    [Fact]
    public void A_call_refused_before_the_reserving_policies_allocates_its_context_and_its_state_only()
    {
        var (bytes, allowed) = Measure(refuse: true);

        Assert.Equal(0, allowed);
        var perCall = bytes / (double)Measured;
        Assert.True(perCall <= RefusedBudget, $"{perCall:F0} B per refused call (budget {RefusedBudget} B)");
    }

    /// <summary>Evaluates calls (completing every ticket) after a warm-up and counts the bytes this thread allocated.</summary>
    private static (long Bytes, int Allowed) Measure(bool refuse)
    {
        IOutboundCallPolicy[] policies =
        [
            new Answering(refuse),
            .. Enumerable.Range(0, ReservingPolicies).Select(i => new Reserving("reserving-" + i.ToString(CultureInfo.InvariantCulture))),
        ];
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        using var evaluator = new OutboundCallEvaluator(policies, timeProvider: clock);
        var calls = Enumerable.Range(0, WarmUp + Measured)
            .Select(i => new OutboundCall("+12065551000", "+86138" + i.ToString("D8", CultureInfo.InvariantCulture), CallPurpose.Service))
            .ToArray();
        return DecisionAllocations.Measure(evaluator, clock, TimeSpan.FromSeconds(1), calls, WarmUp);
    }

    /// <summary>A policy that reserves nothing: allows every call, or denies every call.</summary>
    private sealed class Answering(bool refuse) : IOutboundCallPolicy
    {
        private static readonly PolicyResult Denied = PolicyResult.Deny(ReasonCode.CallerIdNotApproved);

        public string Name => "answering";

        public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
            => new(refuse ? Denied : PolicyResult.Allow());
    }

    /// <summary>A reserving policy that reserves a shared token (allocating nothing) and takes it back.</summary>
    private sealed class Reserving(string name) : IReservingCallPolicy
    {
        private static readonly object Token = new();

        public string Name => name;

        public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
            => new(PolicyResult.Allow(Token, 1));

        public void Commit(CallContext context, in PolicyResult reservation)
        {
        }

        public void Release(CallContext context, in PolicyResult reservation)
        {
        }

        public void Complete(CallContext context, in PolicyResult reservation, CallOutcome outcome, DateTimeOffset completedAt)
        {
        }
    }
}
