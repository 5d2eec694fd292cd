using System;

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
}
