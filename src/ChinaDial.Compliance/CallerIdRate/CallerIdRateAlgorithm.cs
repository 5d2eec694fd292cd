namespace ChinaDial.Compliance;

/// <summary>How the caller-ID rate limit keeps its guarantee (at most <c>Limit</c> calls in any window of length <c>Window</c>).</summary>
public enum CallerIdRateAlgorithm
{
    /// <summary>
    /// The exact sliding log (default): <c>Limit</c> timestamps per caller ID. Admits the full burst of <c>Limit</c>
    /// calls at once and exactly <c>Limit</c> per window in steady state: the most any limiter that keeps the
    /// guarantee can admit. State: 24 + 8 x <c>Limit</c> bytes per caller ID (64 bytes at the default of 5); limit at most 255.
    /// </summary>
    SlidingLog = 0,

    /// <summary>
    /// GCRA (a token bucket) paced from the guarantee: <c>Burst</c> calls at once, then one every
    /// <c>Window / (Limit - Burst + 1)</c>. With <c>Burst = 1</c> it admits the same <c>Limit</c> per window in steady
    /// state, evenly spread (one every 12 s at 5 per minute); a larger burst lowers the sustained rate. State: 24 bytes
    /// per caller ID whatever the limit.
    /// </summary>
    Paced = 1,
}
