namespace ChinaDial.Compliance.Cli.Tests.Plan;

/// <summary><c>chinadial plan</c>: the pool a campaign needs, from simulations of it.</summary>
public class PlanCommandTests
{
    private static readonly string[] Small = ["plan", "--callees", "3000", "--purpose", "service", "--start", "2026-11-23", "--answer-rate", "0.3", "--window", "09:00-12:00"];

    [Fact]
    public void A_plan_names_the_smallest_pool_its_simulations_found_the_pace_and_the_peak_of_every_flagging_signal()
    {
        var run = CliRun.Of(Small);

        Assert.Equal(0, run.ExitCode);
        var plan = Assert.Single(run.Lines);
        var needed = plan.GetProperty("callerIdsNeeded").GetInt32();
        var simulations = plan.GetProperty("simulations").EnumerateArray().ToList();

        // The pool is one the simulations found dials the campaign in its day without a flag, and one fewer did not.
        Assert.Contains(simulations, s => s.GetProperty("callerIds").GetInt32() == needed && s.GetProperty("finished").GetBoolean() && s.GetProperty("quarantines").GetInt32() == 0 && s.GetProperty("ruleBreaches").GetInt32() == 0);
        Assert.Contains(simulations, s => s.GetProperty("callerIds").GetInt32() == needed - 1 && !(s.GetProperty("finished").GetBoolean() && s.GetProperty("quarantines").GetInt32() == 0));

        // 3,000 callees in a 3-hour window: the fan-out warning level (150 new callees an hour) binds.
        var run0 = plan.GetProperty("run");
        Assert.Equal(3000, run0.GetProperty("calls").GetInt32());
        Assert.Equal(149, run0.GetProperty("pacePerCallerId").GetProperty("peakCallsPerHour").GetInt32());
        var fanOut = plan.GetProperty("signals").GetProperty("distinctCalleesPerHour");
        Assert.True(fanOut.GetProperty("peak").GetDouble() < 150);
        Assert.Equal("below warning", fanOut.GetProperty("level").GetString());
        Assert.Equal(["answerRate", "answerRateToFleet", "callerIdsPerCalleePerDay", "distinctCalleesPerHour", "repeatedCallRatio", "shortCallRatio", "veryShortCallRatio", "volumeToFleetAverage"], plan.GetProperty("signals").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains($"caller IDs needed: {needed}", run.Stderr, StringComparison.Ordinal);

        // The same campaign, the same plan.
        Assert.Equal(run.Stdout, CliRun.Of(Small).Stdout);
    }

    [Fact]
    public void A_campaign_no_pool_up_to_the_most_tried_can_dial_in_its_days_exits_1_with_the_last_simulation()
    {
        var run = CliRun.Of([.. Small, "--max-caller-ids", "2"]);

        Assert.Equal(1, run.ExitCode);
        var plan = Assert.Single(run.Lines);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, plan.GetProperty("callerIdsNeeded").ValueKind);
        Assert.Equal(2, plan.GetProperty("run").GetProperty("callerIds").GetInt32());
        Assert.False(plan.GetProperty("run").GetProperty("finished").GetBoolean());
        Assert.Contains("no pool of up to 2 caller IDs", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--callees", "0", "--callees is '0'")]
    [InlineData("--callees", "1000001", "--callees is '1000001'")]
    [InlineData("--callees", "1e3", "--callees is '1e3'")]
    [InlineData("--purpose", "sales", "--purpose is 'sales'")]
    [InlineData("--answer-rate", "1.5", "--answer-rate is '1.5'")]
    [InlineData("--answer-rate", "NaN", "--answer-rate is 'NaN'")]
    [InlineData("--answer-rate", "0", "--answer-rate is '0'")]
    [InlineData("--call-length", "180", "--call-length is '180'")]
    [InlineData("--call-length", "00:00:05", "--call-length is '00:00:05'")]
    [InlineData("--window", "21:00-09:00", "--window is '21:00-09:00'")]
    [InlineData("--window", "9-21", "--window is '9-21'")]
    [InlineData("--attempts", "4", "--attempts is '4'")]
    [InlineData("--retry-after", "00:01:00", "--retry-after is '00:01:00'")]
    [InlineData("--days", "0", "--days is '0'")]
    [InlineData("--start", "2026-02-30", "--start is '2026-02-30'")]
    [InlineData("--start", "0001-01-01", "--start is '0001-01-01'")]
    [InlineData("--seed", "-1", "--seed is '-1'")]
    [InlineData("--max-caller-ids", "10001", "--max-caller-ids is '10001'")]
    public void Bad_input_exits_2_naming_the_option_and_prints_nothing(string option, string value, string message)
    {
        var args = Small.ToList();
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var run = CliRun.Of([.. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void A_policy_the_plan_cannot_run_under_exits_2_naming_the_key()
    {
        using var typo = new TempFile("""{ "ChinaDialCompliance": { "CallerIdPacng": { "Enabled": true } } }""", ".json");
        using var window = new TempFile("""{ "ChinaDialCompliance": { "CallingHours": { "StopBeforeEnd": "02:00:00" } } }""", ".json");

        var misspelt = CliRun.Of([.. Small, "--policy", typo.Path]);
        var shut = CliRun.Of([.. Small.Select(a => a == "09:00-12:00" ? "09:00-10:00" : a), "--policy", window.Path]); // stops 2 h before a 1-h window

        Assert.Equal(2, misspelt.ExitCode);
        Assert.Contains("did you mean CallerIdPacing?", misspelt.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, shut.ExitCode);
        Assert.Contains("--window: ChinaDialCompliance:CallingHours", shut.Stderr, StringComparison.Ordinal);
        Assert.Empty(misspelt.Stdout + shut.Stdout);
    }
}
