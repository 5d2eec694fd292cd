using System;

namespace ChinaDial.Compliance;

/// <summary>A leading run of E.164 digits such as <c>+86168</c>, matched with <see cref="PhoneNumberInfo.StartsWith"/>.</summary>
public readonly record struct PhoneNumberPrefix
{
    private PhoneNumberPrefix(ulong digits, int digitCount)
    {
        Digits = digits;
        DigitCount = digitCount;
    }

    /// <summary>The prefix's digits as an integer.</summary>
    public ulong Digits { get; }

    /// <summary>How many digits the prefix has.</summary>
    public int DigitCount { get; }

    /// <summary>Parses <c>+</c> followed by 1 to 19 digits (spaces and hyphens tolerated).</summary>
    public static bool TryParse(string? text, out PhoneNumberPrefix prefix)
    {
        prefix = default;
        if (!E164Text.TryReadDigits(text, out var digits, out var count) || count == 0)
        {
            return false;
        }

        prefix = new PhoneNumberPrefix(digits, count);
        return true;
    }

    /// <summary>Parses a prefix such as <c>+86168</c>.</summary>
    /// <exception cref="FormatException"><paramref name="text"/> is not <c>+</c> followed by digits.</exception>
    public static PhoneNumberPrefix Parse(string text)
        => TryParse(text, out var prefix) ? prefix : throw new FormatException($"'{text}' is not a number prefix such as +86168.");

    /// <summary>The prefix in E.164 form, e.g. <c>+86168</c>.</summary>
    public override string ToString() => "+" + Digits.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
