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
    public void Reason_codes_keep_the_names_of_the_design_contract(ReasonCode code, string name)
        => Assert.Equal(name, code.ToJsonName());

    [Fact]
    public void A_reason_code_set_enumerates_in_code_order_and_serialises_as_an_array()
    {
        var set = ReasonCodeSet.Of(ReasonCode.OptedOut, ReasonCode.InvalidDestination, ReasonCode.OptedOut);
        Assert.Equal([ReasonCode.InvalidDestination, ReasonCode.OptedOut], set.ToArray());
        Assert.Equal("[\"invalid_destination\",\"opted_out\"]", JsonSerializer.Serialize(set));
        Assert.Equal(set, JsonSerializer.Deserialize<ReasonCodeSet>("[\"opted_out\",\"invalid_destination\"]"));
    }
}
