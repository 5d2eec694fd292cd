namespace ChinaDial.Compliance;

/// <summary>How the caller-ID rate limit keeps its guarantee (at most <c>Limit</c> calls in any window of length <c>Window</c>).</summary>
public enum CallerIdRateAlgorithm
{
    /// <summary>
    /// The exact sliding log (default): <c>Limit</c> timestamps per caller ID. Admits the full burst of <c>Limit</c>
    /// calls at once and exactly <c>Limit</c> per window in steady state: the most any limiter that keeps the
    /// guarantee can admit. State: an entry of 8 x (1 + <c>Limit</c>) bytes per caller ID (48 bytes at the default of 5),
    /// about 100 bytes retained per caller ID with the table's free space (measured: 101 B at 1,000,000 caller IDs,
    /// <c>benchmarks/README.md</c>); limit at most 255.
    /// </summary>
    SlidingLog = 0,

    /// <summary>
    /// GCRA (a token bucket) paced from the guarantee: <c>Burst</c> calls at once, then one every
    /// <c>Window / (Limit - Burst + 1)</c>. With <c>Burst = 1</c> it admits the same <c>Limit</c> per window in steady
    /// state, evenly spread (one every 12 s at 5 per minute); a larger burst lowers the sustained rate. State: a 24-byte
    /// cell and its dictionary entry per caller ID whatever the limit (measured: 83 B retained per caller ID).
    /// </summary>
    Paced = 1,
}
