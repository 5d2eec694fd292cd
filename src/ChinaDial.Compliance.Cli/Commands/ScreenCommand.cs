using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using ChinaDial.Compliance.Cli.Input;
using ChinaDial.Compliance.Cli.Output;
using ChinaDial.Compliance.Cli.Replay;

namespace ChinaDial.Compliance.Cli.Commands;

/// <summary>
/// <c>chinadial screen --calls CALLS.csv [--policy POLICY.json] [--approve NUMBER]...</c>: replays the calls through
/// the full evaluator on a virtual clock driven by the <c>at</c> column (processed in <c>at</c> order) and prints one
/// decision per call in input order. A file already in <c>at</c> order streams in constant memory; another is
/// buffered and sorted. Exit 1 when any call was denied or deferred, 2 when a row cannot be read.
/// </summary>
internal static class ScreenCommand
{
    public static Command Create(Stream stdout, TextWriter stderr)
    {
        var calls = new Option<string>("--calls") { Description = "CSV: id,at,caller_id,destination,purpose[,client_ip,answered,duration_s].", Required = true };
        var policy = new Option<string?>("--policy") { Description = "A policy JSON file (section ChinaDialCompliance); library defaults when absent." };
        var approve = new Option<string[]>("--approve") { Description = "A caller ID to add to the approved inventory (repeatable).", AllowMultipleArgumentsPerToken = false };
        var command = new Command("screen", "Replay a calls file through the full evaluator and print one decision per call.") { calls, policy, approve };
        command.SetAction(parsed =>
        {
            var path = parsed.GetValue(calls)!;
            var options = PolicyFile.Load(parsed.GetValue(policy));
            foreach (var number in parsed.GetValue(approve) ?? [])
            {
                options.CallerIds.Approved.Add(number);
            }

            var errors = options.Validate();
            if (errors.Count > 0)
            {
                throw new InputException($"--approve: {string.Join("; ", errors)}");
            }

            var replay = new CallReplay(options);
            var summary = new ScreenSummary();
            using (var writer = new DecisionWriter(stdout))
            {
                if (IsInTimeOrder(path))
                {
                    foreach (var row in CallsFile.Read(path))
                    {
                        var decision = replay.Replay(row);
                        writer.Write(row.Id, decision);
                        summary.Add(row.CallerId, decision);
                    }
                }
                else
                {
                    ReplaySorted(path, replay, writer, summary);
                }

                replay.Finish();
            }

            summary.WriteTo(stderr, path);
            return summary.AllAllowed ? ExitCodes.AllPassed : ExitCodes.SomeFailed;
        });
        return command;
    }

    /// <summary>Reads the whole file once (every row is checked before any decision is printed) and tells whether
    /// its <c>at</c> column never goes back in time.</summary>
    private static bool IsInTimeOrder(string path)
    {
        var last = DateTimeOffset.MinValue;
        var ordered = true;
        foreach (var row in CallsFile.Read(path))
        {
            ordered &= row.At >= last;
            last = row.At > last ? row.At : last;
        }

        return ordered;
    }

    private static void ReplaySorted(string path, CallReplay replay, DecisionWriter writer, ScreenSummary summary)
    {
        var rows = new List<CallRow>(CallsFile.Read(path));
        var byTime = rows.ToArray();
        Array.Sort(byTime, static (a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Index.CompareTo(b.Index));
        var decisions = new CallDecision[rows.Count];
        foreach (var row in byTime)
        {
            decisions[row.Index] = replay.Replay(row);
        }

        foreach (var row in rows)
        {
            writer.Write(row.Id, decisions[row.Index]);
            summary.Add(row.CallerId, decisions[row.Index]);
        }
    }
}
