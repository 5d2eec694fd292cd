namespace ChinaDial.Compliance;

/// <summary>
/// Chinese public-service numbers, which no dialer may present as its caller ID, whatever the purpose: a callee who
/// sees one takes the call for the police, a hospital or a government line (the shape of spoofing fraud).
/// </summary>
/// <remarks>
/// <para>Sources: the MIIT's 电信网编号计划 (2003) keeps the emergency numbers (110 police, 119 fire, 120 ambulance,
/// 122 road accidents) and the government service lines (12315, 12345, …); the MIIT's opinion on short-number lengths
/// (关于规范管理短号码位长的意见) gives the "1" short numbers 3 or 5 digits and the 95 and 96 short numbers 5 or 6
/// digits; 12321 is the MIIT's spam and nuisance-call reporting centre; 96110 is the Ministry of Public Security's
/// anti-fraud warning line, which callees are told to answer and which shows as "area code + 96110" (e.g. 025-96110).
/// 100xx are the carriers' own service lines (10000, 10010, 10086).</para>
/// <para>A number is refused when its national digits are one of these — 3-digit 11x/12x, 5-digit 12xxx and 100xx,
/// 95/96 numbers of 5 or 6 digits, any 95/96 service short code of the number plan — alone or after a Chinese area code
/// (10, 2x, or three digits from 3 up), the way they show on a callee's phone. Valid subscriber numbers are 7 digits or
/// more after their area code, so none of them matches.</para>
/// </remarks>
internal static class PublicServiceNumbers
{
    private const int China = 86;

    /// <summary>Whether <paramref name="number"/> is a Chinese public-service number or 95/96 service short code, with
    /// or without an area code.</summary>
    public static bool Is(PhoneNumberInfo number)
    {
        if (!number.IsParsed || number.CountryCode != China)
        {
            return false;
        }

        if (number.IsServiceShortCode)
        {
            return true;
        }

        var length = number.DigitCount - 2;
        if (length < 3)
        {
            return false;
        }

        var national = number.Key % PhoneNumberInfo.Pow10(length);
        if (IsCode(national, length))
        {
            return true;
        }

        // After an area code: 10 and 2x have two digits, the others three.
        var first = national / PhoneNumberInfo.Pow10(length - 1);
        var areaDigits = first is 1 or 2 ? 2 : 3;
        if (first == 1 && national / PhoneNumberInfo.Pow10(length - 2) != 10)
        {
            return false; // 1x other than 10 is no area code (mobile and service prefixes)
        }

        var rest = length - areaDigits;
        return rest is 3 or 5 or 6 && IsCode(national % PhoneNumberInfo.Pow10(rest), rest);
    }

    /// <summary>Whether <paramref name="digits"/> (<paramref name="length"/> digits, no leading zero) is a
    /// public-service code.</summary>
    private static bool IsCode(ulong digits, int length)
    {
        switch (length)
        {
            case 3:
                return digits / 10 is 11 or 12; // 110 police, 119 fire, 120 ambulance, 122 road accidents, …
            case 5:
                var head = digits / 1000;
                return head is 12 or 95 or 96 || digits / 100 == 100; // 12xxx government lines, 95/96, 100xx carriers
            case 6:
                return digits / 10_000 is 95 or 96;
            default:
                return false;
        }
    }
}
