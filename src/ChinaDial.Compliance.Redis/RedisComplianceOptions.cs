using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// How the Redis adapter connects and behaves. Bound from the <c>ChinaDialCompliance:Redis</c> configuration section;
/// validated at start-up with every problem reported together.
/// </summary>
public sealed class RedisComplianceOptions
{
    /// <summary>The configuration section, under <c>ChinaDialCompliance</c>.</summary>
    public const string SectionName = "Redis";

    /// <summary>
    /// The StackExchange.Redis configuration string (e.g. <c>redis-1:6379,redis-2:6379,password=...,ssl=true</c>).
    /// Required unless an <c>IConnectionMultiplexer</c> is registered in the container.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>The prefix of every key the adapter writes. Default: <c>chinadial</c>.</summary>
    public string KeyPrefix { get; set; } = "chinadial";

    /// <summary>
    /// The secret of the keyed hash (HMAC-SHA256) that turns phone numbers into key names: no raw number is ever
    /// written to Redis. At least 16 characters; keep it in a secret store, the same on every node.
    /// </summary>
    public string? KeySecret { get; set; }

    /// <summary>
    /// How long all the Redis work of one decision may take, together, before the decision fails closed
    /// (<c>policy_error</c>): one deadline for the caller-ID script, the destination caps and the consent read, which go
    /// out at once. Default: 200 ms, about three times the slowest decision and six times the 99.9th percentile measured
    /// at 300 decisions a second on the 2-core test machine under load (one server and a 3-master cluster; see
    /// <c>benchmarks/README.md</c>), and below the evaluator's own <c>Evaluator:PolicyTimeout</c> (250 ms).
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The share of failed calls, over <see cref="CircuitSamplingDuration"/>, that opens the circuit. Default: 0.5.</summary>
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>The least number of calls over <see cref="CircuitSamplingDuration"/> before the circuit may open. Default: 10.</summary>
    public int CircuitMinimumThroughput { get; set; } = 10;

    /// <summary>The window over which failures are counted. Default: 5 s.</summary>
    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an open circuit answers without calling Redis before it lets one call probe. Default: 1 s.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>What the limits decide while Redis cannot be reached. Default: <see cref="RedisFailureMode.FailClosed"/>.</summary>
    public RedisFailureMode FailureMode { get; set; } = RedisFailureMode.FailClosed;

    /// <summary>
    /// The number of dialer nodes sharing the limits, for <see cref="RedisFailureMode.LocalFallback"/>: each node then
    /// enforces <c>Limit / ExpectedNodes</c>. Default: 1.
    /// </summary>
    public int ExpectedNodes { get; set; } = 1;

    /// <summary>Every problem with these options, as <c>Redis:Key message</c> lines; empty when valid.</summary>
    /// <param name="hasMultiplexer">Whether a connection is supplied, so <see cref="Configuration"/> may be empty.</param>
    public IReadOnlyList<string> Validate(bool hasMultiplexer = false)
    {
        var errors = new List<string>();
        const string Path = "ChinaDialCompliance:Redis";
        if (!hasMultiplexer && string.IsNullOrWhiteSpace(Configuration))
        {
            errors.Add($"{Path}:Configuration is required (e.g. \"localhost:6379\").");
        }

        if (string.IsNullOrWhiteSpace(KeyPrefix) || KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            errors.Add($"{Path}:KeyPrefix must be non-empty and hold no braces (was \"{KeyPrefix}\").");
        }

        if (KeySecret is null || KeySecret.Length < 16)
        {
            errors.Add($"{Path}:KeySecret must hold at least 16 characters (it keys the hash that keeps phone numbers out of Redis).");
        }

        if (OperationTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{Path}:OperationTimeout must be positive (was {OperationTimeout}).");
        }

        if (CircuitFailureRatio is <= 0 or > 1)
        {
            errors.Add($"{Path}:CircuitFailureRatio must be in (0, 1] (was {CircuitFailureRatio}).");
        }

        if (CircuitMinimumThroughput < 2)
        {
            errors.Add($"{Path}:CircuitMinimumThroughput must be at least 2 (was {CircuitMinimumThroughput}).");
        }

        if (CircuitSamplingDuration < TimeSpan.FromMilliseconds(500))
        {
            errors.Add($"{Path}:CircuitSamplingDuration must be at least 500 ms (was {CircuitSamplingDuration}).");
        }

        if (CircuitBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            errors.Add($"{Path}:CircuitBreakDuration must be at least 500 ms (was {CircuitBreakDuration}).");
        }

        if (!Enum.IsDefined(FailureMode))
        {
            errors.Add($"{Path}:FailureMode must be FailClosed or LocalFallback (was {FailureMode}).");
        }

        if (ExpectedNodes < 1)
        {
            errors.Add($"{Path}:ExpectedNodes must be at least 1 (was {ExpectedNodes}).");
        }

        return errors;
    }
}
