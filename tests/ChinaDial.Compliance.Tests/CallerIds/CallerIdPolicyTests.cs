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

    [Fact]
    public async Task A_95_short_code_may_not_be_used_for_marketing_but_may_for_service_when_approved()
    {
        var options = Approving(TestNumbers.CnServiceShortCode);

        Assert.Equal([ReasonCode.CallerIdShortCodeMarketing], (await Evaluate(options, TestNumbers.CnServiceShortCode, CallPurpose.Marketing)).Reasons.ToArray());
        Assert.True((await Evaluate(options, TestNumbers.CnServiceShortCode, CallPurpose.Service)).IsAllowed);
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
