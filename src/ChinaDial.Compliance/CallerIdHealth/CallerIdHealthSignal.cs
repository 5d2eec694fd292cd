namespace ChinaDial.Compliance;

/// <summary>A behaviour Chinese carriers flag international caller IDs for.</summary>
public enum CallerIdHealthSignal
{
    /// <summary>Share of placed calls that were answered, over the window (low is bad).</summary>
    AnswerRate = 0,

    /// <summary>Share of answered calls shorter than the short-call threshold (high is bad).</summary>
    ShortCallRatio = 1,

    /// <summary>Distinct callees per hour: one number calling many local numbers (high is bad).</summary>
    DistinctCalleesPerHour = 2,

    /// <summary>The caller ID's volume over the window against the fleet's average per active caller ID (high is bad).</summary>
    VolumeToFleetAverage = 3,

    /// <summary>Share of this hour's calls that went to a callee the caller ID had already called this hour:
    /// repeated calls between the same pair (high is bad).</summary>
    RepeatedCallRatio = 4,
}
