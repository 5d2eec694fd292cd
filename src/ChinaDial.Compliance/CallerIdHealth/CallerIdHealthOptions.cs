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

    /// <summary>The largest count threshold (distinct callees, caller IDs per callee, volume multiple) and
    /// <see cref="MinimumCalls"/>: larger values are typos, and would switch the signal off without saying so.</summary>
    internal const double MaxCount = 1_000_000;

    /// <summary>Adds one error per bad value to <paramref name="errors"/>, each naming its key under <paramref name="path"/>.</summary>
    internal void Validate(ICollection<string> errors, string path)
    {
        OptionChecks.Positive(errors, $"{path}:ShortCallThreshold", ShortCallThreshold, TimeSpan.FromHours(1));
        OptionChecks.Between(errors, $"{path}:Window", Window, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        OptionChecks.Between(errors, $"{path}:MinimumCalls", MinimumCalls, 1, (int)MaxCount);
        OptionChecks.Positive(errors, $"{path}:QuarantineCoolDown", QuarantineCoolDown, OptionChecks.MaxWindow);
        CheckLowIsBad(AnswerRate, errors, $"{path}:AnswerRate");
        CheckHighIsBad(ShortCallRatio, 1, errors, $"{path}:ShortCallRatio");
        CheckHighIsBad(DistinctCalleesPerHour, MaxCount, errors, $"{path}:DistinctCalleesPerHour");
        CheckHighIsBad(VolumeToFleetAverage, MaxCount, errors, $"{path}:VolumeToFleetAverage");
        CheckHighIsBad(RepeatedCallRatio, 1, errors, $"{path}:RepeatedCallRatio");
        CheckHighIsBad(CallerIdsPerCalleePerDay, MaxCount, errors, $"{path}:CallerIdsPerCalleePerDay");
    }

    /// <summary>A signal whose low values are bad (the answer rate, a ratio): 0 &lt;= Critical &lt;= Warning &lt;= 1.</summary>
    private static void CheckLowIsBad(HealthThresholds? thresholds, ICollection<string> errors, string path)
    {
        if (OptionChecks.NotNull(errors, path, thresholds) && Finite(thresholds, errors, path)
            && !(0 <= thresholds.Critical && thresholds.Critical <= thresholds.Warning && thresholds.Warning <= 1))
        {
            errors.Add($"{path} needs 0 <= Critical <= Warning <= 1 (low values are bad: the warning comes first); it is Warning {OptionChecks.Text(thresholds.Warning)}, Critical {OptionChecks.Text(thresholds.Critical)}.");
        }
    }

    /// <summary>A signal whose high values are bad: 0 &lt; Warning &lt;= Critical &lt;= <paramref name="max"/>.</summary>
    private static void CheckHighIsBad(HealthThresholds? thresholds, double max, ICollection<string> errors, string path)
    {
        if (OptionChecks.NotNull(errors, path, thresholds) && Finite(thresholds, errors, path)
            && !(0 < thresholds.Warning && thresholds.Warning <= thresholds.Critical && thresholds.Critical <= max))
        {
            errors.Add($"{path} needs 0 < Warning <= Critical <= {OptionChecks.Text(max)} (high values are bad: the warning comes first); it is Warning {OptionChecks.Text(thresholds.Warning)}, Critical {OptionChecks.Text(thresholds.Critical)}.");
        }
    }

    private static bool Finite(HealthThresholds thresholds, ICollection<string> errors, string path)
    {
        var finite = true;
        if (!double.IsFinite(thresholds.Warning))
        {
            errors.Add($"{path}:Warning must be a finite number; it is {OptionChecks.Text(thresholds.Warning)}.");
            finite = false;
        }

        if (!double.IsFinite(thresholds.Critical))
        {
            errors.Add($"{path}:Critical must be a finite number; it is {OptionChecks.Text(thresholds.Critical)}.");
            finite = false;
        }

        return finite;
    }
}
