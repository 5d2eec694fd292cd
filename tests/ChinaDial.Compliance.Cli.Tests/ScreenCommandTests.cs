namespace ChinaDial.Compliance.Cli.Tests;

public class ScreenCommandTests
{
    private const string Header = "id,at,caller_id,destination,purpose,answered,duration_s\n";

    [Fact]
    public void Screen_prints_one_decision_per_call_in_input_order_even_when_the_file_is_not_in_time_order()
    {
        using var calls = new TempFile(Header
            + "late,2026-11-23T09:10:00+08:00,+12065550100,+8613800138000,service,true,95\n"
            + "early,2026-11-23T01:00:00Z,+12065550100,+8613800138001,service,,\n"
            + "bad-number,2026-11-23T09:05:00+08:00,+12065550100,not-a-number,service,,\n", ".csv");

        var run = CliRun.Of("screen", "--calls", calls.Path, "--approve", TestNumbers.UsCallerId);

        Assert.Equal(["late", "early", "bad-number"], run.Lines.Select(l => l.GetProperty("id").GetString()));
        Assert.Equal(["allow", "allow", "deny"], run.Lines.Select(l => l.GetProperty("verdict").GetString()));
        Assert.Equal(["invalid_destination"], run.Lines[2].GetProperty("reasons").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, run.Lines[0].GetProperty("notBefore").ValueKind);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("screened 3 call(s)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_policy_or_approve_every_caller_id_is_not_approved()
    {
        using var calls = new TempFile(Header + "1,2026-11-23T09:00:00+08:00,+12065550100,+8613800138000,service,,\n", ".csv");
        var run = CliRun.Of("screen", "--calls", calls.Path);
        Assert.Equal(["caller_id_not_approved"], run.Lines[0].GetProperty("reasons").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void A_clean_campaign_exits_0()
    {
        using var calls = new TempFile(Header + "1,2026-11-23T09:00:00+08:00,+12065550100,+8613800138000,service,,\n", ".csv");
        Assert.Equal(0, CliRun.Of("screen", "--calls", calls.Path, "--approve", TestNumbers.UsCallerId).ExitCode);
    }

    [Theory]
    [InlineData("1,2026-11-23 09:00,+12065550100,+8613800138000,service,,", "'at'")]
    [InlineData("1,2026-11-23T09:00:00,+12065550100,+8613800138000,service,,", "'at'")]
    [InlineData("1,2026-11-23T09:00:00Z,+12065550100,+8613800138000,robocall,,", "'purpose'")]
    [InlineData("1,2026-11-23T09:00:00Z,+12065550100,+8613800138000,service,maybe,", "'answered'")]
    [InlineData("1,2026-11-23T09:00:00Z,+12065550100,+8613800138000,service,true,-3", "'duration_s'")]
    public void An_unreadable_row_stops_the_run_with_exit_2_naming_file_line_and_column(string row, string column)
    {
        using var calls = new TempFile(Header + "0,2026-11-23T01:00:00Z,+12065550100,+8613800138000,service,,\n" + row + "\n", ".csv");

        var run = CliRun.Of("screen", "--calls", calls.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{calls.Path}:3:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(column, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void A_calls_file_without_a_required_column_exits_2()
    {
        using var calls = new TempFile("id,at,caller_id,purpose\n1,2026-11-23T01:00:00Z,+12065550100,service\n", ".csv");
        var run = CliRun.Of("screen", "--calls", calls.Path);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'destination'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_approved_number_that_is_prohibited_is_bad_usage()
        => Assert.Equal(2, CliRun.Of("screen", "--calls", "/dev/null", "--approve", TestNumbers.Uifn).ExitCode);
}
