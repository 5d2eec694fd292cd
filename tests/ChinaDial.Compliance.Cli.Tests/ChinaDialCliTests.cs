namespace ChinaDial.Compliance.Cli.Tests;

/// <summary>The top of the tool: nothing escapes it.</summary>
public class ChinaDialCliTests
{
    /// <summary>Standard output that fails the first time the tool writes to it.</summary>
    private sealed class FailingOutput(Exception failure) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count) => throw failure;

        public override void Write(ReadOnlySpan<byte> buffer) => throw failure;
    }

    private static (int Exit, string Stderr) Run(Exception failure, params string[] args)
    {
        using var stdout = new FailingOutput(failure);
        using var stderr = new StringWriter();
        var exit = ChinaDialCli.Run(args, stdout, stderr);
        return (exit, stderr.ToString());
    }

    [Fact]
    public void An_unexpected_exception_is_one_line_on_stderr_and_exit_2()
    {
        var (exit, stderr) = Run(new InvalidOperationException("the output broke\nin two lines"), "classify", TestNumbers.CnMobile);

        // classify prints its summary before its output is flushed (and fails).
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal(
            ["classified 1 number(s): 1 valid, 0 invalid", "chinadial: internal error: InvalidOperationException: the output broke in two lines (a defect in chinadial: please report it; --verbose prints the stack trace)"],
            stderr.ReplaceLineEndings("\n").TrimEnd().Split('\n'));
    }

    [Fact]
    public void With_verbose_the_stack_trace_follows_the_line()
    {
        var (exit, stderr) = Run(new InvalidOperationException("the output broke"), "classify", TestNumbers.CnMobile, "--verbose");

        Assert.Equal(ExitCodes.BadInput, exit);
        var lines = stderr.ReplaceLineEndings("\n").Split('\n');
        Assert.StartsWith("chinadial: internal error: InvalidOperationException: the output broke", lines[1], StringComparison.Ordinal);
        Assert.Equal("System.InvalidOperationException: the output broke", lines[2]);
        Assert.StartsWith("   at ", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Output_that_cannot_be_written_is_an_I_O_error_and_exit_2()
    {
        var (exit, stderr) = Run(new IOException("Broken pipe"), "screen", "--calls", Path.Combine(RepositoryRoot.Path, "samples/data/calls.csv"));

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.StartsWith("chinadial: I/O error: Broken pipe", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
