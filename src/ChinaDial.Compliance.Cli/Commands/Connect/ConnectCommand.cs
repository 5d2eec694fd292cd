using System.CommandLine;
using System.IO;

namespace ChinaDial.Compliance.Cli.Commands.Connect;

/// <summary><c>chinadial connect ...</c>: checks of an Amazon Connect instance (package ChinaDial.Compliance.Connect).</summary>
internal static class ConnectCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr) => new("connect", "Check an Amazon Connect instance for calling China: its claimed numbers (audit) and its quick connects and flows (lint).")
    {
        ConnectAuditCommand.Create(stdout, stderr),
        ConnectLintCommand.Create(stdout, stderr),
    };
}
