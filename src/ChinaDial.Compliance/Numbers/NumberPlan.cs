using System;

namespace ChinaDial.Compliance;

/// <summary>
/// Walks the number plan generated from libphonenumber's metadata (<c>NumberPlan.g.cs</c>): one minimal DFA over the
/// national-number digits per country calling code, each state labelled with the answer for a number ending there.
/// A classification is a country-code lookup and one table step per digit: no allocation, no regular expression.
/// </summary>
internal static partial class NumberPlan
{
    private const int RegionMask = 0x3FF;
    private const int KindShift = 10;
    private const int ValidBit = 1 << 14;
    private const int NotDiallableBit = 1 << 15;
    private const int ShortCodeBit = 1 << 16;

    /// <summary>The longest national number libphonenumber parses; the DFAs are this deep.</summary>
    internal const int MaxNationalDigits = 17;

    /// <summary>Classifies the E.164 number whose digits (country code first) are <paramref name="digits"/>.</summary>
    internal static PhoneNumberInfo Classify(ReadOnlySpan<byte> digits, ulong key)
        => Classify(digits, key, CountryCodeRoots, CountryCodeDeadLabels, StateLabels, StateTransitions);

    /// <summary>Classifies against the given tables (the generated ones, or altered copies in tests).</summary>
    internal static PhoneNumberInfo Classify(ReadOnlySpan<byte> digits, ulong key, ReadOnlySpan<int> roots, ReadOnlySpan<int> deadLabels, ReadOnlySpan<int> labels, ReadOnlySpan<ushort> transitions)
    {
        var countryCode = 0;
        var root = 0;
        var ccLength = 0;
        for (var length = 1; length <= 3 && length < digits.Length; length++)
        {
            countryCode = (countryCode * 10) + digits[length - 1];
            root = roots[countryCode];
            if (root != 0)
            {
                ccLength = length;
                break;
            }
        }

        if (ccLength == 0)
        {
            return PhoneNumberInfo.Unparsed;
        }

        var national = digits[ccLength..];
        var state = national.Length > MaxNationalDigits ? 0 : Math.Max(root, 0);
        for (var i = 0; i < national.Length && state != 0; i++)
        {
            state = transitions[(state * 10) + national[i]];
        }

        var label = state == 0 ? deadLabels[countryCode] : labels[state];
        var shortCode = (label & ShortCodeBit) != 0;
        return new PhoneNumberInfo(
            key,
            digits.Length,
            countryCode,
            (label & RegionMask) - 1,
            (PhoneNumberKind)((label >> KindShift) & 0xF),
            isValid: (label & ValidBit) != 0,
            canBeDialledFromAbroad: (label & NotDiallableBit) == 0,
            isServiceShortCode: shortCode && national.Length >= 2 && national[0] == 9 && national[1] is 5 or 6);
    }
}
