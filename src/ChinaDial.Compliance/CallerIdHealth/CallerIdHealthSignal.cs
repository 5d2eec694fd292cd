namespace ChinaDial.Compliance;

/// <summary>A behaviour Chinese carriers flag international caller IDs for.</summary>
public enum CallerIdHealthSignal
{
    /// <summary>Share of placed calls that were answered, over the window (low is bad).</summary>
    AnswerRate = 0,

    /// <summary>Share of answered calls shorter than the short-call threshold, one minute by default (high is bad).</summary>
    ShortCallRatio = 1,

    /// <summary>Distinct callees per hour: one number calling many local numbers (high is bad).</summary>
    DistinctCalleesPerHour = 2,

    /// <summary>The caller ID's volume over the window against the fleet's average per active caller ID (high is bad).</summary>
    VolumeToFleetAverage = 3,

    /// <summary>Share of this hour's calls that went to a callee the caller ID had already called this hour:
    /// repeated calls between the same pair (high is bad).</summary>
    RepeatedCallRatio = 4,

    /// <summary>Share of answered calls shorter than the very-short-call threshold, 15 seconds by default: Amazon
    /// Connect's China rule, a signal of its own with its own levels (high is bad).</summary>
    VeryShortCallRatio = 5,

    /// <summary>The caller ID's answer rate against the answer rate of the rest of the fleet over the window: a caller ID
    /// answered much less than the others, while low pickup for everyone is not held against any one of them (low is
    /// bad).</summary>
    AnswerRateToFleet = 6,
}
