using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>
/// The cap on calls in progress per caller ID. Bound from the <c>ChinaDialCompliance:Concurrency</c> configuration
/// section. A call is in progress from its allowed decision until its ticket is completed or cancelled, or lapses at
/// its expiry.
/// </summary>
public sealed class ConcurrencyOptions
{
    /// <summary>Whether the policy runs. Default: <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// At most this many calls in progress per caller ID (1 to 255). Default: 5, matching the default rate limit
    /// (no regulator sets a figure; carriers flag caller IDs with many simultaneous calls).
    /// </summary>
    public int MaxCallsInProgress { get; set; } = 5;

    /// <summary>Adds the problem of <see cref="MaxCallsInProgress"/>, if any, to <paramref name="errors"/>.</summary>
    internal void Validate(ICollection<string> errors, string path)
        => OptionChecks.Between(errors, $"{path}:MaxCallsInProgress", MaxCallsInProgress, 1, SlidingLogTable.MaxLimit);
}
