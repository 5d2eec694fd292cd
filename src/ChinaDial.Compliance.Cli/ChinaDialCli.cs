using System;
using System.CommandLine;
using System.IO;
using System.Text;
using ChinaDial.Compliance.Cli.Commands;

namespace ChinaDial.Compliance.Cli;

/// <summary>The <c>chinadial</c> command tree: JSON Lines on stdout, a human summary on stderr, exit 0/1/2.</summary>
internal static class ChinaDialCli
{
    public static int Run(string[] args, Stream stdout, TextWriter stderr)
    {
        using var lines = new StreamWriter(stdout, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        var root = new RootCommand("Checks phone numbers and calls against the ChinaDial compliance rules for calling China (+86).")
        {
            ClassifyCommand.Create(lines, stderr),
            AuditNumbersCommand.Create(lines, stderr),
            ScreenCommand.Create(stdout, stderr),
            ReportCommand.Create(stderr),
            Commands.Connect.ConnectCommand.Create(lines, stderr),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                stderr.WriteLine($"chinadial: {error.Message}");
            }

            stderr.WriteLine("Run 'chinadial --help' for usage.");
            return ExitCodes.BadInput;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = lines, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (InputException error)
        {
            stderr.WriteLine($"chinadial: {error.Message}");
            return ExitCodes.BadInput;
        }
        finally
        {
            lines.Flush();
        }
    }
}
