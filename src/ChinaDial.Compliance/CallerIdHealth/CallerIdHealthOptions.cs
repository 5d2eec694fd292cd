using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>
/// Thresholds of the caller-ID health monitor, which sees carrier flagging coming from call outcomes.
/// Bound from the <c>ChinaDialCompliance:CallerIdHealth</c> configuration section.
/// </summary>
public sealed class CallerIdHealthOptions
{
    /// <summary>Answered calls shorter than this count as short calls. Default 15 s: Amazon Connect's China guidance
    /// names calls under 15 seconds (industry reports say under a minute; raise it to be stricter).</summary>
    public TimeSpan ShortCallThreshold { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The rolling window the rates are computed over. Default 1 hour.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rates are judged only once a caller ID placed this many calls in the window. Default 20.</summary>
    public int MinimumCalls { get; set; } = 20;

    /// <summary>Answer rate below which the caller ID warns / is quarantined. Default 0.30 / 0.15: carriers read a
    /// low answer rate as robocalling; Chinese consumers answer few unknown international numbers, so the levels are low.</summary>
    public HealthThresholds AnswerRate { get; set; } = new(0.30, 0.15);

    /// <summary>Short-call ratio above which the caller ID warns / is quarantined. Default 0.50 / 0.70 (most answered
    /// calls hung up at once is the pattern carriers flag as harassment).</summary>
    public HealthThresholds ShortCallRatio { get; set; } = new(0.50, 0.70);

    /// <summary>Distinct callees per hour above which the caller ID warns / is quarantined. Default 150 / 250
    /// (the 5-calls-per-minute cap allows 300 calls an hour; a number calling nearly as many different people is a
    /// fan-out pattern).</summary>
    public HealthThresholds DistinctCalleesPerHour { get; set; } = new(150, 250);

    /// <summary>Volume against the fleet average per active caller ID above which the caller ID warns / is
    /// quarantined. Default 2.0 / 3.0 ("higher-than-average volume" is a carrier flagging signal).</summary>
    public HealthThresholds VolumeToFleetAverage { get; set; } = new(2.0, 3.0);

    /// <summary>Share of an hour's calls that repeat a callee already called that hour, above which the caller ID warns /
    /// is quarantined. Default 0.30 / 0.50 ("repeated calls between the same pair" is a carrier flagging signal; the
    /// levels are ours: a dialer retrying unanswered numbers within the hour is what they catch).</summary>
    public HealthThresholds RepeatedCallRatio { get; set; } = new(0.30, 0.50);

    /// <summary>Distinct caller IDs that called one callee in a day at which the callee counts as over-exposed
    /// (warning / critical). Default 3 / 5: "many international numbers calling the same local number" is a carrier
    /// flagging signal. See <see cref="CallerIdHealthMonitor.CallerIdsToday"/>.</summary>
    public HealthThresholds CallerIdsPerCalleePerDay { get; set; } = new(3, 5);

    /// <summary>How long a quarantined caller ID stays out of rotation. Default 24 hours.</summary>
    public TimeSpan QuarantineCoolDown { get; set; } = TimeSpan.FromHours(24);

    internal void Validate(ICollection<string> errors, string path)
    {
        if (ShortCallThreshold <= TimeSpan.Zero)
        {
            errors.Add($"{path}:ShortCallThreshold must be positive; it is {ShortCallThreshold}.");
        }

        if (Window < TimeSpan.FromMinutes(1) || Window > TimeSpan.FromDays(7))
        {
            errors.Add($"{path}:Window must be between 1 minute and 7 days; it is {Window}.");
        }

        if (MinimumCalls < 1)
        {
            errors.Add($"{path}:MinimumCalls must be at least 1; it is {MinimumCalls}.");
        }

        if (QuarantineCoolDown <= TimeSpan.Zero)
        {
            errors.Add($"{path}:QuarantineCoolDown must be positive; it is {QuarantineCoolDown}.");
        }

        CheckLowIsBad(AnswerRate, errors, $"{path}:AnswerRate");
        CheckHighIsBad(ShortCallRatio, errors, $"{path}:ShortCallRatio");
        CheckHighIsBad(DistinctCalleesPerHour, errors, $"{path}:DistinctCalleesPerHour");
        CheckHighIsBad(VolumeToFleetAverage, errors, $"{path}:VolumeToFleetAverage");
        CheckHighIsBad(RepeatedCallRatio, errors, $"{path}:RepeatedCallRatio");
        CheckHighIsBad(CallerIdsPerCalleePerDay, errors, $"{path}:CallerIdsPerCalleePerDay");
    }

    private static void CheckLowIsBad(HealthThresholds? thresholds, ICollection<string> errors, string path)
    {
        if (thresholds is null || !(thresholds.Critical <= thresholds.Warning) || thresholds.Critical < 0 || thresholds.Warning > 1)
        {
            errors.Add($"{path} needs 0 <= Critical <= Warning <= 1.");
        }
    }

    private static void CheckHighIsBad(HealthThresholds? thresholds, ICollection<string> errors, string path)
    {
        if (thresholds is null || !(thresholds.Warning <= thresholds.Critical) || thresholds.Warning <= 0)
        {
            errors.Add($"{path} needs 0 < Warning <= Critical.");
        }
    }
}
