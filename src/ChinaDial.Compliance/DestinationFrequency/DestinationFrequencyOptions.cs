using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>
/// Caps on call attempts per callee and per caller-ID/callee pair, each over one or more sliding windows. Bound from
/// the <c>ChinaDialCompliance:DestinationFrequency</c> configuration section. An attempt is an allowed call (a
/// cancelled ticket gives its attempt back); a call over a cap is deferred with <c>destination_frequency_exceeded</c>.
/// </summary>
public sealed class DestinationFrequencyOptions
{
    /// <summary>Whether the policy runs. Default: <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Caps per callee, over every caller ID (at most 4). Default: 3 per 24 hours (industry practice against
    /// harassment; set your own).
    /// </summary>
    public IList<FrequencyCap> PerDestination { get; set; } = [new FrequencyCap(3, TimeSpan.FromDays(1))];

    /// <summary>Caps per caller-ID/callee pair (at most 4). Default: 2 per 24 hours.</summary>
    public IList<FrequencyCap> PerCallerIdAndDestination { get; set; } = [new FrequencyCap(2, TimeSpan.FromDays(1))];

    /// <summary>Adds one error per bad value to <paramref name="errors"/>, each naming its key under <paramref name="path"/>.</summary>
    internal void Validate(ICollection<string> errors, string path)
    {
        ValidateCaps(PerDestination, errors, $"{path}:PerDestination");
        ValidateCaps(PerCallerIdAndDestination, errors, $"{path}:PerCallerIdAndDestination");
    }

    private static void ValidateCaps(IList<FrequencyCap>? caps, ICollection<string> errors, string path)
    {
        if (!OptionChecks.NotNull(errors, path, caps))
        {
            return;
        }

        if (caps.Count > DestinationFrequencyPolicy.MaxCaps)
        {
            errors.Add($"{path} holds at most {DestinationFrequencyPolicy.MaxCaps} caps; it holds {caps.Count}.");
        }

        for (var i = 0; i < caps.Count; i++)
        {
            if (OptionChecks.NotNull(errors, $"{path}:{i}", caps[i]))
            {
                caps[i].Validate(errors, $"{path}:{i}");
            }
        }
    }
}
