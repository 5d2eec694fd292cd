using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using ChinaDial.Compliance.Cli.Report;

namespace ChinaDial.Compliance.Cli.Commands;

/// <summary>
/// <c>chinadial report --calls CALLS.csv [--policy POLICY.json] [--approve NUMBER]... [--assumed-duration hh:mm:ss] [--out report.html]</c>:
/// the same replay as <c>screen</c>, written as one self-contained HTML page with charts; every phone number masked.
/// <c>--out</c> is checked first, then every input, then the calls are replayed.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter stderr)
    {
        var inputs = new ReplayInputs();
        var output = new Option<string>("--out") { Description = "The HTML file to write.", DefaultValueFactory = _ => "chinadial-report.html" };
        var command = new Command("report", "Replay a calls file and write a self-contained HTML report with charts.");
        inputs.AddTo(command);
        command.Add(output);
        command.SetAction(parsed =>
        {
            using var target = ReportFile.Open(parsed.GetValue(output)!, inputs.Paths(parsed));
            var setup = inputs.Read(parsed);
            using var audit = setup.AuditPath is { } auditPath ? new JsonLinesAuditSink(auditPath) : null;
            var replay = setup.CreateReplay(audit);
            var stats = new ReportStatistics();
            var health = new HealthTimeline(replay.HealthMonitor);
            setup.Replay(replay, stats.Add, row => health.Observe(row.At));
            health.Finish(stats.End);
            var rule = ReplaySetup.OutcomeRule(replay);
            var html = HtmlReport.Render($"ChinaDial compliance report — {Path.GetFileName(setup.CallsPath)}", stats, health, setup.Options, LimitPerMinute(setup.Options.CallerIdRate), rule);
            target.Write(html);
            stderr.WriteLine($"rule: {rule}");
            stderr.WriteLine($"wrote {target.Name}: {stats.Verdicts[0]} allowed, {stats.Verdicts[2]} denied, {stats.Verdicts[1]} deferred; {stats.ObservedCalls} with objections observed, not enforced");
            return stats.Verdicts[(int)CallVerdict.Allow] == stats.Verdicts.Sum() ? ExitCodes.AllPassed : ExitCodes.SomeFailed;
        });
        return command;
    }

    /// <summary>The caller-ID rate limit as calls per minute, for the chart's limit line; null when the policy is off.</summary>
    private static double? LimitPerMinute(CallerIdRateOptions rate)
        => rate.Enabled ? rate.Limit * TimeSpan.FromMinutes(1).Ticks / (double)rate.Window.Ticks : null;
}
