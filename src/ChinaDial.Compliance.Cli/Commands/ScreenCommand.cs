using System;
using System.CommandLine;
using System.IO;
using ChinaDial.Compliance.Cli.Output;
using ChinaDial.Compliance.Cli.Replay;

namespace ChinaDial.Compliance.Cli.Commands;

/// <summary>
/// <c>chinadial screen --calls CALLS.csv [--policy POLICY.json] [--consents CONSENTS.csv] [--opt-outs OPTOUTS.csv] [--approve NUMBER]...</c>: replays the calls through
/// the full evaluator on a virtual clock driven by the <c>at</c> column (processed in <c>at</c> order) and prints one
/// decision per call in input order. A file already in <c>at</c> order is streamed (memory grows only with the policies' state); another is
/// buffered and sorted. Exit 1 when any call was denied or deferred, 2 when a row cannot be read.
/// </summary>
internal static class ScreenCommand
{
    public static Command Create(Stream stdout, TextWriter stderr)
    {
        var inputs = new ReplayInputs();
        var command = new Command("screen", "Replay a calls file through the full evaluator and print one decision per call.");
        inputs.AddTo(command);
        command.SetAction(parsed =>
        {
            var (path, options, consents) = inputs.Read(parsed);
            var replay = new CallReplay(options, consents);
            var summary = new ScreenSummary();
            using (var writer = new DecisionWriter(stdout))
            {
                CallsFileReplay.Run(path, replay, (row, decision) =>
                {
                    writer.Write(row.Id, decision);
                    summary.Add(row.CallerId, decision);
                });
            }

            summary.WriteTo(stderr, path);
            return summary.AllAllowed ? ExitCodes.AllPassed : ExitCodes.SomeFailed;
        });
        return command;
    }
}
