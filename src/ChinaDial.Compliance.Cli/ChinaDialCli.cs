using System;
using System.CommandLine;
using System.IO;
using System.Text;
using ChinaDial.Compliance.Cli.Commands;

namespace ChinaDial.Compliance.Cli;

/// <summary>The <c>chinadial</c> command tree: JSON Lines on stdout, a human summary on stderr, exit 0/1/2. Nothing
/// escapes it: unreadable input is a message naming file and line, any other failure one line (its stack trace with
/// <c>--verbose</c>), both exit 2.</summary>
internal static class ChinaDialCli
{
    public static int Run(string[] args, Stream stdout, TextWriter stderr)
    {
        var verbose = new Option<bool>("--verbose") { Description = "On an unexpected error, print its stack trace too.", Recursive = true };
        ParseResult? parsed = null;
        using var lines = new StreamWriter(stdout, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        try
        {
            var root = new RootCommand("Checks phone numbers and calls against the ChinaDial compliance rules for calling China (+86).")
            {
                ClassifyCommand.Create(lines, stderr),
                AuditNumbersCommand.Create(lines, stderr),
                ScreenCommand.Create(stdout, stderr),
                ReportCommand.Create(stderr),
                CheckCommand.Create(lines, stderr),
                EvidenceCommand.Create(lines, stderr), AuditCommand.Create(lines, stderr), VerifyCallbackCommand.Create(lines, stderr),
                Commands.Connect.ConnectCommand.Create(lines, stderr),
                Commands.Plan.PlanCommand.Create(lines, stderr),
                verbose,
            };

            parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                foreach (var error in parsed.Errors)
                {
                    stderr.WriteLine($"chinadial: {error.Message}");
                }

                stderr.WriteLine("Run 'chinadial --help' for usage.");
                return ExitCodes.BadInput;
            }

            var exit = parsed.Invoke(new InvocationConfiguration { Output = lines, Error = stderr, EnableDefaultExceptionHandler = false });
            lines.Flush();
            return exit;
        }
        catch (InputException error)
        {
            stderr.WriteLine($"chinadial: {error.Message}");
            return ExitCodes.BadInput;
        }
#pragma warning disable CA1031 // The top of the tool: whatever went wrong becomes one line and exit 2, never a crash.
        catch (Exception error)
#pragma warning restore CA1031
        {
            ReportFailure(stderr, error, parsed?.GetValue(verbose) ?? false);
            return ExitCodes.BadInput;
        }
    }

    /// <summary>One line for a failure that is not about the input (a defect, or output that cannot be written), and
    /// with <paramref name="verbose"/> its stack trace.</summary>
    private static void ReportFailure(TextWriter stderr, Exception error, bool verbose)
    {
        try
        {
            var message = error.Message.ReplaceLineEndings(" ");
            stderr.WriteLine(error is IOException
                ? $"chinadial: I/O error: {message}"
                : $"chinadial: internal error: {(error is Replay.ReplayFailedException ? string.Empty : error.GetType().Name + ": ")}{message} (a defect in chinadial: please report it; --verbose prints the stack trace)");
            if (verbose)
            {
                stderr.WriteLine(error.ToString());
            }
        }
#pragma warning disable CA1031 // stderr itself failed: nothing is left to tell.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
