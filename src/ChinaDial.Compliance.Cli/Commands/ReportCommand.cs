using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using ChinaDial.Compliance.Cli.Replay;
using ChinaDial.Compliance.Cli.Report;

namespace ChinaDial.Compliance.Cli.Commands;

/// <summary>
/// <c>chinadial report --calls CALLS.csv [--policy POLICY.json] [--approve NUMBER]... [--out report.html]</c>: the same
/// replay as <c>screen</c>, written as one self-contained HTML page with charts; every phone number masked.
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
            var (path, options, consents) = inputs.Read(parsed);
            var replay = new CallReplay(options, consents);
            var stats = new ReportStatistics();
            var health = new HealthTimeline(replay.HealthMonitor);
            CallsFileReplay.Run(path, replay, stats.Add, row => health.Observe(row.At));
            var end = new DateTimeOffset(Math.Max(stats.LastMinute, 0) * TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(1);
            health.Finish(end);
            var html = HtmlReport.Render($"ChinaDial compliance report — {Path.GetFileName(path)}", stats, health, options.CallerIdHealth, LimitPerMinute(options.CallerIdRate));
            var target = parsed.GetValue(output)!;
            File.WriteAllText(target, html);
            stderr.WriteLine($"wrote {target}: {stats.Verdicts[0]} allowed, {stats.Verdicts[2]} denied, {stats.Verdicts[1]} deferred");
            return stats.Verdicts[(int)CallVerdict.Allow] == stats.Verdicts.Sum() ? ExitCodes.AllPassed : ExitCodes.SomeFailed;
        });
        return command;
    }

    /// <summary>The caller-ID rate limit as calls per minute, for the chart's limit line; null when the policy is off.</summary>
    private static double? LimitPerMinute(CallerIdRateOptions rate)
        => rate.Enabled ? rate.Limit * TimeSpan.FromMinutes(1).Ticks / (double)rate.Window.Ticks : null;
}
