using System;
using System.Globalization;

namespace ChinaDial.Compliance.Configuration;

/// <summary>The values options take, read strictly: invariant culture, whole strings, nothing guessed.</summary>
internal static class Scalars
{
    /// <summary>Any text, the empty text included (an empty pepper or time zone is judged by validation).</summary>
    public static readonly ScalarNode<string> Text = new("a text value", static (string text, out string value) =>
    {
        value = text;
        return true;
    });

    /// <summary>A whole number (<see cref="int"/>).</summary>
    public static readonly ScalarNode<int> Int32 = new("a whole number", static (string text, out int value)
        => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value));

    /// <summary>A whole number (<see cref="long"/>).</summary>
    public static readonly ScalarNode<long> Int64 = new("a whole number", static (string text, out long value)
        => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value));

    /// <summary>A number (<see cref="double"/>); NaN and infinities parse, and validation refuses them.</summary>
    public static readonly ScalarNode<double> Double = new("a number", static (string text, out double value)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value));

    /// <summary><c>true</c> or <c>false</c>.</summary>
    public static readonly ScalarNode<bool> Boolean = new("true or false", static (string text, out bool value)
        => bool.TryParse(text, out value));

    /// <summary>A duration in the invariant form <c>[d.]hh:mm[:ss[.fffffff]]</c>; <c>24:00</c> is one day.</summary>
    public static readonly ScalarNode<TimeSpan> Duration = new("a duration written [d.]hh:mm[:ss[.fffffff]] (e.g. 00:01:00 for one minute; a bare number would be days)", TryParseDuration);

    /// <summary>Reads a duration: a bare number is refused, since <see cref="TimeSpan"/> would read <c>60</c> as 60 days.</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = default;
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IndexOf(':') < 0)
        {
            return false;
        }

        if (trimmed is "24:00" or "24:00:00")
        {
            value = TimeSpan.FromDays(1);
            return true;
        }

        return TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>One name of <typeparamref name="TEnum"/> (case ignored) or the number of a defined member;
    /// never a combination or an undefined number.</summary>
    public static ScalarNode<TEnum> Enum<TEnum>()
        where TEnum : struct, Enum
        => new(EnumExpected<TEnum>(), TryParseEnum);

    /// <summary>Reads one defined member of <typeparamref name="TEnum"/>.</summary>
    public static bool TryParseEnum<TEnum>(string text, out TEnum value)
        where TEnum : struct, Enum
        => System.Enum.TryParse(text, ignoreCase: true, out value) && text.IndexOf(',', StringComparison.Ordinal) < 0 && System.Enum.IsDefined(value);

    /// <summary>"one of A, B, C" (with the numbers for the days of the week).</summary>
    public static string EnumExpected<TEnum>()
        where TEnum : struct, Enum
        => typeof(TEnum) == typeof(DayOfWeek)
            ? "a day of the week (Sunday, Monday, ..., Saturday, or 0-6 from Sunday)"
            : $"one of {string.Join(", ", System.Enum.GetNames<TEnum>())}";
}
