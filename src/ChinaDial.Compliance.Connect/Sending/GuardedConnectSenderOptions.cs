using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance.Connect;

/// <summary>Options of <see cref="GuardedConnectSender"/>: the retry budget, the pacing and the queue caller-ID cache.
/// Validated once by the sender's constructor, every problem listed with its option's name.</summary>
public sealed class GuardedConnectSenderOptions
{
    /// <summary>Attempts per send, the first included (429, 5xx, timeouts and lost connections are retried with the
    /// same client token). Default 4; 1 disables retries. 1–10.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first retry delay; each retry doubles it, up to <see cref="MaxRetryDelay"/>. Default 250 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest retry delay. Default 5 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether retry delays are jittered (between half and all of the delay). Default true.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>How long one attempt may take before it counts as a timeout (the call may have been placed). Default 10 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The whole budget of one send or resume: pacing waits, attempts and retry delays. When it runs out the
    /// result is <see cref="ConnectSendStatus.Failed"/> if nothing may have reached Connect, else
    /// <see cref="ConnectSendStatus.Unknown"/>. Default 30 s; at most 10 minutes (a call evaluated now must not be placed much later).</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests per second sent to Connect by this sender (every attempt and every <c>DescribeQueue</c>/<c>DescribePhoneNumber</c>).
    /// Default 2: Connect's default API quota is 2 requests per second with a burst of 5, per account and region, shared
    /// by every caller of the account ("Amazon Connect API throttling quotas", Connect service quotas,
    /// https://docs.aws.amazon.com/connect/latest/adminguide/amazon-connect-service-limits.html). With several dialer
    /// nodes, divide the account's rate among them. 0 disables pacing.</summary>
    public double RequestsPerSecond { get; set; } = 2;

    /// <summary>Requests that may go at once after a quiet period. Default 5 (Connect's default burst). 1–1000.</summary>
    public int Burst { get; set; } = 5;

    /// <summary>Sends that may wait for pacing; beyond them a send fails at once without being sent. Default 1000.</summary>
    public int PacingQueueLimit { get; set; } = 1000;

    /// <summary>How long a queue's outbound caller ID (<c>DescribeQueue</c> → <c>DescribePhoneNumber</c>) is cached. Default 5 minutes; 0 disables the cache.</summary>
    public TimeSpan QueueCallerIdRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Returns every problem of these options (empty when valid).</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        const string P = "GuardedConnectSenderOptions.";
        var errors = new List<string>();
        if (MaxAttempts is < 1 or > 10)
        {
            errors.Add($"{P}MaxAttempts: {MaxAttempts} is outside 1–10.");
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{P}RetryDelay: {RetryDelay} is outside 0–1 minute.");
        }

        if (MaxRetryDelay < RetryDelay || MaxRetryDelay > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{P}MaxRetryDelay: {MaxRetryDelay} must be at least RetryDelay and at most 1 minute.");
        }

        if (AttemptTimeout <= TimeSpan.Zero || AttemptTimeout > TimeSpan.FromMinutes(2))
        {
            errors.Add($"{P}AttemptTimeout: {AttemptTimeout} is outside (0, 2 minutes].");
        }

        if (SendTimeout < AttemptTimeout || SendTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{P}SendTimeout: {SendTimeout} must be at least AttemptTimeout and at most 10 minutes.");
        }

        if (!double.IsFinite(RequestsPerSecond) || RequestsPerSecond < 0 || RequestsPerSecond > 10_000)
        {
            errors.Add($"{P}RequestsPerSecond: {RequestsPerSecond} is outside 0–10000 (0 disables pacing).");
        }
        else if (RequestsPerSecond > 0 && RequestsPerSecond < 0.001)
        {
            errors.Add($"{P}RequestsPerSecond: {RequestsPerSecond} is below 0.001 (one request in 1,000 s); use 0 to disable pacing.");
        }

        if (Burst is < 1 or > 1000)
        {
            errors.Add($"{P}Burst: {Burst} is outside 1–1000.");
        }

        if (PacingQueueLimit is < 0 or > 1_000_000)
        {
            errors.Add($"{P}PacingQueueLimit: {PacingQueueLimit} is outside 0–1000000.");
        }

        if (QueueCallerIdRefreshInterval < TimeSpan.Zero || QueueCallerIdRefreshInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"{P}QueueCallerIdRefreshInterval: {QueueCallerIdRefreshInterval} is outside 0–1 day.");
        }

        return errors;
    }
}
