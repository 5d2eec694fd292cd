using System;

namespace ChinaDial.Compliance.Benchmarks.Evaluation;

/// <summary>A clock the campaign moves on by <see cref="Campaign.Step"/> per call.</summary>
internal sealed class CampaignClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;
}
