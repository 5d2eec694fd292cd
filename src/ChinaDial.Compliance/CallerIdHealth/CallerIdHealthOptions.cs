using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>
/// Thresholds of the caller-ID health monitor, which sees carrier flagging coming from call outcomes.
/// Bound from the <c>ChinaDialCompliance:CallerIdHealth</c> configuration section.
/// </summary>
public sealed class CallerIdHealthOptions
{
    /// <summary>Answered calls shorter than this count as short calls. Default 1 minute: the carrier-flagging signals
    /// of international calls into China name short calls "under 1 minute" (LoopUp, "The hidden challenges of connecting
    /// calls into China"); carriers' own guidance asks for longer still (Twilio: 2 minutes on average; Bandwidth,
    /// Voximplant: 3 minutes).</summary>
    public TimeSpan ShortCallThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Answered calls shorter than this count as very short calls, a signal of its own
    /// (<see cref="VeryShortCallRatio"/>). Default 15 s: Amazon Connect's (Amazon Chime SDK's) China restrictions list
    /// "short duration calls and alerting of less than 15 seconds" as an unsupported use case. At most
    /// <see cref="ShortCallThreshold"/>.</summary>
    public TimeSpan VeryShortCallThreshold { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The rolling window the rates are computed over. Default 1 hour (carriers' guidance speaks of "a rolling
    /// hour": Twilio, xMatters).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rates are judged only once a caller ID placed this many calls in the window. Default 50 (ours): at a
    /// pickup of one call in five (callees called again after an unanswered call pick up less often than the others),
    /// 50 calls with none answered happen by chance about once in 70,000 (0.8^50), where 20 did once in 90.</summary>
    public int MinimumCalls { get; set; } = 50;

    /// <summary>Answer rate (answered / placed, over the window) at or below which the caller ID warns / is quarantined,
    /// whatever the rest of the fleet does: the floor for a caller ID that (almost) nobody answers, "a high quantity of
    /// unanswered calls" (LoopUp). Default 0.05 / 0 (ours): pickup of foreign calls in China is low for everyone, so a
    /// low rate alone says little about one caller ID; <see cref="AnswerRateToFleet"/> judges it against the others.
    /// At the defaults only a caller ID with not one of its calls answered is quarantined on this signal.</summary>
    public HealthThresholds AnswerRate { get; set; } = new(0.05, 0);

    /// <summary>The caller ID's answer rate against the rest of the fleet's (the other caller IDs of this monitor, over
    /// the window), at or below which it warns / is quarantined. Default 0.6 / 0.4 (ours): carriers compare a number
    /// with other international numbers, and a caller ID answered well under half as often as the others is the number,
    /// not the audience. Judged beyond chance (the upper bound of its answer rate, three standard errors, against the
    /// level), and only when the rest of the fleet placed <see cref="MinimumCalls"/> calls and had one answered: when
    /// pickup is low for everyone, nobody is quarantined for it.</summary>
    public HealthThresholds AnswerRateToFleet { get; set; } = new(0.6, 0.4);

    /// <summary>Share of answered calls shorter than <see cref="ShortCallThreshold"/> at or above which the caller ID
    /// warns / is quarantined. Default 0.50 / 0.70 (ours: most answered calls hung up within the minute is the pattern
    /// carriers flag). Judged beyond chance: the lower bound of the share (three standard errors) against the level.</summary>
    public HealthThresholds ShortCallRatio { get; set; } = new(0.50, 0.70);

    /// <summary>Share of answered calls shorter than <see cref="VeryShortCallThreshold"/> at or above which the caller
    /// ID warns / is quarantined. Default 0.15 / 0.30 (ours: Amazon does not support calls under 15 s at all, so the
    /// levels are lower than the short-call levels). Judged beyond chance, as <see cref="ShortCallRatio"/>.</summary>
    public HealthThresholds VeryShortCallRatio { get; set; } = new(0.15, 0.30);

    /// <summary>Distinct callees per (UTC) hour, counted at the hour each call was placed, at or above which the caller
    /// ID warns / is quarantined: "calls from the same international number to different local numbers" (LoopUp). Default
    /// 150 / 250 (ours): Amazon Connect's 5 calls a minute would allow 300 new callees an hour, a robot's pace; caller-ID
    /// pacing (<see cref="CallerIdPacingOptions"/>) keeps every caller ID under the warning level, 2.5 new callees a
    /// minute on average.</summary>
    public HealthThresholds DistinctCalleesPerHour { get; set; } = new(150, 250);

    /// <summary>Volume against the fleet average per active caller ID at or above which the caller ID warns / is
    /// quarantined. Default 2.0 / 3.0 (ours; "higher than average calling threshold" is a carrier flagging signal:
    /// LoopUp). Caller-ID pacing keeps every caller ID under the warning level, so at least above 1.</summary>
    public HealthThresholds VolumeToFleetAverage { get; set; } = new(2.0, 3.0);

    /// <summary>Share of an hour's calls that repeat a callee already called that hour, above which the caller ID warns /
    /// is quarantined. Default 0.30 / 0.50 ("repeated calls between the same pair" is a carrier flagging signal; the
    /// levels are ours: a dialer retrying unanswered numbers within the hour is what they catch; Amazon Connect lists
    /// "repeated calls using the same FROM and/or TO numbers", Twilio and xMatters "repeated calls ... within a rolling
    /// hour").</summary>
    public HealthThresholds RepeatedCallRatio { get; set; } = new(0.30, 0.50);

    /// <summary>Distinct caller IDs that called one callee in a (UTC) day at which the callee counts as over-exposed
    /// (warning / critical). Default 3 / 5 (ours): "calls from different international numbers to the same local number"
    /// is a carrier flagging signal (LoopUp). Caller-ID pacing defers a call that would make a callee reach the warning
    /// level (<c>callee_exposure_limited</c>): at the defaults a callee hears at most two caller IDs a day, within the
    /// three calls a day of <see cref="DestinationFrequencyOptions.PerDestination"/>. See
    /// <see cref="CallerIdHealthMonitor.CallerIdsToday"/>.</summary>
    public HealthThresholds CallerIdsPerCalleePerDay { get; set; } = new(3, 5);

    /// <summary>How long a quarantined caller ID stays out of rotation. Default 24 hours (ours).</summary>
    public TimeSpan QuarantineCoolDown { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The largest count threshold (distinct callees, caller IDs per callee, volume multiple) and
    /// <see cref="MinimumCalls"/>: larger values are typos, and would switch the signal off without saying so.</summary>
    internal const double MaxCount = 1_000_000;

    /// <summary>Adds one error per bad value to <paramref name="errors"/>, each naming its key under <paramref name="path"/>.</summary>
    internal void Validate(ICollection<string> errors, string path)
    {
        OptionChecks.Positive(errors, $"{path}:ShortCallThreshold", ShortCallThreshold, TimeSpan.FromHours(1));
        OptionChecks.Positive(errors, $"{path}:VeryShortCallThreshold", VeryShortCallThreshold, TimeSpan.FromHours(1));
        if (VeryShortCallThreshold > ShortCallThreshold && ShortCallThreshold > TimeSpan.Zero && ShortCallThreshold <= TimeSpan.FromHours(1))
        {
            errors.Add($"{path}:VeryShortCallThreshold must be at most ShortCallThreshold ({OptionChecks.Text(ShortCallThreshold)}): a very short call is a short call; it is {OptionChecks.Text(VeryShortCallThreshold)}.");
        }

        OptionChecks.Between(errors, $"{path}:Window", Window, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        OptionChecks.Between(errors, $"{path}:MinimumCalls", MinimumCalls, 1, (int)MaxCount);
        OptionChecks.Positive(errors, $"{path}:QuarantineCoolDown", QuarantineCoolDown, OptionChecks.MaxWindow);
        CheckLowIsBad(AnswerRate, errors, $"{path}:AnswerRate");
        CheckLowIsBad(AnswerRateToFleet, errors, $"{path}:AnswerRateToFleet");
        CheckHighIsBad(ShortCallRatio, 1, errors, $"{path}:ShortCallRatio");
        CheckHighIsBad(VeryShortCallRatio, 1, errors, $"{path}:VeryShortCallRatio");
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
