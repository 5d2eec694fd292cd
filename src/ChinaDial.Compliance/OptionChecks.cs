using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ChinaDial.Compliance;

/// <summary>
/// The checks every options class shares, so that each one validates itself the same way
/// (<c>internal void Validate(ICollection&lt;string&gt; errors, string path)</c>) and every message starts with the
/// option's full configuration path (<c>ChinaDialCompliance:CallerIdRate:Window</c>).
/// </summary>
internal static class OptionChecks
{
    /// <summary>The longest window of a rate or frequency cap, and the longest quarantine: one year (366 days). Longer
    /// spans are typos (a bare <c>"60"</c> reads as 60 days) or would keep state for ever.</summary>
    internal static readonly TimeSpan MaxWindow = TimeSpan.FromDays(366);

    /// <summary>A positive duration no longer than <paramref name="max"/>.</summary>
    internal static void Positive(ICollection<string> errors, string path, TimeSpan value, TimeSpan max)
    {
        if (value <= TimeSpan.Zero || value > max)
        {
            errors.Add($"{path} must be more than 0 and at most {Text(max)}; it is {Text(value)}.");
        }
    }

    /// <summary>A duration from <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    internal static void Between(ICollection<string> errors, string path, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{path} must be between {Text(min)} and {Text(max)}; it is {Text(value)}.");
        }
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    internal static void Between(ICollection<string> errors, string path, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{path} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}; it is {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    /// <summary>A value of a defined member of <typeparamref name="TEnum"/>.</summary>
    internal static bool Defined<TEnum>(ICollection<string> errors, string path, TEnum value)
        where TEnum : struct, Enum
    {
        if (Enum.IsDefined(value))
        {
            return true;
        }

        errors.Add($"{path} must be one of {string.Join(", ", Enum.GetNames<TEnum>())}; it is {value:D}.");
        return false;
    }

    /// <summary>Reports a missing (null) option; true when it is there.</summary>
    internal static bool NotNull<T>(ICollection<string> errors, string path, [NotNullWhen(true)] T? value)
        where T : class
    {
        if (value is null)
        {
            errors.Add($"{path} must not be null.");
            return false;
        }

        return true;
    }

    /// <summary>A duration as configuration writes it (<c>1.00:00:00</c>, <c>00:00:15</c>).</summary>
    internal static string Text(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    /// <summary>A number as configuration writes it.</summary>
    internal static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
