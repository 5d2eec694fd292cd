using System.CommandLine;
using System.IO;
using ChinaDial.Compliance.Cli.Output;

namespace ChinaDial.Compliance.Cli.Commands;

/// <summary>
/// <c>chinadial screen --calls CALLS.csv [--policy POLICY.json] [--consents CONSENTS.csv] [--opt-outs OPTOUTS.csv] [--approve NUMBER]... [--assumed-duration hh:mm:ss]</c>:
/// replays the calls through the full evaluator on a virtual clock driven by the <c>at</c> column (processed in
/// <c>at</c> order) and prints one decision per call in input order. Every input is read and checked first; a file
/// already in <c>at</c> order is then streamed (memory grows only with the policies' state), another is buffered and
/// sorted. Exit 1 when any call was denied or deferred, 2 when an input cannot be read.
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
            var setup = inputs.Read(parsed);
            using var audit = setup.AuditPath is { } auditPath ? new JsonLinesAuditSink(auditPath) : null;
            var replay = setup.CreateReplay(audit);
            var summary = new ScreenSummary();
            using (var writer = new DecisionWriter(stdout))
            {
                setup.Replay(replay, (row, decision) =>
                {
                    writer.Write(row.Id, decision);
                    summary.Add(row.CallerId, decision);
                });

                // Not on failure: the output of a failed run (exit 2) is not to be taken for a result.
                writer.Flush();
            }

            stderr.WriteLine($"rule: {ReplaySetup.OutcomeRule(replay)}");
            summary.WriteTo(stderr, setup.CallsPath);
            return summary.AllAllowed ? ExitCodes.AllPassed : ExitCodes.SomeFailed;
        });
        return command;
    }
}
