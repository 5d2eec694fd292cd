using PhoneNumbers;

namespace ChinaDial.Compliance.Tests;

/// <summary>Real numbers for tests, taken from libphonenumber's example numbers so they stay valid as the plan changes.</summary>
internal static class TestNumbers
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public const string CnMobile = "+8613800138000";
    public const string UsCallerId = "+12065550100";
    public const string UsCallerId2 = "+12065550101";
    public const string CnServiceShortCode = "+8695588";

    public static string Example(string region, PhoneNumberType type)
        => Util.Format(Util.GetExampleNumberForType(region, type) ?? throw new InvalidOperationException($"No {type} example for {region}."), PhoneNumberFormat.E164);

    public static string Uifn => Util.Format(Util.GetExampleNumberForNonGeoEntity(800), PhoneNumberFormat.E164);
}
