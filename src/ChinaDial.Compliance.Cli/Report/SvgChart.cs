using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;

namespace ChinaDial.Compliance.Cli.Report;

/// <summary>Draws the report's charts as inline SVG: no script, no external resource.</summary>
internal static class SvgChart
{
    private const int Width = 960;
    private const int Height = 320;
    private const int Left = 56;
    private const int Bottom = 36;
    private const int Top = 16;
    private const int Right = 16;
    private const int LegendRow = 18;

    /// <summary>Twenty distinct colours (a category palette of ten, then its lighter tints): one per reason code.</summary>
    public static readonly string[] Palette =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
        "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5",
    ];

    /// <summary>Lines of (x, y) points sharing axes, with dashed horizontal reference lines (a limit, thresholds).</summary>
    public static string Lines(IReadOnlyList<(string Name, IReadOnlyList<(double X, double Y)> Points)> series, string xLabel, string yLabel, IReadOnlyList<(double Value, string Label, string Colour)> references, double? fixedMaxY = null)
    {
        var all = series.SelectMany(s => s.Points).ToList();
        var maxX = Math.Max(1, all.Count == 0 ? 1 : all.Max(p => p.X));
        var highestReference = references.Count == 0 ? 0 : references.Max(r => r.Value);
        var maxY = fixedMaxY ?? Math.Max(Math.Max(1, highestReference) * 1.1, all.Count == 0 ? 1 : all.Max(p => p.Y) * 1.1);
        var legend = LayOut(series.Select((s, i) => (s.Name, Palette[i % Palette.Length])));
        var svg = Open("lines", xLabel, yLabel, maxX, maxY, legend);
        for (var i = 0; i < series.Count; i++)
        {
            var points = string.Join(' ', series[i].Points.OrderBy(p => p.X).Select(p => $"{X(p.X, maxX):0.#},{Y(p.Y, maxY):0.#}"));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"series\" fill=\"none\" stroke=\"{Palette[i % Palette.Length]}\" stroke-width=\"1.5\" points=\"{points}\"><title>{Escape(series[i].Name)}</title></polyline>");
        }

        foreach (var (value, label, colour) in references)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"limit\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(value, maxY):0.#}\" y2=\"{Y(value, maxY):0.#}\" stroke=\"{colour}\" stroke-dasharray=\"6 4\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{Y(value, maxY) - 4:0.#}\" text-anchor=\"end\" fill=\"{colour}\">{Escape(label)}</text>");
        }

        return Close(svg, legend);
    }

    /// <summary>One stacked bar per bucket; each category a colour.</summary>
    public static string StackedBars(IReadOnlyList<string> buckets, IReadOnlyList<(string Name, double[] Values)> categories, string xLabel, string yLabel)
    {
        var totals = Enumerable.Range(0, buckets.Count).Select(b => categories.Sum(c => c.Values[b])).ToArray();
        var maxY = Math.Max(1, totals.Length == 0 ? 1 : totals.Max() * 1.1);
        var legend = LayOut(categories.Select((c, i) => (c.Name, Palette[i % Palette.Length])));
        var svg = Open("bars", xLabel, yLabel, buckets.Count, maxY, legend);
        var slot = (double)(Width - Left - Right) / Math.Max(1, buckets.Count);
        for (var b = 0; b < buckets.Count; b++)
        {
            double stacked = 0;
            for (var c = 0; c < categories.Count; c++)
            {
                var value = categories[c].Values[b];
                if (value <= 0)
                {
                    continue;
                }

                var y0 = Y(stacked, maxY);
                var y1 = Y(stacked + value, maxY);
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{Left + (b * slot) + 1:0.#}\" y=\"{y1:0.#}\" width=\"{Math.Max(1, slot - 2):0.#}\" height=\"{y0 - y1:0.#}\" fill=\"{Palette[c % Palette.Length]}\"><title>{Escape(buckets[b])}: {Escape(categories[c].Name)} {value}</title></rect>");
                stacked += value;
            }
        }

        return Close(svg, legend);
    }

    /// <summary>Horizontal bars, one labelled row each.</summary>
    public static string HorizontalBars(IReadOnlyList<(string Label, double Value)> rows, string valueLabel)
    {
        const int row = 22;
        var height = Top + (rows.Count * row) + Bottom;
        var max = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => r.Value));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart hbars\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\">");
        for (var i = 0; i < rows.Count; i++)
        {
            var y = Top + (i * row);
            var w = (Width - 240 - 60) * rows[i].Value / max;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"230\" y=\"{y + 15}\" text-anchor=\"end\">{Escape(rows[i].Label)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"240\" y=\"{y + 3}\" width=\"{Math.Max(1, w):0.#}\" height=\"{row - 6}\" fill=\"{Palette[0]}\"><title>{rows[i].Value}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{244 + w:0.#}\" y=\"{y + 15}\">{rows[i].Value}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"240\" y=\"{height - 8}\">{Escape(valueLabel)}</text></svg>");
        return svg.ToString();
    }

    private static StringBuilder Open(string kind, string xLabel, string yLabel, double maxX, double maxY, List<(double X, int Row, string Name, string Colour)> legend)
    {
        var height = Height + 20 + (LegendRow * (legend.Count == 0 ? 1 : legend[^1].Row + 1));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart {kind}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\">");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/><line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>");
        for (var i = 0; i <= 4; i++)
        {
            var value = maxY * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(value, maxY) + 4:0.#}\" text-anchor=\"end\" class=\"tick\">{value:0.#}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Width + Left) / 2}\" y=\"{Height - 6}\" text-anchor=\"middle\">{Escape(xLabel)} (0 – {maxX:0.#})</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{(Height - Bottom) / 2}\" transform=\"rotate(-90 14 {(Height - Bottom) / 2})\" text-anchor=\"middle\">{Escape(yLabel)}</text>");
        return svg;
    }

    /// <summary>Places the legend's entries in rows that fit the chart's width.</summary>
    private static List<(double X, int Row, string Name, string Colour)> LayOut(IEnumerable<(string Name, string Colour)> entries)
    {
        var laidOut = new List<(double X, int Row, string Name, string Colour)>();
        var x = (double)Left;
        var row = 0;
        foreach (var (name, colour) in entries)
        {
            var width = 24 + (7 * name.Length);
            if (x > Left && x + width > Width - Right)
            {
                row++;
                x = Left;
            }

            laidOut.Add((x, row, name, colour));
            x += width;
        }

        return laidOut;
    }

    private static string Close(StringBuilder svg, List<(double X, int Row, string Name, string Colour)> legend)
    {
        foreach (var (x, row, name, colour) in legend)
        {
            var y = Height + 14 + (row * LegendRow);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y}\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{x + 14:0.#}\" y=\"{y + 9}\" class=\"legend\">{Escape(name)}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static double X(double x, double maxX) => Left + ((Width - Left - Right) * x / maxX);

    private static double Y(double y, double maxY) => Height - Bottom - ((Height - Bottom - Top) * y / maxY);

    internal static string Escape(string text) => WebUtility.HtmlEncode(text);
}
