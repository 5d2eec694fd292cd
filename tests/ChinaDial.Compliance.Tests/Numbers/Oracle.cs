using PhoneNumbers;

namespace ChinaDial.Compliance.Tests.Numbers;

/// <summary>libphonenumber-csharp's answer for an E.164 number: the oracle the classifier must agree with.</summary>
internal static class Oracle
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private static readonly ShortNumberInfo Short = ShortNumberInfo.GetInstance();

    public static (bool Valid, string? Region, PhoneNumberKind Kind, bool Diallable, bool ShortCode) Judge(string e164)
    {
        PhoneNumber number;
        try
        {
            number = Util.Parse(e164, null);
        }
        catch (NumberParseException)
        {
            return (false, null, PhoneNumberKind.Unknown, true, false);
        }

        return Judge(number);
    }

    /// <summary>Whether libphonenumber, parsing <paramref name="e164"/>, strips a national (trunk) prefix or carrier code
    /// written after the country code (e.g. the 0 of <c>+86 0 10 …</c>), so that the number it judges is not the
    /// digits as written. The classifier judges the digits as written.</summary>
    public static bool StripsNationalPrefix(string e164)
    {
        try
        {
            var number = Util.Parse(e164, null);
            return "+" + number.CountryCode + Util.GetNationalSignificantNumber(number) != e164;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    private static (bool Valid, string? Region, PhoneNumberKind Kind, bool Diallable, bool ShortCode) Judge(PhoneNumber number)
    {
        var valid = Util.IsValidNumber(number);
        var region = Util.GetRegionCodeForNumber(number);
        var kind = valid ? Map(Util.GetNumberType(number)) : PhoneNumberKind.Unknown;
        var shortCode = !valid && number.CountryCode == 86 && Short.IsValidShortNumberForRegion(number, "CN");
        return (valid, region, shortCode ? PhoneNumberKind.ShortCode : kind, Util.CanBeInternationallyDialled(number), shortCode);
    }

    /// <summary>
    /// Where the classifier and libphonenumber disagree on <paramref name="e164"/>, a description; else null. Where
    /// libphonenumber strips a national prefix written after the country code, the classifier (judging the digits as
    /// written) must only never be more permissive: it may call such a number invalid, but what it calls valid must
    /// agree.
    /// </summary>
    public static string? Disagreement(string e164, PhoneNumberInfo ours)
    {
        var expected = Judge(e164);
        if (StripsNationalPrefix(e164) && !ours.IsValid)
        {
            return null;
        }

        if (ours.IsValid != expected.Valid)
        {
            return $"{e164}: valid {ours.IsValid}, libphonenumber {expected.Valid}";
        }

        if (expected.Valid && (ours.RegionCode != expected.Region || ours.Kind != expected.Kind || ours.CanBeDialledFromAbroad != expected.Diallable))
        {
            return $"{e164}: {ours.RegionCode}/{ours.Kind}/diallable {ours.CanBeDialledFromAbroad}, libphonenumber {expected.Region}/{expected.Kind}/diallable {expected.Diallable}";
        }

        if (!expected.Valid && (ours.Kind == PhoneNumberKind.ShortCode) != expected.ShortCode)
        {
            return $"{e164}: short code {ours.Kind == PhoneNumberKind.ShortCode}, libphonenumber {expected.ShortCode}";
        }

        return null;
    }

    public static PhoneNumberKind Map(PhoneNumberType type) => type switch
    {
        PhoneNumberType.FIXED_LINE => PhoneNumberKind.FixedLine,
        PhoneNumberType.MOBILE => PhoneNumberKind.Mobile,
        PhoneNumberType.FIXED_LINE_OR_MOBILE => PhoneNumberKind.FixedLineOrMobile,
        PhoneNumberType.TOLL_FREE => PhoneNumberKind.TollFree,
        PhoneNumberType.PREMIUM_RATE => PhoneNumberKind.PremiumRate,
        PhoneNumberType.SHARED_COST => PhoneNumberKind.SharedCost,
        PhoneNumberType.VOIP => PhoneNumberKind.Voip,
        PhoneNumberType.PERSONAL_NUMBER => PhoneNumberKind.PersonalNumber,
        PhoneNumberType.PAGER => PhoneNumberKind.Pager,
        PhoneNumberType.UAN => PhoneNumberKind.Uan,
        PhoneNumberType.VOICEMAIL => PhoneNumberKind.Voicemail,
        _ => PhoneNumberKind.Unknown,
    };

    /// <summary>Every example number libphonenumber has: each region's example of each type, each non-geographic
    /// entity's example, and each region's short-number examples.</summary>
    public static IEnumerable<string> ExampleNumbers()
    {
        foreach (var region in Util.GetSupportedRegions().Order(StringComparer.Ordinal))
        {
            foreach (var type in Enum.GetValues<PhoneNumberType>())
            {
                var example = Util.GetExampleNumberForType(region, type);
                if (example is not null)
                {
                    yield return Util.Format(example, PhoneNumberFormat.E164);
                }
            }
        }

        foreach (var code in Util.GetSupportedGlobalNetworkCallingCodes().Order())
        {
            var example = Util.GetExampleNumberForNonGeoEntity(code);
            if (example is not null)
            {
                yield return Util.Format(example, PhoneNumberFormat.E164);
            }
        }

        var shortNumbers = NumberPlanGenerator.NumberPlanBuilder.ShortNumberMetadata("CN");
        foreach (var desc in new[] { shortNumbers.GeneralDesc, shortNumbers.ShortCode, shortNumbers.TollFree, shortNumbers.PremiumRate, shortNumbers.Emergency, shortNumbers.StandardRate, shortNumbers.CarrierSpecific, shortNumbers.SmsServices })
        {
            if (!string.IsNullOrEmpty(desc?.ExampleNumber))
            {
                yield return "+86" + desc.ExampleNumber;
            }
        }

    }
}
