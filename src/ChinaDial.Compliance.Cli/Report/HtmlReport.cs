using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ChinaDial.Compliance.Cli.Report;

/// <summary>
/// Renders a replay as one self-contained HTML page (inline CSS and SVG; no script, font or other external resource):
/// calls per minute per caller ID against the limit, decisions by reason over time, caller-ID health, and the top
/// denied destinations. Every phone number is masked.
/// </summary>
internal static class HtmlReport
{
    private static string Escape(string text) => SvgChart.Escape(text);

    private const int MaxPoints = 720;
    private const int MaxBars = 48;

    public static string Render(string title, ReportStatistics stats, HealthTimeline health, ChinaDialComplianceOptions options, double? limitPerMinute, string outcomeRule)
    {
        var healthOptions = options.CallerIdHealth;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(Escape(title))
            .Append("</title><style>body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1000px}h1{font-size:22px}h2{font-size:17px;margin-top:32px}")
            .Append("table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:right}th:first-child,td:first-child{text-align:left;white-space:nowrap}")
            .Append(".chart text{font-size:11px}.kpi{display:inline-block;margin-right:24px}.kpi b{font-size:20px;display:block}.quarantined{color:#d62728}.warning{color:#ff7f0e}</style></head><body>");
        html.Append("<h1>").Append(Escape(title)).Append("</h1>");
        var total = stats.Verdicts.Sum();
        html.Append(CultureInfo.InvariantCulture, $"<p><span class=\"kpi\"><b>{total}</b>calls</span><span class=\"kpi\"><b>{stats.Verdicts[(int)CallVerdict.Allow]}</b>allowed</span><span class=\"kpi\"><b>{stats.Verdicts[(int)CallVerdict.Deny]}</b>denied</span><span class=\"kpi\"><b>{stats.Verdicts[(int)CallVerdict.Defer]}</b>deferred</span><span class=\"kpi\"><b>{stats.ObservedCalls}</b>with objections observed, not enforced</span></p>");
        html.Append("<p class=\"rule\"><b>Calls without an outcome.</b> ").Append(Escape(outcomeRule)).Append("</p>");

        html.Append("<h2>Calls per minute per caller ID</h2><p>Allowed calls in the busiest minute of each point, for the busiest caller IDs; the dashed line is the caller-ID rate limit.</p>");
        html.Append(CallsPerMinute(stats, limitPerMinute));

        html.Append("<h2>Decisions by reason over time</h2>");
        html.Append(DecisionsOverTime(stats));
        html.Append(ReasonTable(stats));

        html.Append("<h2>Objections observed, not enforced</h2>");
        html.Append(Observed(stats, options.Evaluator));

        html.Append("<h2>Caller-ID health</h2>");
        html.Append(Health(health, healthOptions));

        html.Append("<h2>Top denied destinations</h2>");
        var top = stats.DeniedDestinations.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(15).Select(p => (p.Key, (double)p.Value)).ToList();
        html.Append(top.Count == 0 ? "<p>No call was denied.</p>" : SvgChart.HorizontalBars(top, "denied calls"));
        html.Append("</body></html>");
        return html.ToString();
    }

    private static string CallsPerMinute(ReportStatistics stats, double? limitPerMinute)
    {
        if (stats.AllowedPerMinuteByCallerId.Count == 0)
        {
            return "<p>No call was allowed.</p>";
        }

        var span = stats.LastMinute - stats.FirstMinute + 1;
        var bucket = Math.Max(1, (span + MaxPoints - 1) / MaxPoints);
        var series = stats.AllowedPerMinuteByCallerId
            .OrderByDescending(p => p.Value.Values.Sum()).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(8)
            .Select(p =>
            {
                var peaks = new Dictionary<long, int>();
                foreach (var (minute, count) in p.Value)
                {
                    var x = (minute - stats.FirstMinute) / bucket;
                    peaks[x] = Math.Max(peaks.GetValueOrDefault(x), count);
                }

                var points = new List<(double X, double Y)>();
                for (long x = 0; x <= (span - 1) / bucket; x++)
                {
                    points.Add((x * bucket, peaks.GetValueOrDefault(x)));
                }

                return (p.Key, (IReadOnlyList<(double X, double Y)>)points);
            })
            .ToList();
        var references = limitPerMinute is { } l ? new[] { (l, $"limit {l:0.##}/min", "#d62728") } : [];
        return SvgChart.Lines(series, "minutes from the first call", "calls per minute", references);
    }

    private static string DecisionsOverTime(ReportStatistics stats)
    {
        if (stats.OutcomesPerMinute.Count == 0)
        {
            return "<p>No calls.</p>";
        }

        var span = stats.LastMinute - stats.FirstMinute + 1;
        var bucket = Math.Max(1, (span + MaxBars - 1) / MaxBars);
        var bars = (int)((span - 1) / bucket) + 1;
        var sums = new double[ReportStatistics.ReasonCodeCount][];
        for (var c = 0; c < sums.Length; c++)
        {
            sums[c] = new double[bars];
        }

        foreach (var (minute, counts) in stats.OutcomesPerMinute)
        {
            var b = (int)((minute - stats.FirstMinute) / bucket);
            for (var c = 0; c < counts.Length; c++)
            {
                sums[c][b] += counts[c];
            }
        }

        var categories = new List<(string Name, double[] Values)>();
        for (var c = 0; c < sums.Length; c++)
        {
            if (sums[c].Any(v => v > 0))
            {
                categories.Add((c == ReportStatistics.Allowed ? "allowed" : ((ReasonCode)c).ToJsonName(), sums[c]));
            }
        }

        var start = new DateTimeOffset(stats.FirstMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var labels = Enumerable.Range(0, bars).Select(b => start.AddMinutes(b * bucket).ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture)).ToList();
        return SvgChart.StackedBars(labels, categories, $"time from {labels[0]}, {bucket} min per bar", "calls");
    }

    /// <summary>The calls refused, by enforced reason and verdict: every reason however rare (a chart's sliver is easy
    /// to miss).</summary>
    private static string ReasonTable(ReportStatistics stats)
    {
        var deferred = stats.ReasonsByVerdict[(int)CallVerdict.Defer];
        var denied = stats.ReasonsByVerdict[(int)CallVerdict.Deny];
        var rows = Enumerable.Range(0, deferred.Length).Where(c => deferred[c] + denied[c] > 0).OrderByDescending(c => deferred[c] + denied[c]).ThenBy(c => c).ToList();
        if (rows.Count == 0)
        {
            return "<p>No call was refused.</p>";
        }

        var html = new StringBuilder("<p>Calls refused, by enforced reason (a call refused for two reasons counts under both).</p><table><tr><th>reason</th><th>deferred</th><th>denied</th></tr>");
        foreach (var code in rows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Escape(((ReasonCode)code).ToJsonName())}</td><td>{deferred[code]}</td><td>{denied[code]}</td></tr>");
        }

        return html.Append("</table>").ToString();
    }

    /// <summary>The objections of policies in Observe mode, by reason: counted apart from the enforced reasons (those
    /// calls were not blocked by them).</summary>
    private static string Observed(ReportStatistics stats, OutboundCallEvaluatorOptions evaluator)
    {
        var observing = evaluator.PolicyModes.Where(p => p.Value == PolicyMode.Observe).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        var intro = observing.Count == 0
            ? "No policy runs in Observe mode."
            : $"Policies in Observe mode ({string.Join(", ", observing)}) report what they would have refused without blocking it.";
        var rows = Enumerable.Range(0, stats.Observed.Length).Where(c => stats.Observed[c] > 0).OrderByDescending(c => stats.Observed[c]).ThenBy(c => c).ToList();
        if (rows.Count == 0)
        {
            return $"<p>{Escape(intro)} No objection was observed.</p>";
        }

        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<p>{Escape(intro)} {stats.ObservedCalls} call(s) had an objection observed.</p><table><tr><th>reason</th><th>calls</th></tr>");
        foreach (var code in rows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Escape(((ReasonCode)code).ToJsonName())}</td><td>{stats.Observed[code]}</td></tr>");
        }

        return html.Append("</table>").ToString();
    }

    private static string Health(HealthTimeline timeline, CallerIdHealthOptions options)
    {
        // A quarantined caller ID starts afresh (no calls in its window) but is the one to show.
        static bool Matters(CallerIdHealthReport r) => r.Calls > 0 || r.State != CallerIdHealthState.Healthy;
        var samples = timeline.Samples.Where(s => s.Reports.Any(Matters)).ToList();
        if (samples.Count == 0)
        {
            return "<p>No call outcomes were reported (add answered and duration_s columns to the calls file).</p>";
        }

        // Per caller ID, the worst each signal reached over the replay; states and signals also from the monitor's changes
        // (a quarantine clears the caller ID's window, so the samples after it no longer show why).
        var changes = timeline.Changes.Where(c => c.State != CallerIdHealthState.Healthy).ToLookup(c => c.CallerId, StringComparer.Ordinal);
        var worst = samples.SelectMany(s => s.Reports.Where(Matters).Select(r => (s.At, Report: r)))
            .GroupBy(x => x.Report.CallerId, StringComparer.Ordinal)
            .Select(g => (
                CallerId: g.Key,
                State: (CallerIdHealthState)Math.Max((int)g.Max(x => x.Report.State), changes[g.Key].Select(c => (int)c.State).DefaultIfEmpty(0).Max()),
                QuarantinedAt: changes[g.Key].Where(c => c.State == CallerIdHealthState.Quarantined).Select(c => (DateTimeOffset?)c.At).FirstOrDefault()
                    ?? g.Where(x => x.Report.State == CallerIdHealthState.Quarantined).Select(x => (DateTimeOffset?)x.At).FirstOrDefault(),
                Signals: changes[g.Key].Where(c => c.Signal is not null).Select(c => $"{Signal(c.Signal!.Value)} {Figure(c.Signal.Value, c.Value)} ({c.State.ToString().ToLowerInvariant()})")
                    .Concat(g.SelectMany(x => x.Report.WarningSignals).Where(w => !changes[g.Key].Any(c => c.Signal == w)).Distinct().Order().Select(Signal))
                    .Distinct(StringComparer.Ordinal).ToList(),
                Calls: g.Max(x => x.Report.Calls),
                AnswerRate: g.Min(x => x.Report.AnswerRate),
                ShortCalls: g.Max(x => x.Report.ShortCallRatio),
                Callees: g.Max(x => x.Report.DistinctCalleesPerHour),
                Volume: g.Max(x => x.Report.VolumeToFleetAverage)))
            .OrderByDescending(h => h.State).ThenBy(h => h.AnswerRate ?? 1).ThenBy(h => h.CallerId, StringComparer.Ordinal)
            .ToList();

        var start = samples[0].At;
        var series = worst.Take(8).Select(h => (Mask(h.CallerId), (IReadOnlyList<(double X, double Y)>)samples
                .Select(s => (s.At, Report: s.Reports.FirstOrDefault(r => r.CallerId == h.CallerId)))
                .Where(x => x.Report is { AnswerRate: not null })
                .Select(x => ((x.At - start).TotalMinutes, x.Report!.AnswerRate!.Value * 100))
                .ToList()))
            .ToList();
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<p>Answer rate over the rolling {options.Window.TotalMinutes:0}-minute window, sampled during the replay, for the caller IDs closest to trouble; dashed: the warning and quarantine levels. Carriers flag caller IDs whose calls go unanswered.</p>");
        html.Append(SvgChart.Lines(
            series,
            $"minutes from {start.UtcDateTime:yyyy-MM-dd HH:mm}Z",
            "answer rate (%)",
            [(options.AnswerRate.Warning * 100, $"warning {options.AnswerRate.Warning:P0}", "#ff7f0e"), (options.AnswerRate.Critical * 100, $"quarantine {options.AnswerRate.Critical:P0}", "#d62728")],
            fixedMaxY: 100));
        html.Append("<p>The worst each signal reached during the replay.</p>");
        html.Append("<table><tr><th>caller ID</th><th>worst state</th><th>signals</th><th>most calls in a window</th><th>lowest answer rate</th><th>most short calls</th><th>most callees in an hour</th><th>most volume vs fleet</th></tr>");
        foreach (var h in worst)
        {
            var state = h.State.ToString().ToLowerInvariant();
            var when = h.QuarantinedAt is { } at ? $" at {at.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z" : string.Empty;
            var signals = h.Signals.Count == 0 ? "–" : string.Join(", ", h.Signals);
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Escape(Mask(h.CallerId))}</td><td class=\"{state}\">{state}{when}</td><td>{Escape(signals)}</td><td>{h.Calls}</td><td>{Percent(h.AnswerRate)}</td><td>{Percent(h.ShortCalls)}</td><td>{h.Callees:0}</td><td>{h.Volume:0.00}×</td></tr>");
        }

        return html.Append("</table>").ToString();
    }

    private static string Figure(CallerIdHealthSignal signal, double value) => signal switch
    {
        CallerIdHealthSignal.DistinctCalleesPerHour => value.ToString("0", CultureInfo.InvariantCulture),
        CallerIdHealthSignal.VolumeToFleetAverage or CallerIdHealthSignal.AnswerRateToFleet => value.ToString("0.00", CultureInfo.InvariantCulture) + "×",
        _ => Percent(value),
    };

    private static string Signal(CallerIdHealthSignal signal) => signal switch
    {
        CallerIdHealthSignal.AnswerRate => "answer rate",
        CallerIdHealthSignal.ShortCallRatio => "short calls",
        CallerIdHealthSignal.DistinctCalleesPerHour => "callees per hour",
        CallerIdHealthSignal.VolumeToFleetAverage => "volume",
        CallerIdHealthSignal.RepeatedCallRatio => "repeated calls",
        CallerIdHealthSignal.VeryShortCallRatio => "very short calls",
        CallerIdHealthSignal.AnswerRateToFleet => "answer rate against the fleet",
        _ => signal.ToString(),
    };

    private static string Mask(string e164) => PhoneNumberClassifier.Classify(e164).ToMaskedString();

    private static string Percent(double? value) => value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–";
}
