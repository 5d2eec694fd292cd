using System;

namespace ChinaDial.Compliance;

/// <summary>One caller ID's health: its signals over the window, its state and where it is heading.</summary>
/// <param name="CallerId">The caller ID (E.164). Caller IDs are the operator's own numbers, not personal data.</param>
/// <param name="State">Healthy, warning or quarantined.</param>
/// <param name="QuarantinedUntil">When a quarantine ends; <see langword="null"/> when not quarantined.</param>
/// <param name="Calls">Calls placed (completed tickets) in the window.</param>
/// <param name="AnswerRate">Answered / placed in the window; <see langword="null"/> with no calls.</param>
/// <param name="ShortCallRatio">Short / answered in the window; <see langword="null"/> with no answered calls.</param>
/// <param name="DistinctCalleesPerHour">Distinct callees this hour (estimate).</param>
/// <param name="VolumeToFleetAverage">Calls in the window against the fleet's average per active caller ID.</param>
/// <param name="RepeatedCallRatio">Share of this hour's calls to a callee already called this hour.</param>
/// <param name="AnswerRateTrend">The answer rate of the newest quarter of the window minus that of the whole window
/// (negative: getting worse); <see langword="null"/> when either has no calls.</param>
/// <param name="WarningSignals">The signals at or past their warning level.</param>
public sealed record CallerIdHealthReport(
    string CallerId,
    CallerIdHealthState State,
    DateTimeOffset? QuarantinedUntil,
    int Calls,
    double? AnswerRate,
    double? ShortCallRatio,
    double DistinctCalleesPerHour,
    double VolumeToFleetAverage,
    double RepeatedCallRatio,
    double? AnswerRateTrend,
    System.Collections.Generic.IReadOnlyList<CallerIdHealthSignal> WarningSignals)
{
    /// <summary>Very short / answered calls in the window (under <see cref="CallerIdHealthOptions.VeryShortCallThreshold"/>);
    /// <see langword="null"/> with no answered calls.</summary>
    public double? VeryShortCallRatio { get; init; }

    /// <summary>The answer rate against the rest of the fleet's in the window; <see langword="null"/> with no calls, or
    /// when the rest of the fleet placed fewer than <see cref="CallerIdHealthOptions.MinimumCalls"/> calls or had none
    /// answered.</summary>
    public double? AnswerRateToFleet { get; init; }
}
