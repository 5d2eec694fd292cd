using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>How <see cref="OutboundCallEvaluator"/> runs its policies.</summary>
public sealed class OutboundCallEvaluatorOptions
{
    /// <summary>
    /// How long a policy that answers asynchronously (e.g. one backed by a remote store) may take before the call is
    /// denied with <see cref="ReasonCode.PolicyError"/>. Default 250 ms. Policies that answer synchronously are not timed.
    /// </summary>
    public TimeSpan PolicyTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a ticket stays open when the dialer neither completes nor cancels it; quota held for calls in
    /// progress (concurrency) lapses with it. Default 2 hours, longer than any expected call.
    /// </summary>
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// The mode of each policy by its <see cref="IOutboundCallPolicy.Name"/>; policies not listed enforce.
    /// </summary>
    public IDictionary<string, PolicyMode> PolicyModes { get; set; } = new Dictionary<string, PolicyMode>(StringComparer.OrdinalIgnoreCase);

    internal void Validate(ICollection<string> errors, string path)
    {
        if (PolicyTimeout <= TimeSpan.Zero && PolicyTimeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{path}:PolicyTimeout must be positive (or infinite); it is {PolicyTimeout}.");
        }

        if (TicketLifetime <= TimeSpan.Zero)
        {
            errors.Add($"{path}:TicketLifetime must be positive; it is {TicketLifetime}.");
        }

        if (PolicyModes is null)
        {
            errors.Add($"{path}:PolicyModes must not be null.");
            return;
        }

        foreach (var (name, mode) in PolicyModes)
        {
            if (!Enum.IsDefined(mode))
            {
                errors.Add($"{path}:PolicyModes:{name} must be Enforce or Observe; it is {(int)mode}.");
            }
        }
    }
}
