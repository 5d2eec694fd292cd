namespace ChinaDial.Compliance.Redis;

/// <summary>What the Redis-backed limits decide while Redis cannot be reached (error, timeout, open circuit).</summary>
public enum RedisFailureMode
{
    /// <summary>Deny every call the limit would decide, with <c>policy_error</c> (the default: fail closed).</summary>
    FailClosed = 0,

    /// <summary>
    /// Decide in process with a conservative share of each limit: every node enforces <c>Limit / ExpectedNodes</c>
    /// (rounded down; a share of 0 denies) in its own memory until Redis answers again.
    /// </summary>
    LocalFallback = 1,
}
