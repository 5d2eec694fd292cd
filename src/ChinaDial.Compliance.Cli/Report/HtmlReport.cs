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

    public static string Render(string title, ReportStatistics stats, IReadOnlyList<CallerIdHealthReport> health, double? limitPerMinute)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(Escape(title))
            .Append("</title><style>body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1000px}h1{font-size:22px}h2{font-size:17px;margin-top:32px}")
            .Append("table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append(".chart text{font-size:11px}.kpi{display:inline-block;margin-right:24px}.kpi b{font-size:20px;display:block}.quarantined{color:#d62728}.warning{color:#ff7f0e}</style></head><body>");
        html.Append("<h1>").Append(Escape(title)).Append("</h1>");
        var total = stats.Verdicts.Sum();
        html.Append(CultureInfo.InvariantCulture, $"<p><span class=\"kpi\"><b>{total}</b>calls</span><span class=\"kpi\"><b>{stats.Verdicts[(int)CallVerdict.Allow]}</b>allowed</span><span class=\"kpi\"><b>{stats.Verdicts[(int)CallVerdict.Deny]}</b>denied</span><span class=\"kpi\"><b>{stats.Verdicts[(int)CallVerdict.Defer]}</b>deferred</span></p>");

        html.Append("<h2>Calls per minute per caller ID</h2><p>Allowed calls in the busiest minute of each point, for the busiest caller IDs; the dashed line is the caller-ID rate limit.</p>");
        html.Append(CallsPerMinute(stats, limitPerMinute));

        html.Append("<h2>Decisions by reason over time</h2>");
        html.Append(DecisionsOverTime(stats));

        html.Append("<h2>Caller-ID health</h2>");
        html.Append(Health(health));

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
        return SvgChart.Lines(series, "minutes from the first call", "calls per minute", limitPerMinute, limitPerMinute is { } l ? $"limit {l:0.##}/min" : string.Empty);
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

    private static string Health(IReadOnlyList<CallerIdHealthReport> health)
    {
        if (health.Count == 0)
        {
            return "<p>No call outcomes were reported (add answered and duration_s columns to the calls file).</p>";
        }

        var ordered = health.OrderBy(h => h.AnswerRate ?? 1).ThenBy(h => h.CallerId, StringComparer.Ordinal).ToList();
        var html = new StringBuilder();
        html.Append(SvgChart.HorizontalBars(ordered.Take(15).Select(h => (Mask(h.CallerId), Math.Round((h.AnswerRate ?? 0) * 100, 1))).ToList(), "answer rate over the window (%)"));
        html.Append("<table><tr><th>caller ID</th><th>state</th><th>calls</th><th>answer rate</th><th>short calls</th><th>callees this hour</th><th>volume vs fleet</th><th>answer-rate trend</th></tr>");
        foreach (var h in ordered)
        {
            var state = h.State.ToString().ToLowerInvariant();
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Escape(Mask(h.CallerId))}</td><td class=\"{state}\">{state}</td><td>{h.Calls}</td><td>{Percent(h.AnswerRate)}</td><td>{Percent(h.ShortCallRatio)}</td><td>{h.DistinctCalleesPerHour:0}</td><td>{h.VolumeToFleetAverage:0.00}×</td><td>{(h.AnswerRateTrend is { } t ? $"{t * 100:+0.0;-0.0;0} pts" : "–")}</td></tr>");
        }

        return html.Append("</table>").ToString();
    }

    private static string Mask(string e164) => PhoneNumberClassifier.Classify(e164).ToMaskedString();

    private static string Percent(double? value) => value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–";
}
