using System.Text.RegularExpressions;

namespace ChinaDial.Compliance.Cli.Tests;

public partial class ReportCommandTests
{
    /// <summary>Appended to a copy of the report: measures every chart as rendered and writes the figures into the DOM.</summary>
    private const string Probe = """
        <script>
        const sizes = [...document.querySelectorAll('svg.chart')].map(svg => {
          const shapes = [...svg.querySelectorAll('polyline.series, rect.bar')];
          const drawn = shapes.filter(s => { const b = s.getBBox(); return b.width > 0 || b.height > 0; }).length;
          const box = svg.getBoundingClientRect();
          return `${svg.classList[1]}:${drawn}:${Math.round(box.width)}x${Math.round(box.height)}`;
        });
        const out = document.createElement('pre');
        out.id = 'probe';
        out.textContent = sizes.join(';') + '|' + document.body.innerText.replace(/\s+/g, ' ');
        document.body.appendChild(out);
        </script>
        """;

    [GeneratedRegex(@"<pre id=""probe"">(?<charts>[^|]*)\|(?<text>.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex ProbeResult();

    private static string Calls(int rows)
    {
        var random = new Random(7);
        var csv = new System.Text.StringBuilder("id,at,caller_id,destination,purpose,answered,duration_s\n");
        var start = new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < rows; i++)
        {
            var answered = random.Next(2) == 0;
            var destination = i % 10 == 0 ? "+8616812345" : $"+86138{random.Next(0, 99_999_999):00000000}";
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"c{i},{start.AddSeconds(i * 7):O},+1206555{random.Next(100, 104):0000},{destination},service,{(answered ? "true" : "false")},{(answered ? random.Next(3, 300) : 0)}\n");
        }

        return csv.ToString();
    }

    [Fact]
    public void The_report_renders_its_charts_in_headless_chromium_and_shows_no_raw_phone_number()
    {
        var input = Calls(3_000);
        using var calls = new TempFile(input, ".csv");
        var html = Path.ChangeExtension(calls.Path, ".html");
        var probed = Path.ChangeExtension(calls.Path, ".probe.html");
        try
        {
            var run = CliRun.Of("report", "--calls", calls.Path, "--out", html, "--approve", "+12065550100", "--approve", "+12065550101", "--approve", "+12065550102");
            Assert.Equal(1, run.ExitCode);
            var report = File.ReadAllText(html);
            Assert.DoesNotContain("<script", report, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("http://", report.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("https://", report, StringComparison.Ordinal);
            File.WriteAllText(probed, report.Replace("</body>", Probe + "</body>", StringComparison.Ordinal));

            var match = ProbeResult().Match(HeadlessChromium.DumpDom(probed));

            Assert.True(match.Success, "the probe script did not run");
            var charts = match.Groups["charts"].Value.Split(';').Select(c => c.Split(':')).ToList();
            Assert.Equal(["lines", "bars", "lines", "hbars"], charts.Select(c => c[0]));
            Assert.All(charts, c => Assert.True(int.Parse(c[1], System.Globalization.CultureInfo.InvariantCulture) > 0, $"chart {c[0]} drew nothing"));
            Assert.All(charts, c => Assert.All(c[2].Split('x'), side => Assert.True(int.Parse(side, System.Globalization.CultureInfo.InvariantCulture) > 0, $"chart {c[0]} is {c[2]}")));

            var pageText = match.Groups["text"].Value + report;
            foreach (var number in input.Split('\n').Skip(1).Where(l => l.Length > 0).SelectMany(l => l.Split(',')[2..4]).Distinct())
            {
                var digits = number.TrimStart('+');
                Assert.DoesNotContain(digits, pageText, StringComparison.Ordinal);
                Assert.DoesNotContain(digits[^8..], pageText, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(html);
            File.Delete(probed);
        }
    }

    [Fact]
    public void The_report_shows_a_caller_ID_quarantined_during_the_replay_with_its_signal_and_instant()
    {
        // +12065550103 answers one call in ten, the others two in three: once its rate is below 0.4 of theirs beyond chance
        // (an hour of its calls, one a minute), it is quarantined against the fleet.
        var csv = new System.Text.StringBuilder("id,at,caller_id,destination,purpose,answered,duration_s\n");
        var start = new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 400; i++)
        {
            var callerId = $"+120655501{i % 4:00}";
            var answered = callerId.EndsWith("03", StringComparison.Ordinal) ? i % 40 == 3 : i % 3 != 0;
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"c{i},{start.AddSeconds(i * 15):O},{callerId},+86138{i:00000000},service,{(answered ? "true" : "false")},{(answered ? 90 : 0)}\n");
        }

        using var calls = new TempFile(csv.ToString(), ".csv");
        var html = Path.ChangeExtension(calls.Path, ".html");
        try
        {
            var run = CliRun.Of("report", "--calls", calls.Path, "--out", html, "--approve", "+12065550100", "--approve", "+12065550101", "--approve", "+12065550102", "--approve", "+12065550103");
            Assert.Equal(1, run.ExitCode);
            var report = File.ReadAllText(html);

            var row = Regex.Match(report, @"<tr><td>\+1 206\*\*\*0103</td><td class=""quarantined"">quarantined at (?<at>[^<]+)</td><td>(?<signals>[^<]+)</td>");
            Assert.True(row.Success, "the quarantined caller ID is not in the health table");
            Assert.StartsWith("answer rate ", row.Groups["signals"].Value, StringComparison.Ordinal);
            Assert.EndsWith("(quarantined)", row.Groups["signals"].Value, StringComparison.Ordinal);
            Assert.StartsWith("2026-11-23 02:", row.Groups["at"].Value, StringComparison.Ordinal);
            Assert.Contains("caller_id_quarantined", report, StringComparison.Ordinal);
            Assert.Contains("<tr><td>+1 206***0100</td><td class=\"healthy\">healthy</td>", report, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(html);
        }
    }
}
