using System.Text.Json;

namespace ChinaDial.Compliance.Cli.Tests;

/// <summary>Policies in Observe mode block nothing; their objections are shown apart from the enforced ones.</summary>
public class ObserveModeTests
{
    private const string Policy = """
        { "ChinaDialCompliance": {
            "CallerIds": { "Approved": [ "+12065550100" ] },
            "Evaluator": { "PolicyModes": { "caller-id": "Observe", "destination": "Observe" } } } }
        """;

    // An HK caller ID calling a CN 400 number (observed), a clean call, and a marketing call without consent (enforced).
    private const string Calls = "id,at,caller_id,destination,purpose\n"
        + "hk,2026-11-23T10:00:00+08:00,+85221234567,+864001234567,service\n"
        + "clean,2026-11-23T10:00:30+08:00,+12065550100,+8613800138000,service\n"
        + "marketing,2026-11-23T10:01:00+08:00,+12065550100,+8613800138001,marketing\n";

    private static string[] Codes(JsonElement line, string property) => [.. line.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public void Each_decision_carries_the_observed_objections_apart_from_the_enforced_reasons()
    {
        using var policy = new TempFile(Policy, ".json");
        using var calls = new TempFile(Calls, ".csv");

        var lines = CliRun.Of("screen", "--calls", calls.Path, "--policy", policy.Path).Lines;

        Assert.Equal(["allow", "allow", "deny"], lines.Select(l => l.GetProperty("verdict").GetString()));
        Assert.Empty(Codes(lines[0], "reasons"));
        Assert.Equal(["caller_id_not_approved", "caller_id_region_prohibited", "destination_special_service"], Codes(lines[0], "observed").Order());
        Assert.Empty(Codes(lines[1], "observed"));
        Assert.Equal(["no_consent"], Codes(lines[2], "reasons"));
        Assert.Empty(Codes(lines[2], "observed"));
    }

    [Fact]
    public void The_summary_counts_observed_objections_apart_from_enforced_reasons()
    {
        using var policy = new TempFile(Policy, ".json");
        using var calls = new TempFile(Calls, ".csv");

        var stderr = CliRun.Of("screen", "--calls", calls.Path, "--policy", policy.Path).Stderr.Split('\n');

        var enforced = Array.IndexOf(stderr, "by reason (enforced):");
        var observed = Array.FindIndex(stderr, l => l.StartsWith("observed, not enforced", StringComparison.Ordinal));
        Assert.True(enforced >= 0 && observed > enforced, string.Join('\n', stderr));
        Assert.Equal(["  no_consent: 1"], stderr[(enforced + 1)..observed]);
        Assert.Equal("observed, not enforced (policies in Observe mode): 1 call(s)", stderr[observed]);
        Assert.Equal(["  caller_id_not_approved: 1", "  caller_id_region_prohibited: 1", "  destination_special_service: 1"], stderr[(observed + 1)..(observed + 4)].Order());
    }

    [Fact]
    public void The_report_counts_observed_objections_apart_from_enforced_reasons()
    {
        using var policy = new TempFile(Policy, ".json");
        using var calls = new TempFile(Calls, ".csv");
        var html = Path.ChangeExtension(calls.Path, ".html");
        try
        {
            var run = CliRun.Of("report", "--calls", calls.Path, "--policy", policy.Path, "--out", html);
            var report = File.ReadAllText(html);

            Assert.Equal(1, run.ExitCode);
            Assert.Contains("<b>1</b>with objections observed, not enforced", report, StringComparison.Ordinal);
            var section = report[report.IndexOf("<h2>Objections observed, not enforced</h2>", StringComparison.Ordinal)..];
            section = section[..section.IndexOf("<h2>", 5, StringComparison.Ordinal)];
            Assert.Contains("Policies in Observe mode (caller-id, destination)", section, StringComparison.Ordinal);
            Assert.Contains("<tr><td>caller_id_region_prohibited</td><td>1</td></tr>", section, StringComparison.Ordinal);
            Assert.Contains("<tr><td>destination_special_service</td><td>1</td></tr>", section, StringComparison.Ordinal);
            Assert.DoesNotContain("no_consent", section, StringComparison.Ordinal);
            Assert.Contains("with objections observed, not enforced", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(html);
        }
    }
}
