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

    /// <summary>Returns every problem (empty when valid), each naming its key under <c>ClickToDial</c>.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Validate(errors, "ClickToDial");
        return errors;
    }

    /// <summary>Adds one error per bad value to <paramref name="errors"/>, each naming its key under <paramref name="path"/>.</summary>
    internal void Validate(ICollection<string> errors, string path)
    {
        if (OptionChecks.NotNull(errors, $"{path}:Destinations", Destinations))
        {
            Destinations.Validate(errors, $"{path}:Destinations");
        }

        OptionChecks.Positive(errors, $"{path}:Window", Window, TimeSpan.FromDays(1));
        OptionChecks.Positive(errors, $"{path}:PendingCallbackLifetime", PendingCallbackLifetime, TimeSpan.FromDays(1));
        OptionChecks.Between(errors, $"{path}:PerNumberLimit", PerNumberLimit, 1, SlidingLogTable.MaxLimit);
        OptionChecks.Between(errors, $"{path}:PerIpLimit", PerIpLimit, 1, SlidingLogTable.MaxLimit);
        OptionChecks.Between(errors, $"{path}:PerNarrowNetworkLimit", PerNarrowNetworkLimit, 1, SlidingLogTable.MaxLimit);
        OptionChecks.Between(errors, $"{path}:PerWideNetworkLimit", PerWideNetworkLimit, 1, SlidingLogTable.MaxLimit);
        if (MaxCounterBytes is < MinCounterBytes or > MaxCounterBytesLimit)
        {
            errors.Add($"{path}:MaxCounterBytes must be at least {MinCounterBytes} (1 MiB) and at most {MaxCounterBytesLimit} (64 GiB); it is {MaxCounterBytes}.");
        }

        if (string.IsNullOrWhiteSpace(DeflectionChannel))
        {
            errors.Add($"{path}:DeflectionChannel must not be empty.");
        }
    }

    private const long MinCounterBytes = 1L << 20;
    private const long MaxCounterBytesLimit = 64L << 30;
}
