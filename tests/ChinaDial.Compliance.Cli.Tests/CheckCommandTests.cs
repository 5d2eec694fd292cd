namespace ChinaDial.Compliance.Cli.Tests;

public class CheckCommandTests
{
    private static string Sample(string name) => Path.Combine(RepositoryRoot.Path, "samples", "data", name);

    [Fact]
    public void Every_file_gets_a_line_with_its_rows_and_exit_0_when_all_can_be_read()
    {
        var run = CliRun.Of(
            "check", "--calls", Sample("calls.csv"), "--consents", Sample("consents.csv"), "--opt-outs", Sample("opt-outs.csv"),
            "--policy", Sample("policy.json"), "--numbers", Sample("caller-id-inventory.csv"));

        Assert.Equal(ExitCodes.AllPassed, run.ExitCode);
        Assert.Equal(["calls", "consents", "opt-outs", "policy", "numbers"], run.Lines.Select(l => l.GetProperty("kind").GetString()));
        Assert.All(run.Lines, l => Assert.True(l.GetProperty("readable").GetBoolean()));
        Assert.Equal([41, 5, 2, null, 9], run.Lines.Select(l => l.GetProperty("rows").ValueKind == System.Text.Json.JsonValueKind.Null ? (long?)null : l.GetProperty("rows").GetInt64()));
        Assert.Equal("checked 5 file(s): 5 readable, 0 not", run.Stderr.TrimEnd());
    }

    [Fact]
    public void A_file_that_cannot_be_read_gets_the_message_screen_would_give_and_the_others_are_still_checked()
    {
        using var broken = new TempFile("id,at,caller_id,destination,purpose\n1,2026-11-23T10:00:00+08:00,+12065550100,+8613800138000,service\n2,10:00:00+08:00,+12065550100,+8613800138000,service\n", ".csv");

        var check = CliRun.Of("check", "--calls", broken.Path, "--calls", Sample("calls.csv"));
        var screen = CliRun.Of("screen", "--calls", broken.Path);

        Assert.Equal(ExitCodes.BadInput, check.ExitCode);
        Assert.False(check.Lines[0].GetProperty("readable").GetBoolean());
        Assert.Equal(screen.Stderr.TrimEnd(), $"chinadial: {check.Lines[0].GetProperty("problem").GetString()}");
        Assert.True(check.Lines[1].GetProperty("readable").GetBoolean());
        Assert.Contains("checked 2 file(s): 1 readable, 1 not", check.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refuse_list_is_checked_as_screen_reads_it_with_or_without_its_name()
    {
        using var list = new TempFile("number\n+8613800138000\n+86 138 0013 8000\n+8613900139000\n", ".csv");
        using var broken = new TempFile("+8613800138000\n13900139000\n", ".txt");

        var check = CliRun.Of("check", "--refuse-list", list.Path, "--refuse-list", $"carrier-refuse-call={list.Path}", "--refuse-list", broken.Path);

        Assert.Equal(ExitCodes.BadInput, check.ExitCode);
        Assert.Equal(["refuse-list", "refuse-list", "refuse-list"], check.Lines.Select(l => l.GetProperty("kind").GetString()));
        Assert.Equal(2, check.Lines[0].GetProperty("rows").GetInt64()); // distinct numbers
        Assert.Equal(2, check.Lines[1].GetProperty("rows").GetInt64());
        Assert.Contains("line 2: '13900139000' is not an E.164 number", check.Lines[2].GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_without_a_file_is_bad_usage()
        => Assert.Equal(ExitCodes.BadInput, CliRun.Of("check").ExitCode);
}
