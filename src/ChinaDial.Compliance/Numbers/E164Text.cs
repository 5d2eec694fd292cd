using System;

namespace ChinaDial.Compliance;

/// <summary>Reads the digits of E.164 text: optional white space, <c>+</c>, digits with tolerated separators.</summary>
internal static class E164Text
{
    /// <summary>The most digits a number may have (E.164 allows 15; libphonenumber accepts national numbers of up to 17).</summary>
    internal const int MaxDigits = 19;

    /// <summary>
    /// Reads <c>+</c> followed by up to <see cref="MaxDigits"/> ASCII digits, tolerating single spaces, hyphens,
    /// dots and parentheses between them and white space around the whole. The first digit must not be 0.
    /// </summary>
    internal static bool TryReadDigits(ReadOnlySpan<char> text, out ulong digits, out int count)
    {
        digits = 0;
        count = 0;
        text = text.Trim();
        if (text.Length < 2 || text[0] != '+')
        {
            return false;
        }

        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            var d = (uint)(c - '0');
            if (d <= 9)
            {
                if (count == MaxDigits || (count == 0 && d == 0))
                {
                    return false;
                }

                digits = (digits * 10) + d;
                count++;
            }
            else if (!IsSeparator(c))
            {
                return false;
            }
        }

        return count > 0;
    }

    /// <summary>Whether <paramref name="c"/> may stand between the digits of a number: space, hyphen, dot, parenthesis.</summary>
    internal static bool IsSeparator(char c) => c is ' ' or '-' or '.' or '(' or ')';
}
