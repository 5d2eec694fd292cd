using Microsoft.Extensions.Time.Testing;
using PhoneNumbers;

namespace ChinaDial.Compliance.Tests.Destinations;

public class DestinationPolicyTests
{
    private static async Task<CallDecision> Evaluate(DestinationOptions options, string? destination)
    {
        var evaluator = new OutboundCallEvaluator([new DestinationPolicy(options)], timeProvider: new FakeTimeProvider());
        return await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, destination, CallPurpose.Service));
    }

    [Fact]
    public async Task A_chinese_mobile_is_allowed()
        => Assert.True((await Evaluate(new DestinationOptions { AllowedCountries = ["CN"] }, TestNumbers.CnMobile)).IsAllowed);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("13800138000")]
    [InlineData("+86 138 0013 800x")]
    [InlineData("+860")]
    public async Task A_missing_malformed_or_invalid_destination_is_denied_as_invalid(string? destination)
        => Assert.Equal([ReasonCode.InvalidDestination], (await Evaluate(new DestinationOptions(), destination)).Reasons.ToArray());

    [Theory]
    [InlineData(PhoneNumberType.TOLL_FREE)]
    [InlineData(PhoneNumberType.PREMIUM_RATE)]
    [InlineData(PhoneNumberType.SHARED_COST)]
    public async Task Chinese_special_service_numbers_are_denied(PhoneNumberType type)
        => Assert.Equal([ReasonCode.DestinationSpecialService], (await Evaluate(new DestinationOptions(), TestNumbers.Example("CN", type))).Reasons.ToArray());

    [Fact]
    public async Task A_chinese_service_short_code_is_a_special_service_destination()
        => Assert.Equal([ReasonCode.DestinationSpecialService], (await Evaluate(new DestinationOptions(), TestNumbers.CnServiceShortCode)).Reasons.ToArray());

    [Fact]
    public async Task A_destination_outside_the_allowed_countries_is_not_allowed()
        => Assert.Equal([ReasonCode.DestinationNotAllowed], (await Evaluate(new DestinationOptions { AllowedCountries = ["CN"] }, TestNumbers.UsCallerId)).Reasons.ToArray());

    [Fact]
    public async Task A_destination_in_a_denied_country_is_not_allowed_even_with_no_allow_list()
        => Assert.Equal([ReasonCode.DestinationNotAllowed], (await Evaluate(new DestinationOptions { DeniedCountries = ["US"] }, TestNumbers.UsCallerId)).Reasons.ToArray());

    [Fact]
    public async Task A_destination_under_a_denied_prefix_is_not_allowed()
    {
        var options = new DestinationOptions { DeniedPrefixes = ["+86 138"] };

        Assert.Equal([ReasonCode.DestinationNotAllowed], (await Evaluate(options, TestNumbers.CnMobile)).Reasons.ToArray());
        Assert.True((await Evaluate(options, "+8613900139000")).IsAllowed);
    }

    [Fact]
    public async Task Allowed_kinds_are_configuration()
    {
        var options = new DestinationOptions { AllowedKinds = [PhoneNumberKind.Mobile] };
        Assert.Equal([ReasonCode.DestinationSpecialService], (await Evaluate(options, TestNumbers.Example("CN", PhoneNumberType.FIXED_LINE))).Reasons.ToArray());
    }

    [Fact]
    public void Bad_destination_options_fail_validation_naming_every_key()
    {
        var errors = new ChinaDialComplianceOptions
        {
            Destinations = { AllowedCountries = ["CN", "ZZ"], DeniedPrefixes = ["86168", "+86168"] },
        }.Validate();

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("AllowedCountries:1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("DeniedPrefixes:0", StringComparison.Ordinal));
    }
}

public class ChineseSpecialServiceDestinationTests
{
    [Theory]
    [InlineData("+864001234567")]
    [InlineData("+868001234567")]
    [InlineData("+869501234567")]
    [InlineData("+8616812345")]
    public async Task Chinese_400_800_950_and_16x_numbers_never_reach_the_carrier(string destination)
    {
        var evaluator = new OutboundCallEvaluator([new DestinationPolicy(new DestinationOptions { AllowedCountries = ["CN"] })], timeProvider: new FakeTimeProvider());
        var decision = await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, destination, CallPurpose.Service));
        Assert.Equal([ReasonCode.DestinationSpecialService], decision.Reasons.ToArray());
    }

    [Fact]
    public void Chinese_400_and_950_numbers_are_not_diallable_from_abroad()
    {
        Assert.False(PhoneNumberClassifier.Classify("+864001234567").CanBeDialledFromAbroad);
        Assert.False(PhoneNumberClassifier.Classify("+869501234567").CanBeDialledFromAbroad);
        Assert.True(PhoneNumberClassifier.Classify(TestNumbers.CnMobile).CanBeDialledFromAbroad);
    }
}
