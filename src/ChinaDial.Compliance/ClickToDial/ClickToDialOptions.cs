using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>Options of <see cref="ClickToDialGuard"/>; validated at construction with every problem listed.</summary>
public sealed class ClickToDialOptions
{
    /// <summary>Destination country/prefix deny lists and allowed kinds (VoIP and special-service numbers are not allowed kinds by default).</summary>
    public DestinationOptions Destinations { get; set; } = new() { AllowedCountries = ["CN"] };

    /// <summary>The sliding window of every request cap. Default 1 hour.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Requests per destination number per window (1 to 255, as every cap). Default 3.</summary>
    public int PerNumberLimit { get; set; } = 3;

    /// <summary>Requests per client IP per window. Default 5.</summary>
    public int PerIpLimit { get; set; } = 5;

    /// <summary>Requests per IPv4 /24 or IPv6 /64 per window. Default 20.</summary>
    public int PerNarrowNetworkLimit { get; set; } = 20;

    /// <summary>Requests per IPv4 /16 or IPv6 /48 per window. Default 100.</summary>
    public int PerWideNetworkLimit { get; set; } = 100;

    /// <summary>How long an accepted callback stays pending unless completed. Default 30 minutes.</summary>
    public TimeSpan PendingCallbackLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The most memory the in-process request counters (<see cref="InMemoryClickToDialRequestCounter"/>) may hold, in
    /// bytes (at least 1 MiB). A flood of distinct addresses or numbers that reaches it makes the guard deflect every
    /// request with <c>policy_error</c> for one <see cref="Window"/>, after which counting starts afresh. Default 128 MiB:
    /// about 200,000 distinct IPv4 /24 networks in one window at the default caps (a key active in the window takes
    /// 8 × (1 + its cap) bytes, up to 8/3 of that with the tables' free space).
    /// </summary>
    public long MaxCounterBytes { get; set; } = 128L << 20;

    /// <summary>Whether unauthenticated requests are deflected. Default true.</summary>
    public bool RequireAuthentication { get; set; } = true;

    /// <summary>The channel offered to deflected requests. Default <c>chat</c>.</summary>
    public string DeflectionChannel { get; set; } = "chat";

    /// <summary>Returns every problem (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Destinations is null)
        {
            errors.Add("ClickToDial:Destinations must not be null.");
        }
        else
        {
            DestinationPolicy.Validate(Destinations, errors, "ClickToDial:Destinations");
        }

        if (Window <= TimeSpan.Zero)
        {
            errors.Add("ClickToDial:Window must be positive.");
        }

        if (PendingCallbackLifetime <= TimeSpan.Zero)
        {
            errors.Add("ClickToDial:PendingCallbackLifetime must be positive.");
        }

        foreach (var (name, limit) in (ReadOnlySpan<(string, int)>)[("PerNumberLimit", PerNumberLimit), ("PerIpLimit", PerIpLimit), ("PerNarrowNetworkLimit", PerNarrowNetworkLimit), ("PerWideNetworkLimit", PerWideNetworkLimit)])
        {
            if (limit is < 1 or > SlidingLogTable.MaxLimit)
            {
                errors.Add($"ClickToDial:{name} must be between 1 and {SlidingLogTable.MaxLimit} (was {limit}).");
            }
        }

        if (MaxCounterBytes < 1L << 20)
        {
            errors.Add($"ClickToDial:MaxCounterBytes must be at least 1 MiB (1048576); it is {MaxCounterBytes}.");
        }

        if (string.IsNullOrWhiteSpace(DeflectionChannel))
        {
            errors.Add("ClickToDial:DeflectionChannel must not be empty.");
        }

        return errors;
    }
}
