namespace ChinaDial.Compliance.Cli.Tests;

/// <summary>The outcome columns of a calls file: <c>answered</c> and <c>duration_s</c>, bounded and whole.</summary>
public class ScreenOutcomeInputTests
{
    private const string Header = "id,at,caller_id,destination,purpose,answered,duration_s\n";
    private const string GoodRow = "0,2026-11-23T10:00:00+08:00,+12065550100,+8613800138000,service,true,95\n";

    private static CliRun Screen(string row, params string[] extra)
    {
        using var calls = new TempFile(Header + GoodRow + row + "\n", ".csv");
        var run = CliRun.Of(["screen", "--calls", calls.Path, "--approve", TestNumbers.UsCallerId, .. extra]);
        return run with { Stderr = run.Stderr.Replace(calls.Path, "CALLS", StringComparison.Ordinal) };
    }

    [Theory]
    [InlineData("true", "1e20")]
    [InlineData("false", "1e20")]
    [InlineData("true", "9e11")]
    [InlineData("false", "9e11")]
    [InlineData("true", "86401")]
    [InlineData("true", "86400.001")]
    [InlineData("true", "999999999")]
    [InlineData("true", "NaN")]
    [InlineData("false", "Infinity")]
    [InlineData("true", "-Infinity")]
    [InlineData("true", "∞")]
    [InlineData("true", "-1")]
    [InlineData("true", "0x10")]
    [InlineData("true", "1,5")]
    public void A_duration_beyond_one_day_or_not_a_number_of_seconds_is_refused_naming_the_line(string answered, string duration)
    {
        var run = Screen($"1,2026-11-23T10:05:00+08:00,+12065550100,+8613800138001,service,{answered},\"{duration}\"");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.StartsWith("chinadial: CALLS:3: 'duration_s' is ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("from 0 to 86400 (one day)", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Theory]
    [InlineData("86400")]
    [InlineData("86400.0")]
    [InlineData("8.64e4")]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("0.5")]
    public void A_duration_from_zero_to_one_day_is_read(string duration)
    {
        var run = Screen($"1,2026-11-23T10:05:00+08:00,+12065550100,+8613800138001,service,true,{duration}");
        Assert.Equal(ExitCodes.AllPassed, run.ExitCode);
        Assert.Equal(2, run.Lines.Count);
    }

    [Theory]
    [InlineData("", "30", "'duration_s' is given but 'answered' is empty")]
    [InlineData("true", "", "'answered' is true but 'duration_s' is empty")]
    public void A_half_given_outcome_is_refused_naming_the_line(string answered, string duration, string message)
    {
        var run = Screen($"1,2026-11-23T10:05:00+08:00,+12065550100,+8613800138001,service,{answered},{duration}");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains($"CALLS:3: {message}", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void An_unanswered_call_may_leave_its_duration_empty()
        => Assert.Equal(ExitCodes.AllPassed, Screen("1,2026-11-23T10:05:00+08:00,+12065550100,+8613800138001,service,false,").ExitCode);

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("1.00:00:01")]
    [InlineData("2.00:00:00")]
    [InlineData("60")]
    [InlineData("1m")]
    [InlineData("")]
    public void An_assumed_duration_that_is_not_from_zero_to_one_day_is_refused(string value)
    {
        var run = Screen("1,2026-11-23T10:05:00+08:00,+12065550100,+8613800138001,service,,", "--assumed-duration", value);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.StartsWith("chinadial: --assumed-duration is ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Theory]
    [InlineData("1969-07-20T10:00:00+08:00", "allow", null)]
    [InlineData("1969-07-20T22:00:00+08:00", "defer", "1969-07-21T01:00:00+00:00")]
    [InlineData("1955-03-01T08:59:59+08:00", "defer", "1955-03-01T01:00:00+00:00")]
    [InlineData("0001-01-02T10:00:00+08:00", "allow", null)]
    public void Calls_before_1970_are_judged_at_their_own_instant(string at, string verdict, string? notBefore)
    {
        using var calls = new TempFile(Header + $"1,{at},+12065550100,+8613800138000,service,,\n", ".csv");

        var line = CliRun.Of("screen", "--calls", calls.Path, "--approve", TestNumbers.UsCallerId).Lines.Single();

        Assert.Equal(verdict, line.GetProperty("verdict").GetString());
        Assert.Equal(notBefore, line.GetProperty("notBefore").GetString());
    }
}
