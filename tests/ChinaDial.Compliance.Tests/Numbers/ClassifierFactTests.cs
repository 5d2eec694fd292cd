namespace ChinaDial.Compliance.Tests.Numbers;

public class ClassifierFactTests
{
    private static readonly PhoneNumbers.PhoneNumberUtil Oracle = PhoneNumbers.PhoneNumberUtil.GetInstance();

    [Fact]
    public void A_95_service_short_code_is_an_invalid_CN_short_code()
    {
        var info = PhoneNumberClassifier.Classify("+8695588");

        Assert.True(info.IsParsed);
        Assert.False(info.IsValid);
        Assert.Equal(PhoneNumberKind.ShortCode, info.Kind);
        Assert.Equal("CN", info.RegionCode);
        Assert.True(info.IsServiceShortCode);
        var parsed = Oracle.Parse("+8695588", null);
        Assert.False(Oracle.IsValidNumber(parsed));
        Assert.True(PhoneNumbers.ShortNumberInfo.GetInstance().IsValidShortNumberForRegion(parsed, "CN"));
    }

    [Theory]
    [InlineData("+864001234567")]
    [InlineData("+868001234567")]
    public void CN_400_and_800_numbers_cannot_be_dialled_from_abroad(string number)
    {
        var info = PhoneNumberClassifier.Classify(number);

        Assert.True(info.IsParsed);
        Assert.Equal("CN", info.RegionCode);
        Assert.False(info.CanBeDialledFromAbroad);
        Assert.False(Oracle.CanBeInternationallyDialled(Oracle.Parse(number, null)));
    }

    [Theory]
    [InlineData("+85291234567", "HK")]
    [InlineData("+85366123456", "MO")]
    [InlineData("+886912345678", "TW")]
    [InlineData("+6581234567", "SG")]
    public void A_number_from_a_neighbouring_region_reports_that_region(string number, string region)
    {
        Assert.Equal(region, PhoneNumberClassifier.Classify(number).RegionCode);
        Assert.Equal(region, Oracle.GetRegionCodeForNumber(Oracle.Parse(number, null)));
    }

    [Fact]
    public void A_plus_800_number_is_a_non_geographic_toll_free_number()
    {
        var info = PhoneNumberClassifier.Classify("+80012345678");

        Assert.True(info.IsValid);
        Assert.True(info.IsNonGeographic);
        Assert.Equal("001", info.RegionCode);
        Assert.Equal(PhoneNumberKind.TollFree, info.Kind);
        Assert.Equal(PhoneNumbers.PhoneNumberType.TOLL_FREE, Oracle.GetNumberType(Oracle.Parse("+80012345678", null)));
    }

    public static TheoryData<string> Garbage => new()
    {
        "+86abc13800138000",
        "\uFF0B\uFF18\uFF16\uFF11\uFF13\uFF18\uFF10\uFF10\uFF11\uFF13\uFF18\uFF10\uFF10\uFF10",
        "8613800138000",
        "+" + new string('1', 10_000),
        "+86\u0000138\u000700138000",
        "",
        "+",
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Garbage_is_not_parsed(string text)
    {
        Assert.False(PhoneNumberClassifier.Classify(text).IsParsed);
    }
}
