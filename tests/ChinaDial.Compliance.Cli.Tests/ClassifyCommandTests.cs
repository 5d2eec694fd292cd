using PhoneNumbers;

namespace ChinaDial.Compliance.Cli.Tests;

public class ClassifyCommandTests
{
    [Fact]
    public void Classify_prints_one_object_per_number_with_the_design_fields()
    {
        var run = CliRun.Of("classify", TestNumbers.CnMobile, "+86 95588", "call me");

        Assert.Equal(3, run.Lines.Count);
        var mobile = run.Lines[0];
        Assert.Equal(["input", "e164", "valid", "region", "kind", "callerIdProblems"], mobile.EnumerateObject().Select(p => p.Name));
        Assert.Equal(TestNumbers.CnMobile, mobile.GetProperty("e164").GetString());
        Assert.True(mobile.GetProperty("valid").GetBoolean());
        Assert.Equal("CN", mobile.GetProperty("region").GetString());
        Assert.Equal("mobile", mobile.GetProperty("kind").GetString());
        Assert.Equal(0, mobile.GetProperty("callerIdProblems").GetArrayLength());

        var shortCode = run.Lines[1];
        Assert.Equal("+86 95588", shortCode.GetProperty("input").GetString());
        Assert.False(shortCode.GetProperty("valid").GetBoolean());
        Assert.Equal("short_code", shortCode.GetProperty("kind").GetString());

        var garbage = run.Lines[2];
        Assert.Equal(System.Text.Json.JsonValueKind.Null, garbage.GetProperty("e164").ValueKind);
        Assert.Equal("unknown", garbage.GetProperty("kind").GetString());
        Assert.Equal(["invalid_caller_id"], garbage.GetProperty("callerIdProblems").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Classify_exits_0_when_every_number_is_valid_and_1_otherwise()
    {
        Assert.Equal(0, CliRun.Of("classify", TestNumbers.CnMobile, TestNumbers.UsCallerId).ExitCode);
        Assert.Equal(1, CliRun.Of("classify", TestNumbers.CnMobile, "+999").ExitCode);
    }

    [Fact]
    public void Classify_agrees_with_libphonenumber_on_the_valid_numbers_it_reports()
    {
        var util = PhoneNumberUtil.GetInstance();
        string[] inputs = [TestNumbers.CnMobile, TestNumbers.Example("CN", PhoneNumberType.FIXED_LINE), TestNumbers.Example("HK", PhoneNumberType.MOBILE), TestNumbers.UsCallerId];

        foreach (var line in CliRun.Of(["classify", .. inputs]).Lines)
        {
            var parsed = util.Parse(line.GetProperty("input").GetString(), null);
            Assert.Equal(util.IsValidNumber(parsed), line.GetProperty("valid").GetBoolean());
            Assert.Equal(util.GetRegionCodeForNumber(parsed), line.GetProperty("region").GetString());
            Assert.Equal(util.GetNumberType(parsed).ToString().ToLowerInvariant(), line.GetProperty("kind").GetString());
        }
    }

    [Fact]
    public void Caller_id_problems_follow_the_policy_file()
    {
        using var policy = new TempFile("""{ "ChinaDialCompliance": { "CallerIds": { "ProhibitedRegions": ["US"] } } }""", ".json");

        var run = CliRun.Of("classify", "--policy", policy.Path, TestNumbers.UsCallerId, TestNumbers.Example("HK", PhoneNumberType.MOBILE));

        Assert.Equal(["caller_id_region_prohibited"], run.Lines[0].GetProperty("callerIdProblems").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, run.Lines[1].GetProperty("callerIdProblems").GetArrayLength());
    }

    [Fact]
    public void Bad_usage_exits_2_with_a_message()
    {
        var run = CliRun.Of("classify");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("chinadial", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, CliRun.Of("no-such-command").ExitCode);
    }

    [Fact]
    public void A_policy_file_that_is_not_json_exits_2_naming_the_file()
    {
        using var policy = new TempFile("{ \"ChinaDialCompliance\": { ", ".json");
        var run = CliRun.Of("classify", "--policy", policy.Path, TestNumbers.CnMobile);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(policy.Path, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_policy_exits_2_listing_every_problem()
    {
        using var policy = new TempFile("""{ "ChinaDialCompliance": { "CallerIds": { "Approved": ["+80012345678"] }, "Destinations": { "AllowedCountries": ["XX"] } } }""", ".json");
        var run = CliRun.Of("classify", "--policy", policy.Path, TestNumbers.CnMobile);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Approved:0", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("AllowedCountries:0", run.Stderr, StringComparison.Ordinal);
    }
}
