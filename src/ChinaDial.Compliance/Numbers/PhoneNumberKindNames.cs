using System;

namespace ChinaDial.Compliance;

/// <summary>The stable JSON names (snake_case) of <see cref="PhoneNumberKind"/> values.</summary>
public static class PhoneNumberKindNames
{
    private static readonly string[] Names =
    [
        "unknown",
        "fixed_line",
        "mobile",
        "fixed_line_or_mobile",
        "toll_free",
        "premium_rate",
        "shared_cost",
        "voip",
        "personal_number",
        "pager",
        "uan",
        "voicemail",
        "short_code",
    ];

    /// <summary>Returns the JSON name of <paramref name="kind"/>, e.g. <c>fixed_line_or_mobile</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined kind.</exception>
    public static string ToJsonName(this PhoneNumberKind kind)
    {
        var index = (int)kind;
        return (uint)index < (uint)Names.Length
            ? Names[index]
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a defined number kind.");
    }
}
