using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>
/// The per-caller-ID rate limit. Bound from the <c>ChinaDialCompliance:CallerIdRate</c> configuration section.
/// A guarantee, not an average: no window of length <see cref="Window"/> (sliding, not per calendar minute) ever holds
/// more than <see cref="Limit"/> admitted calls from one caller ID.
/// </summary>
public sealed class CallerIdRateOptions
{
    /// <summary>Whether the policy runs. Default: <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// At most this many calls per caller ID in any <see cref="Window"/>. Default: 5 (Amazon Connect's China
    /// restrictions: "more than 5 calls per minute" from one caller ID is prohibited).
    /// </summary>
    public int Limit { get; set; } = 5;

    /// <summary>The sliding window. Default: 1 minute (Amazon Connect's China restrictions).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The burst/pacing trade-off. Default: <see cref="CallerIdRateAlgorithm.SlidingLog"/> (full burst, the most throughput).</summary>
    public CallerIdRateAlgorithm Algorithm { get; set; } = CallerIdRateAlgorithm.SlidingLog;

    /// <summary>For <see cref="CallerIdRateAlgorithm.Paced"/>: calls admitted at once, 1 to <see cref="Limit"/>. Default: 1 (evenly paced).</summary>
    public int Burst { get; set; } = 1;

    /// <summary>The largest <see cref="Limit"/> with <see cref="CallerIdRateAlgorithm.Paced"/>: a burst's tolerance,
    /// (Burst - 1) x ceil(Window / (Limit - Burst + 1)), then stays within the instants the tables can hold.</summary>
    internal const int MaxPacedLimit = 10_000;

    /// <summary>Adds one error per bad value to <paramref name="errors"/>, each naming its key under <paramref name="path"/>.</summary>
    internal void Validate(ICollection<string> errors, string path)
    {
        OptionChecks.Positive(errors, $"{path}:Window", Window, OptionChecks.MaxWindow);
        if (!OptionChecks.Defined(errors, $"{path}:Algorithm", Algorithm))
        {
            return;
        }

        var max = Algorithm == CallerIdRateAlgorithm.SlidingLog ? SlidingLogTable.MaxLimit : MaxPacedLimit;
        if (Limit < 1 || Limit > max)
        {
            var hint = Algorithm == CallerIdRateAlgorithm.SlidingLog && Limit > max ? $" (Algorithm Paced takes limits up to {MaxPacedLimit})" : string.Empty;
            errors.Add($"{path}:Limit must be between 1 and {max} with Algorithm {Algorithm}; it is {Limit}{hint}.");
            return;
        }

        if (Algorithm == CallerIdRateAlgorithm.SlidingLog)
        {
            return;
        }

        // Paced spaces calls ceil(Window / (Limit - Burst + 1)) apart (PacedTable rounds up): at least one tick for
        // every positive window, and within the guarantee.
        OptionChecks.Between(errors, $"{path}:Burst", Burst, 1, Limit);
    }
}
