namespace ChinaDial.Compliance.Cli.Tests;

/// <summary><c>report --out</c> is checked before anything is read or replayed.</summary>
public sealed class ReportOutTests : IDisposable
{
    private const string Good = "id,at,caller_id,destination,purpose\n1,2026-11-23T10:00:00+08:00,+12065550100,+8613800138000,service\n";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("chinadial-report-");

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>A run whose calls file cannot be read (line 3): a message about <c>--out</c> shows it was checked first.</summary>
    private CliRun Report(string output)
    {
        var calls = Path.Combine(_folder.FullName, "calls.csv");
        File.WriteAllText(calls, Good + "2,tomorrow,+12065550100,+8613800138000,service\n");
        return CliRun.Of("report", "--calls", calls, "--approve", TestNumbers.UsCallerId, "--out", output);
    }

    [Fact]
    public void Out_into_a_missing_folder_is_refused_before_the_replay()
    {
        var output = Path.Combine(_folder.FullName, "missing", "report.html");

        var run = Report(output);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal($"chinadial: --out {output}: the folder {Path.GetDirectoryName(output)} does not exist.", run.Stderr.TrimEnd());
    }

    [Fact]
    public void Out_onto_a_directory_is_refused_before_the_replay()
    {
        var run = Report(_folder.FullName);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.StartsWith($"chinadial: --out {_folder.FullName}: is a directory;", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_onto_an_input_file_is_refused()
    {
        var run = Report(Path.Combine(_folder.FullName, "calls.csv"));

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("is an input file of this run", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_into_a_folder_that_cannot_be_written_is_refused_before_the_replay()
    {
        // /proc takes no new file, not even from root (file modes would not stop root).
        var run = Report("/proc/chinadial-report.html");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.StartsWith("chinadial: --out /proc/chinadial-report.html: cannot be written:", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists("/proc/chinadial-report.html"));
    }

    [Fact]
    public void A_failed_run_leaves_an_earlier_report_as_it_was_and_no_scratch_file()
    {
        var output = Path.Combine(_folder.FullName, "report.html");
        File.WriteAllText(output, "the earlier report");

        var run = Report(output);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("calls.csv:3: 'at' is 'tomorrow'", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("the earlier report", File.ReadAllText(output));
        Assert.Equal(["calls.csv", "report.html"], _folder.GetFiles().Select(f => f.Name).Order());
    }

    [Fact]
    public void A_good_run_replaces_the_report_and_leaves_no_scratch_file()
    {
        var calls = Path.Combine(_folder.FullName, "calls.csv");
        var output = Path.Combine(_folder.FullName, "report.html");
        File.WriteAllText(calls, Good);
        File.WriteAllText(output, "the earlier report");

        var run = CliRun.Of("report", "--calls", calls, "--approve", TestNumbers.UsCallerId, "--out", output);

        Assert.Equal(ExitCodes.AllPassed, run.ExitCode);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(output), StringComparison.Ordinal);
        Assert.Equal(["calls.csv", "report.html"], _folder.GetFiles().Select(f => f.Name).Order());
    }
}
