using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>When the SDK warns before a limit is reached. Bound from the <c>ChinaDialCompliance:Alerts</c> section.</summary>
public sealed class AlertOptions
{
    /// <summary>
    /// The share of a limit at or above which an allowed call is counted as near the limit
    /// (<c>chinadial.limit.near</c>, tag <c>limit</c>): the caller ID's calls in the rate window against
    /// <c>CallerIdRate:Limit</c>, its calls in progress against <c>Concurrency:MaxCallsInProgress</c>, a callee's
    /// attempts against each <c>DestinationFrequency</c> cap. Default 0.8 (an alert at four of five calls a minute).
    /// Bounds: 0.1 to 1.
    /// </summary>
    public double NearLimitShare { get; set; } = 0.8;

    /// <summary>Adds the problem of the share, if any, to <paramref name="errors"/>.</summary>
    internal void Validate(ICollection<string> errors, string path)
    {
        if (double.IsNaN(NearLimitShare) || NearLimitShare < 0.1 || NearLimitShare > 1)
        {
            errors.Add($"{path}:NearLimitShare must be between 0.1 and 1; it is {OptionChecks.Text(NearLimitShare)}.");
        }
    }

    /// <summary>The count at or above which <paramref name="limit"/> is near: at least 1.</summary>
    internal int Threshold(int limit) => System.Math.Max(1, (int)System.Math.Ceiling(NearLimitShare * limit - 1e-9));
}
