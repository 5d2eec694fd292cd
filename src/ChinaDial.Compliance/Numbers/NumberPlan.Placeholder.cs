namespace ChinaDial.Compliance;

// TEMPORARY: a hand-written stand-in for the generated number plan (CN, HK, MO, TW, SG, US, +800 only),
// so the evaluator and policies can be built and tested while the generator is written. The generated
// NumberPlan replaces this file entirely.
internal static partial class NumberPlan
{
    internal static readonly string[] RegionCodes = ["001", "CN", "HK", "MO", "TW", "SG", "US"];

    internal const int NonGeographicRegionIndex = 0;

    internal static PhoneNumberInfo Classify(ulong digits, int count)
    {
        var text = digits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (text.StartsWith("86", System.StringComparison.Ordinal))
        {
            var n = text[2..];
            if (n.Length is 5 or 6 && (n.StartsWith("95", System.StringComparison.Ordinal) || n.StartsWith("96", System.StringComparison.Ordinal)))
            {
                return new(digits, count, 86, 1, PhoneNumberKind.ShortCode, false, false, true);
            }

            if (n.Length == 11 && n[0] == '1' && n[1] >= '3')
            {
                return new(digits, count, 86, 1, PhoneNumberKind.Mobile, true, true, false);
            }

            if (n.Length == 10 && n.StartsWith("400", System.StringComparison.Ordinal))
            {
                return new(digits, count, 86, 1, PhoneNumberKind.TollFree, true, false, false);
            }

            if (n.Length == 10 && n.StartsWith("800", System.StringComparison.Ordinal))
            {
                return new(digits, count, 86, 1, PhoneNumberKind.TollFree, true, false, false);
            }

            if (n.Length == 8 && n.StartsWith("16", System.StringComparison.Ordinal))
            {
                return new(digits, count, 86, 1, PhoneNumberKind.PremiumRate, true, true, false);
            }

            if (n.Length is 10 or 11 && n[0] >= '2')
            {
                return new(digits, count, 86, 1, PhoneNumberKind.FixedLine, true, true, false);
            }

            if (n.Length == 10 && n.StartsWith("10", System.StringComparison.Ordinal))
            {
                return new(digits, count, 86, 1, PhoneNumberKind.FixedLine, true, true, false);
            }

            return new(digits, count, 86, 1, PhoneNumberKind.Unknown, false, false, false);
        }

        if (text.StartsWith("852", System.StringComparison.Ordinal))
        {
            return new(digits, count, 852, 2, PhoneNumberKind.Mobile, count == 11, true, false);
        }

        if (text.StartsWith("853", System.StringComparison.Ordinal))
        {
            return new(digits, count, 853, 3, PhoneNumberKind.Mobile, count == 11, true, false);
        }

        if (text.StartsWith("886", System.StringComparison.Ordinal))
        {
            return new(digits, count, 886, 4, PhoneNumberKind.Mobile, count == 12, true, false);
        }

        if (text.StartsWith("65", System.StringComparison.Ordinal))
        {
            return new(digits, count, 65, 5, PhoneNumberKind.Mobile, count == 10, true, false);
        }

        if (text.StartsWith("800", System.StringComparison.Ordinal))
        {
            return new(digits, count, 800, 0, PhoneNumberKind.TollFree, count == 11, true, false);
        }

        if (text[0] == '1' && count == 11)
        {
            var tollFree = text.StartsWith("1800", System.StringComparison.Ordinal) || text.StartsWith("1888", System.StringComparison.Ordinal);
            return new(digits, count, 1, 6, tollFree ? PhoneNumberKind.TollFree : PhoneNumberKind.FixedLineOrMobile, true, true, false);
        }

        return PhoneNumberInfo.Unparsed;
    }
}
