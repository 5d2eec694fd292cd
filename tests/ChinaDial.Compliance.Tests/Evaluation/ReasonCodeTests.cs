using System.Text.Json;

namespace ChinaDial.Compliance.Tests.Evaluation;

public class ReasonCodeTests
{
    [Fact]
    public void Every_reason_code_serialises_as_its_snake_case_name_and_back()
    {
        foreach (var code in Enum.GetValues<ReasonCode>())
        {
            var json = JsonSerializer.Serialize(code);
            Assert.Equal($"\"{code.ToJsonName()}\"", json);
            Assert.Equal(code, JsonSerializer.Deserialize<ReasonCode>(json));
        }
    }

    [Theory]
    [InlineData(ReasonCode.InvalidDestination, "invalid_destination")]
    [InlineData(ReasonCode.CallerIdShortCodeMarketing, "caller_id_short_code_marketing")]
    [InlineData(ReasonCode.CallerIdRateLimited, "caller_id_rate_limited")]
    [InlineData(ReasonCode.PolicyError, "policy_error")]
    [InlineData(ReasonCode.NotYetDue, "not_yet_due")]
    [InlineData(ReasonCode.RequestedTimeOutOfRange, "requested_time_out_of_range")]
    [InlineData(ReasonCode.CallerIdPacing, "caller_id_pacing")]
    [InlineData(ReasonCode.CalleeExposureLimited, "callee_exposure_limited")]
    [InlineData(ReasonCode.RefuseCallListed, "refuse_call_listed")]
    [InlineData(ReasonCode.CallerIdUnverified, "caller_id_unverified")]
    [InlineData(ReasonCode.CallerIdPublicService, "caller_id_public_service")]
    public void Reason_codes_keep_the_names_of_the_design_contract(ReasonCode code, string name)
        => Assert.Equal(name, code.ToJsonName());

    [Theory]
    [InlineData(ReasonCode.RefuseCallListed, 24)]
    [InlineData(ReasonCode.CallerIdUnverified, 25)]
    [InlineData(ReasonCode.CallerIdPublicService, 26)]
    public void Issue_19_codes_take_the_values_after_issue_21_s(ReasonCode code, int value)
        => Assert.Equal(value, (int)code);

    [Fact]
    public void Issue_20_s_unknown_purpose_takes_the_value_after_issue_19_s()
    {
        Assert.Equal(27, (int)ReasonCode.UnknownPurpose);
        Assert.Equal("unknown_purpose", ReasonCode.UnknownPurpose.ToJsonName());
    }

    [Theory]
    [InlineData(28)]
    public void A_value_that_is_no_reason_code_of_this_build_has_no_name_and_no_name_parses_to_it(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((ReasonCode)value).ToJsonName());
        Assert.DoesNotContain(Enum.GetValues<ReasonCode>(), code => (int)code == value);
        Assert.False(ReasonCodeNames.TryParse(value.ToString(System.Globalization.CultureInfo.InvariantCulture), out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReasonCodeSet.Of((ReasonCode)value));
    }

    [Fact]
    public void A_reason_code_set_enumerates_in_code_order_and_serialises_as_an_array()
    {
        var set = ReasonCodeSet.Of(ReasonCode.OptedOut, ReasonCode.InvalidDestination, ReasonCode.OptedOut);
        Assert.Equal([ReasonCode.InvalidDestination, ReasonCode.OptedOut], set.ToArray());
        Assert.Equal("[\"invalid_destination\",\"opted_out\"]", JsonSerializer.Serialize(set));
        Assert.Equal(set, JsonSerializer.Deserialize<ReasonCodeSet>("[\"opted_out\",\"invalid_destination\"]"));
    }
}
