using System;
using System.Collections.Frozen;
using System.Collections.Generic;

namespace ChinaDial.Compliance;

/// <summary>The stable JSON names (snake_case) of <see cref="ReasonCode"/> values.</summary>
public static class ReasonCodeNames
{
    // Indexed by value; null where a value is not (yet) a code of this build.
    private static readonly string?[] Names =
    [
        "none",
        "invalid_destination",
        "destination_not_allowed",
        "destination_special_service",
        "invalid_caller_id",
        "caller_id_not_approved",
        "caller_id_toll_free",
        "caller_id_uifn",
        "caller_id_region_prohibited",
        "caller_id_short_code_marketing",
        "caller_id_quarantined",
        "no_consent",
        "opted_out",
        "outside_calling_hours",
        "caller_id_rate_limited",
        "destination_frequency_exceeded",
        "concurrency_limited",
        "duplicate_callback",
        "suspected_fraud",
        "policy_error",
        "not_yet_due",
        "requested_time_out_of_range",
        "caller_id_pacing",
        "callee_exposure_limited",
        "refuse_call_listed",
        "caller_id_unverified",
        "caller_id_public_service",
        "unknown_purpose",
    ];

    private static readonly FrozenDictionary<string, ReasonCode> ByName = BuildLookup();

    /// <summary>One more than the highest value: the size of a table indexed by reason code.</summary>
    internal const int Count = 28;

    /// <summary>Whether <paramref name="value"/> is a reason code of this build.</summary>
    internal static bool IsDefined(int value) => (uint)value < (uint)Names.Length && Names[value] is not null;

    /// <summary>Returns the JSON name of <paramref name="code"/>, e.g. <c>caller_id_rate_limited</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined reason code.</exception>
    public static string ToJsonName(this ReasonCode code)
    {
        var index = (int)code;
        if ((uint)index >= (uint)Names.Length || Names[index] is null)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "Not a defined reason code.");
        }

        return Names[index]!;
    }

    /// <summary>Parses a JSON name such as <c>opted_out</c>.</summary>
    /// <returns><see langword="true"/> when <paramref name="name"/> is the JSON name of a reason code.</returns>
    public static bool TryParse(string? name, out ReasonCode code)
    {
        if (name is not null && ByName.TryGetValue(name, out code))
        {
            return true;
        }

        code = ReasonCode.None;
        return false;
    }

    private static FrozenDictionary<string, ReasonCode> BuildLookup()
    {
        var map = new Dictionary<string, ReasonCode>(Names.Length, StringComparer.Ordinal);
        for (var i = 0; i < Names.Length; i++)
        {
            if (Names[i] is { } name)
            {
                map.Add(name, (ReasonCode)i);
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
