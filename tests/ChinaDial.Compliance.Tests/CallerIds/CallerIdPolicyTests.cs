using Microsoft.Extensions.Time.Testing;
using PhoneNumbers;

namespace ChinaDial.Compliance.Tests.CallerIds;

public class CallerIdPolicyTests
{
    private static readonly string HkMobile = TestNumbers.Example("HK", PhoneNumberType.MOBILE);
    private static readonly string UsTollFree = TestNumbers.Example("US", PhoneNumberType.TOLL_FREE);

    private static async Task<CallDecision> Evaluate(CallerIdOptions options, string? callerId, CallPurpose purpose = CallPurpose.Service, string destination = TestNumbers.CnMobile)
    {
        var evaluator = new OutboundCallEvaluator([new CallerIdPolicy(options)], timeProvider: new FakeTimeProvider());
        return await evaluator.EvaluateAsync(new OutboundCall(callerId, destination, purpose));
    }

    private static CallerIdOptions Approving(params string[] numbers) => new() { Approved = [.. numbers] };

    [Fact]
    public async Task An_approved_caller_id_is_allowed()
        => Assert.True((await Evaluate(Approving(TestNumbers.UsCallerId), TestNumbers.UsCallerId)).IsAllowed);

    [Fact]
    public async Task An_approved_caller_id_written_with_spaces_and_hyphens_is_the_same_number()
        => Assert.True((await Evaluate(Approving("+1 206-555-0100"), "+1 (206) 555.0100")).IsAllowed);

    [Fact]
    public async Task A_caller_id_outside_the_inventory_is_denied_as_not_approved()
        => Assert.Equal([ReasonCode.CallerIdNotApproved], (await Evaluate(Approving(TestNumbers.UsCallerId), TestNumbers.UsCallerId2)).Reasons.ToArray());

    [Fact]
    public async Task With_the_default_empty_inventory_every_caller_id_is_not_approved()
        => Assert.Equal([ReasonCode.CallerIdNotApproved], (await Evaluate(new CallerIdOptions(), TestNumbers.UsCallerId)).Reasons.ToArray());

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12065550100")]
    [InlineData("+1206555abcd")]
    [InlineData("+1")]
    public async Task A_missing_or_malformed_caller_id_is_denied_as_invalid(string? callerId)
        => Assert.Equal([ReasonCode.InvalidCallerId], (await Evaluate(Approving(TestNumbers.UsCallerId), callerId)).Reasons.ToArray());

    [Fact]
    public async Task A_toll_free_caller_id_is_denied_as_toll_free()
    {
        var options = new CallerIdOptions { ProhibitTollFree = false, Approved = [UsTollFree] };
        Assert.True((await Evaluate(options, UsTollFree)).IsAllowed);

        options.ProhibitTollFree = true;
        options.Approved = [];
        Assert.Equal([ReasonCode.CallerIdNotApproved, ReasonCode.CallerIdTollFree], (await Evaluate(options, UsTollFree)).Reasons.ToArray());
    }

    [Fact]
    public async Task A_uifn_caller_id_is_denied_as_uifn()
        => Assert.Contains(ReasonCode.CallerIdUifn, (await Evaluate(new CallerIdOptions(), TestNumbers.Uifn)).Reasons);

    [Theory]
    [InlineData("HK")]
    [InlineData("MO")]
    [InlineData("TW")]
    [InlineData("SG")]
    public async Task A_caller_id_from_a_default_prohibited_region_is_denied(string region)
        => Assert.Contains(ReasonCode.CallerIdRegionProhibited, (await Evaluate(new CallerIdOptions(), TestNumbers.Example(region, PhoneNumberType.MOBILE))).Reasons);

    [Fact]
    public async Task The_prohibited_regions_are_configuration()
    {
        var options = new CallerIdOptions { ProhibitedRegions = ["SG"], Approved = [HkMobile] };
        Assert.True((await Evaluate(options, HkMobile)).IsAllowed);
    }

    [Theory]
    [InlineData(CallPurpose.Marketing)]
    [InlineData(CallPurpose.Service)]
    [InlineData(CallPurpose.Callback)]
    public async Task A_95_short_code_is_never_a_caller_ID_whatever_the_purpose(CallPurpose purpose)
    {
        var reasons = (await Evaluate(new CallerIdOptions(), TestNumbers.CnServiceShortCode, purpose)).Reasons;

        Assert.Contains(ReasonCode.CallerIdPublicService, reasons);
        Assert.Equal(purpose == CallPurpose.Marketing, reasons.Contains(ReasonCode.CallerIdShortCodeMarketing));
    }

    [Theory]
    [InlineData("+86110")]
    [InlineData("+86119")]
    [InlineData("+86120")]
    [InlineData("+86122")]
    [InlineData("+8612315")]
    [InlineData("+8612321")]
    [InlineData("+8612345")]
    [InlineData("+8696110")]
    [InlineData("+862596110")] // Nanjing's area code + 96110: how the anti-fraud line shows on a phone
    [InlineData("+861012321")] // 010-12321, the MIIT's reporting centre
    [InlineData("+8610110")]
    [InlineData("+86755119")]
    [InlineData("+8675512345")]
    [InlineData("+8610086")]
    [InlineData("+8695588")]
    [InlineData("+86955880")]
    public async Task A_public_service_number_is_refused_as_caller_ID_with_or_without_an_area_code(string callerId)
        => Assert.Contains(ReasonCode.CallerIdPublicService, (await Evaluate(new CallerIdOptions(), callerId)).Reasons);

    [Theory]
    [InlineData("+8613800138000")]
    [InlineData("+861012345678")]
    [InlineData("+862112345678")]
    [InlineData("+8675512345678")]
    [InlineData("+8695112345678")]
    [InlineData("+12065550100")]
    public async Task A_subscriber_number_is_no_public_service_number(string callerId)
        => Assert.DoesNotContain(ReasonCode.CallerIdPublicService, (await Evaluate(new CallerIdOptions(), callerId)).Reasons);

    [Fact]
    public void A_public_service_number_in_the_approved_inventory_fails_validation()
    {
        var errors = new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId, TestNumbers.CnServiceShortCode, "+862596110"] } }.Validate();

        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Contains("caller_id_public_service", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_caller_id_approved_only_for_some_destination_regions_is_not_approved_for_others()
    {
        var options = Approving(TestNumbers.UsCallerId);
        options.ApprovedDestinations[TestNumbers.UsCallerId] = ["US"];

        Assert.Equal([ReasonCode.CallerIdNotApproved], (await Evaluate(options, TestNumbers.UsCallerId)).Reasons.ToArray());
        Assert.True((await Evaluate(options, TestNumbers.UsCallerId, destination: TestNumbers.UsCallerId2)).IsAllowed);
    }

    [Fact]
    public void An_inventory_holding_prohibited_numbers_fails_validation_naming_every_bad_number_and_why()
    {
        var options = new ChinaDialComplianceOptions
        {
            CallerIds = { Approved = [TestNumbers.UsCallerId, UsTollFree, TestNumbers.Uifn, HkMobile, "not a number"] },
        };

        var errors = options.Validate();

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.Contains("Approved:1", StringComparison.Ordinal) && e.Contains("caller_id_toll_free", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Approved:2", StringComparison.Ordinal) && e.Contains("caller_id_uifn", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Approved:3", StringComparison.Ordinal) && e.Contains("caller_id_region_prohibited", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Approved:4", StringComparison.Ordinal) && e.Contains("invalid_caller_id", StringComparison.Ordinal));
        var thrown = Assert.Throws<ChinaDialComplianceOptionsException>(() => options.CreateEvaluator());
        Assert.Equal(errors, thrown.Errors);
    }

    [Fact]
    public void Unknown_prohibited_region_codes_fail_validation()
    {
        var errors = new ChinaDialComplianceOptions { CallerIds = { ProhibitedRegions = ["HK", "XX"] } }.Validate();
        Assert.Contains(errors, e => e.Contains("ProhibitedRegions:1", StringComparison.Ordinal));
    }
}
