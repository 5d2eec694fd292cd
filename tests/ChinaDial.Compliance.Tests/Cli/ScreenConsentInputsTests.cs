namespace ChinaDial.Compliance.Tests.Cli;

public class ScreenConsentInputsTests
{
    private const string Calls = "id,at,caller_id,destination,purpose\n";

    [Fact]
    public void A_consent_file_lets_marketing_calls_through_until_the_consent_is_revoked()
    {
        using var calls = new TempFile(Calls
            + "before,2026-11-23T10:00:00+08:00,+12065550100,+8613800138000,marketing\n"
            + "after,2026-11-23T12:00:00+08:00,+12065550100,+8613800138000,marketing\n"
            + "nobody,2026-11-23T10:00:00+08:00,+12065550100,+8613800138001,marketing\n", ".csv");
        using var consents = new TempFile("number,purpose,granted_at,revoked_at\n+8613800138000,marketing,2026-11-01T00:00:00Z,2026-11-23T11:00:00+08:00\n", ".csv");

        var run = CliRun.Of("screen", "--calls", calls.Path, "--approve", TestNumbers.UsCallerId, "--consents", consents.Path);

        Assert.Equal(["allow", "deny", "deny"], run.Lines.Select(l => l.GetProperty("verdict").GetString()));
        Assert.All(run.Lines.Skip(1), l => Assert.Equal(["no_consent"], l.GetProperty("reasons").EnumerateArray().Select(e => e.GetString())));
    }

    [Fact]
    public void An_opt_out_file_denies_calls_from_its_instant_on_for_its_purpose_or_for_all()
    {
        using var calls = new TempFile(Calls
            + "before,2026-11-23T09:59:59+08:00,+12065550100,+8613800138000,service\n"
            + "at,2026-11-23T10:00:00+08:00,+12065550100,+8613800138000,service\n"
            + "other-purpose,2026-11-23T10:00:00+08:00,+12065550100,+8613800138001,service\n"
            + "same-purpose,2026-11-23T10:00:00+08:00,+12065550100,+8613800138001,callback\n", ".csv");
        using var optOuts = new TempFile("number,purpose,at\n+8613800138000,all,2026-11-23T02:00:00Z\n+8613800138001,callback,2026-11-23T09:00:00+08:00\n", ".csv");

        var run = CliRun.Of("screen", "--calls", calls.Path, "--approve", TestNumbers.UsCallerId, "--opt-outs", optOuts.Path);

        Assert.Equal(["allow", "deny", "allow", "deny"], run.Lines.Select(l => l.GetProperty("verdict").GetString()));
        Assert.Equal(["opted_out"], run.Lines[1].GetProperty("reasons").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("--consents", "number,purpose,granted_at,revoked_at\n+8613800138000,marketing,2026-11-01T00:00:00Z,\n+8613800138000,marketing,yesterday,\n", 3)]
    [InlineData("--consents", "number,purpose,granted_at,revoked_at\nnot-a-number,marketing,2026-11-01T00:00:00Z,\n", 2)]
    [InlineData("--opt-outs", "number,purpose,at\n+8613800138000,sometimes,2026-11-01T00:00:00Z\n", 2)]
    [InlineData("--opt-outs", "number,at\n+8613800138000,2026-11-01T00:00:00Z\n", 1)]
    public void An_unreadable_consent_or_opt_out_row_stops_the_run_with_exit_2_naming_file_and_line(string option, string content, int line)
    {
        using var calls = new TempFile(Calls + "1,2026-11-23T10:00:00+08:00,+12065550100,+8613800138000,service\n", ".csv");
        using var input = new TempFile(content, ".csv");

        var run = CliRun.Of("screen", "--calls", calls.Path, "--approve", TestNumbers.UsCallerId, option, input.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{input.Path}:{line}", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Lines);
    }
}
