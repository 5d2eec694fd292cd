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

    /// <summary>Parses and classifies E.164 text in one pass (see <see cref="E164Text"/> for what is tolerated).</summary>
    internal static PhoneNumberInfo Classify(ReadOnlySpan<char> text)
        => Classify(text, CountryCodeRoots, CountryCodeDeadLabels, StateLabels, StateTransitions);

    /// <summary>As <see cref="Classify(ReadOnlySpan{char})"/>, against the given tables (the generated ones, or
    /// altered copies in tests).</summary>
    internal static PhoneNumberInfo Classify(ReadOnlySpan<char> text, ReadOnlySpan<int> roots, ReadOnlySpan<int> deadLabels, ReadOnlySpan<int> labels, ReadOnlySpan<ushort> transitions)
    {
        if (text.IsEmpty || text[0] != '+' || char.IsWhiteSpace(text[^1]))
        {
            text = text.Trim();
            if (text.IsEmpty || text[0] != '+')
            {
                return PhoneNumberInfo.Unparsed;
            }
        }

        ulong key = 0;
        int count = 0, countryCode = 0, ccLength = 0, state = 0, national = 0, firstTwo = 0;
        for (var i = 1; i < text.Length; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                if (E164Text.IsSeparator(text[i]))
                {
                    continue;
                }

                return PhoneNumberInfo.Unparsed;
            }

            if (count == E164Text.MaxDigits || (count == 0 && digit == 0))
            {
                return PhoneNumberInfo.Unparsed;
            }

            key = (key * 10) + digit;
            count++;
            if (ccLength != 0)
            {
                national++;
                firstTwo = national <= 2 ? (firstTwo * 10) + (int)digit : firstTwo;
                state = state == 0 || national > MaxNationalDigits ? 0 : transitions[(state * 10) + (int)digit];
            }
            else if (count <= 3)
            {
                countryCode = (countryCode * 10) + (int)digit;
                var root = roots[countryCode];
                if (root != 0)
                {
                    ccLength = count;
                    state = Math.Max(root, 0);
                }
            }
            else
            {
                return PhoneNumberInfo.Unparsed;
            }
        }

        if (ccLength == 0 || national == 0)
        {
            return PhoneNumberInfo.Unparsed;
        }

        var label = state == 0 ? deadLabels[countryCode] : labels[state];
        var shortCode = (label & ShortCodeBit) != 0;
        return new PhoneNumberInfo(
            key,
            count,
            countryCode,
            (label & RegionMask) - 1,
            (PhoneNumberKind)((label >> KindShift) & 0xF),
            isValid: (label & ValidBit) != 0,
            canBeDialledFromAbroad: (label & NotDiallableBit) == 0,
            isServiceShortCode: shortCode && firstTwo is 95 or 96);
    }
}
