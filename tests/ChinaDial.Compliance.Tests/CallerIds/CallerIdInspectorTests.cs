namespace ChinaDial.Compliance.Tests.CallerIds;

public class CallerIdInspectorTests
{
    [Theory]
    [InlineData("+85221234567", ReasonCode.CallerIdRegionProhibited)]
    [InlineData("+18005550100", ReasonCode.CallerIdTollFree)]
    [InlineData("not a number", ReasonCode.InvalidCallerId)]
    public void A_number_the_rules_refuse_as_a_caller_ID_is_reported_with_its_reason(string number, ReasonCode expected)
        => Assert.Equal([expected], new CallerIdInspector(new CallerIdOptions()).Inspect(PhoneNumberClassifier.Classify(number)).ToArray());

    [Fact]
    public void A_UIFN_is_reported_as_caller_id_uifn()
        => Assert.Equal([ReasonCode.CallerIdUifn], new CallerIdInspector(new CallerIdOptions()).Inspect(PhoneNumberClassifier.Classify(TestNumbers.Uifn)).ToArray());

    [Fact]
    public void An_approved_inventory_is_not_needed_and_a_good_caller_ID_has_no_problem()
        => Assert.Empty(new CallerIdInspector(new CallerIdOptions()).Inspect(PhoneNumberClassifier.Classify(TestNumbers.UsCallerId)));

    [Fact]
    public void The_options_rules_are_the_inspector_s_rules()
    {
        var options = new CallerIdOptions { ProhibitedRegions = [], ProhibitTollFree = false };

        Assert.Empty(new CallerIdInspector(options).Inspect(PhoneNumberClassifier.Classify("+85221234567")));
        Assert.Empty(new CallerIdInspector(options).Inspect(PhoneNumberClassifier.Classify("+18005550100")));
    }

    [Fact]
    public void Null_options_are_a_programmer_error()
        => Assert.Throws<ArgumentNullException>(() => new CallerIdInspector(null!));
}
