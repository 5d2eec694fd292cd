using System.Diagnostics;
using ChinaDial.Compliance.Cli.Commands.Plan;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ChinaDial.Compliance.Cli.Tests.Plan;

/// <summary>
/// Issue 21, point 3: a seeded campaign of 100,000 callees through the selector and the evaluator (library defaults, so
/// pacing on) on a virtual clock. With the pool the planner recommends: no quarantine, no rule broken, done in its
/// days. With half that pool: no quarantine either, the SDK defers instead. Naive round-robin on the recommended pool
/// with pacing off (the SDK before issue 21): quarantines.
/// </summary>
public class CampaignSimulationTests(ITestOutputHelper output)
{
    /// <summary>Service calls (no consent needed), 09:00-21:00 Shanghai, a pickup of one in four (Beta, mean 0.25),
    /// answered calls of 3 minutes on average, every unanswered callee called once more two hours later, two days.</summary>
    private static readonly CampaignSpec Campaign = new()
    {
        Callees = 100_000,
        Purpose = CallPurpose.Service,
        StartDate = new DateOnly(2026, 11, 23),
        AnswerRate = 0.25,
        CallLength = TimeSpan.FromMinutes(3),
        Attempts = 2,
        RetryAfter = TimeSpan.FromHours(2),
        Days = 2,
        Seed = 21,
    };

    private static (TimeProvider, Action<DateTimeOffset>) VirtualClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        return (clock, clock.SetUtcNow);
    }

    private void Report(string name, SimulationResult run, TimeSpan took)
        => output.WriteLine($"{name}: {run.PoolSize} caller IDs, {run.Placed.Count} calls, {run.Reached} callees reached, finished {run.Finished} at {run.End:u}; quarantines {run.Quarantines}; deferrals {run.TotalDeferrals} ({string.Join(", ", run.Deferrals.Select(d => $"{d.Key.ToJsonName()} {d.Value}"))}); selector waits {run.SelectorWaits} (pacing {run.PacingWaits}); breaches {run.TotalBreaches}; peak callees/hour {run.Peaks.GetValueOrDefault(CallerIdHealthSignal.DistinctCalleesPerHour):0.0} (exact {run.PeakExactCalleesPerHour}); caller IDs per callee {run.PeakCallerIdsPerCallee}; {took.TotalSeconds:0.0} s; changes: {string.Join(", ", run.Changes.GroupBy(c => (c.State, c.Signal)).Select(g => $"{g.Key.State} {g.Key.Signal} x{g.Count()}"))}");

    [Fact]
    public void The_planner_pool_dials_without_a_flag_half_of_it_defers_instead_and_naive_round_robin_gets_quarantined()
    {
        var watch = Stopwatch.StartNew();
        var plan = CampaignPlanner.Plan(Campaign, () => new ChinaDialComplianceOptions(), 2048, VirtualClock);
        var planned = plan.Best!;
        foreach (var probe in plan.Probes)
        {
            Report("probe", probe, TimeSpan.Zero);
        }

        Report($"planner ({plan.Probes.Count} simulations)", planned, watch.Elapsed);

        watch.Restart();
        var (clock, move) = VirtualClock();
        var half = CampaignSimulation.Run(Campaign, () => new ChinaDialComplianceOptions(), planned.PoolSize / 2, DialingStrategy.Selector, clock, move, stopAt: planned.Deadline.AddDays(5));
        Report("half pool", half, watch.Elapsed);

        watch.Restart();
        (clock, move) = VirtualClock();
        var naive = CampaignSimulation.Run(Campaign, () => new ChinaDialComplianceOptions { CallerIdPacing = { Enabled = false } }, planned.PoolSize, DialingStrategy.RoundRobin, clock, move);
        Report("round-robin", naive, watch.Elapsed);

        // The planner's pool: done in its days, no quarantine, no rule broken.
        Assert.True(planned.Finished && planned.Quarantines == 0 && planned.TotalBreaches == 0);

        // Half of it: no quarantine and no rule broken either; the SDK makes it wait for headroom instead (so it takes longer).
        Assert.Equal((0, 0L), (half.Quarantines, half.TotalBreaches));
        Assert.True(half.PacingWaits > 2 * planned.PacingWaits && half.End > planned.End, $"half pool: {half.PacingWaits} waits for pacing, done {half.End:u}; planner pool: {planned.PacingWaits}, done {planned.End:u}");

        // The same pool, dialed round-robin as fast as the SDK without pacing allows: caller IDs get quarantined.
        Assert.True(naive.Quarantines > 0);
    }
}
