using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance.Cli.Commands.Plan;

/// <summary>
/// Finds the smallest pool of caller IDs that dials a campaign within its days with no caller ID quarantined and no
/// rule broken, by simulating it (<see cref="CampaignSimulation"/>, the selector and the evaluator). It starts with one
/// caller ID; a pool that does not finish is followed by one as much larger as the share of the campaign it left undone
/// asks, and a pool that finishes by one as much smaller as the share of the calling time it left unused offers (steps
/// of the search, not answers); when a step does not narrow the range, the gap between the largest pool that failed and
/// the smallest that succeeded is halved, until they are one apart. Every number it reports is a simulation's.
/// </summary>
internal static class CampaignPlanner
{
    /// <summary>Plans <paramref name="spec"/> under the options <paramref name="policy"/> makes, with at most
    /// <paramref name="maxCallerIds"/> caller IDs.</summary>
    /// <param name="spec">The campaign.</param>
    /// <param name="policy">Makes the options to run under (a new instance per simulation).</param>
    /// <param name="maxCallerIds">The largest pool tried.</param>
    /// <param name="clock">Makes a virtual clock and the way to move it, one per simulation.</param>
    public static CampaignPlan Plan(CampaignSpec spec, Func<ChinaDialComplianceOptions> policy, int maxCallerIds, Func<(TimeProvider Clock, Action<DateTimeOffset> Move)> clock)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(clock);
        var callees = new SimulatedCallees(spec);
        var probes = new List<SimulationResult>();
        SimulationResult? best = null;
        var failed = 0;
        var size = 1;
        while (true)
        {
            var (provider, move) = clock();
            var result = CampaignSimulation.Run(spec, policy, size, DialingStrategy.Selector, provider, move, callees: callees);
            probes.Add(result);
            if (Succeeded(result))
            {
                best = best is null || result.PoolSize < best.PoolSize ? result : best;
            }
            else
            {
                failed = Math.Max(failed, size);
            }

            if ((best is not null && best.PoolSize - failed <= 1) || (best is null && size >= maxCallerIds))
            {
                break;
            }

            // The next pool: scaled by the share of the campaign a failed run did, or of the calling time a finished one
            // used; within the range still open, else its middle.
            var guess = Succeeded(result)
                ? (long)Math.Ceiling(size * result.CallingTimeUsed * 1.03)
                : (long)Math.Ceiling(size / Math.Max(result.Progress, 1e-3) * 1.02);
            var (low, high) = (failed + 1L, best is null ? Math.Min(maxCallerIds, (long)size * 16) : best.PoolSize - 1L);
            size = (int)(guess >= low && guess <= high && guess != size ? guess : best is null ? high : failed + ((best.PoolSize - failed) / 2));
        }

        return new CampaignPlan(spec, best, probes);
    }

    /// <summary>Whether a run dialed the whole campaign in its days, with no quarantine and no rule broken.</summary>
    public static bool Succeeded(SimulationResult result) => result.Finished && result.Quarantines == 0 && result.TotalBreaches == 0;
}

/// <summary>The plan: the smallest pool that succeeded (null when none up to the most tried did) and every simulation run.</summary>
internal sealed record CampaignPlan(CampaignSpec Spec, SimulationResult? Best, IReadOnlyList<SimulationResult> Probes);
