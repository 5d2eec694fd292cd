using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance.Connect;

/// <summary>Options of <see cref="GuardedConnectSender"/>.</summary>
public sealed class GuardedConnectSenderOptions
{
    /// <summary>How many times a throttled send (HTTP 429) is retried with the same client token. Default 3; 0 disables retries.</summary>
    public int MaxThrottleRetries { get; set; } = 3;

    /// <summary>The first retry delay (exponential backoff). Default 200 ms.</summary>
    public TimeSpan ThrottleRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Whether retry delays are jittered. Default true.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>Returns every problem of these options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxThrottleRetries is < 0 or > 10)
        {
            errors.Add("MaxThrottleRetries must be between 0 and 10.");
        }

        if (ThrottleRetryDelay < TimeSpan.Zero || ThrottleRetryDelay > TimeSpan.FromMinutes(1))
        {
            errors.Add("ThrottleRetryDelay must be between 0 and 1 minute.");
        }

        return errors;
    }
}
