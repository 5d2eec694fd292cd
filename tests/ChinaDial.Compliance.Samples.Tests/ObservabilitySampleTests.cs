using System.ComponentModel;
using System.Diagnostics;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChinaDial.Compliance.Samples.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using YamlDotNet.RepresentationModel;

namespace ChinaDial.Compliance.Samples.Tests;

/// <summary>
/// The alert rules in <c>samples/alerts/chinadial-alerts.yml</c> against what the SDK really exports: the observability
/// sample is started (Kestrel on a loopback port, OpenTelemetry's Prometheus exporter), real decisions are driven
/// through its evaluator, click-to-dial guard and caller-ID health monitor, and its <c>/metrics</c> is scraped as
/// Prometheus scrapes it. Every metric and every label value a rule selects must be in that scrape.
/// </summary>
public sealed class ObservabilitySampleTests(ObservabilitySampleTests.DrivenSample sample) : IClassFixture<ObservabilitySampleTests.DrivenSample>
{
    private static readonly string RulesPath = Path.Combine(RepositoryRoot.Path, "samples", "alerts", "chinadial-alerts.yml");

    [Fact]
    public void Every_metric_and_label_value_the_alert_rules_select_is_exported_by_the_sdk()
    {
        var problems = AlertRuleCheck.Problems(File.ReadAllText(RulesPath), sample.Scrape);

        Assert.Empty(problems);
    }

    [Fact]
    public void The_alert_rules_cover_every_signal_the_monitoring_step_asks_for()
    {
        var named = AlertRuleCheck.MetricNames(File.ReadAllText(RulesPath));

        Assert.Superset(
            new HashSet<string>
            {
                "chinadial_limit_near_total",
                "chinadial_decision_reasons_total",
                "chinadial_policy_errors_total",
                "chinadial_caller_id_health_changes_total",
                "chinadial_click_to_dial_requests_total",
                "chinadial_click_to_dial_reasons_total",
            },
            named);
    }

    [Theory]
    [InlineData("chinadial_policy_errors_total", "chinadial_policy_error_total")] // a misspelt metric
    [InlineData("chinadial_limit_near_total", "chinadial_limit_near")] // the counter's _total suffix forgotten
    [InlineData("chinadial_evaluation_duration_seconds_bucket", "chinadial_evaluation_duration_bucket")] // the unit suffix forgotten
    [InlineData("state=\"quarantined\"", "state=\"quarantine\"")] // a label value the SDK never writes
    [InlineData("reason=~\"caller_id_rate_limited|concurrency_limited|destination_frequency_exceeded\"", "reason=~\"rate_limited\"")] // a regex matching nothing
    public void A_rule_selecting_something_the_sdk_does_not_export_is_reported(string real, string wrong)
    {
        var rules = File.ReadAllText(RulesPath);
        Assert.Contains(real, rules, StringComparison.Ordinal);

        var problems = AlertRuleCheck.Problems(rules.Replace(real, wrong, StringComparison.Ordinal), sample.Scrape);

        Assert.NotEmpty(problems);
    }

    [Fact]
    public void Every_alert_rule_has_a_severity_a_summary_and_a_runbook_action()
    {
        var rules = AlertRuleCheck.Rules(File.ReadAllText(RulesPath));

        Assert.NotEmpty(rules);
        Assert.All(rules, rule =>
        {
            Assert.False(string.IsNullOrWhiteSpace(Text(rule, "alert")));
            Assert.False(string.IsNullOrWhiteSpace(Text(rule, "expr")));
            Assert.Contains(Text(rule, "labels", "severity"), new[] { "critical", "warning", "info" });
            Assert.False(string.IsNullOrWhiteSpace(Text(rule, "annotations", "summary")), Text(rule, "alert"));
            Assert.False(string.IsNullOrWhiteSpace(Text(rule, "annotations", "runbook")), Text(rule, "alert"));
        });
    }

    [Fact]
    public async Task Promtool_accepts_the_alert_rules_file()
    {
        var (exitCode, output) = await PromtoolCheckRulesAsync(RulesPath);

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promtool_rejects_a_rule_with_a_broken_expression()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"chinadial-alerts-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(RulesPath)).Replace("increase(chinadial_policy_errors_total[5m])", "increase(chinadial_policy_errors_total[5m]", StringComparison.Ordinal));
        try
        {
            var (exitCode, output) = await PromtoolCheckRulesAsync(broken);

            Assert.True(exitCode != 0, output);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    /// <summary>Runs Prometheus's own checker (Debian package <c>prometheus</c>, installed by eng/test.sh).</summary>
    private static async Task<(int ExitCode, string Output)> PromtoolCheckRulesAsync(string path)
    {
        var start = new ProcessStartInfo("promtool", ["check", "rules", path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("promtool is not installed: apt-get install prometheus (eng/test.sh installs it).", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output + await error);
        }
    }

    [Fact]
    public void The_scrape_holds_no_phone_number()
    {
        foreach (var number in DrivenSample.NumbersUsed)
        {
            Assert.DoesNotContain(number.TrimStart('+'), sample.Scrape.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(number.TrimStart('+')[^8..], sample.Scrape.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_sample_evaluates_a_posted_call()
    {
        using var document = JsonDocument.Parse(sample.PostedCallAnswer);

        Assert.Equal("Deny", document.RootElement.GetProperty("verdict").GetString());
        Assert.Contains("caller_id_not_approved", document.RootElement.GetProperty("reasons").EnumerateArray().Select(static r => r.GetString()));
    }

    private static string? Text(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return (current as YamlScalarNode)?.Value;
    }

    /// <summary>The sample started once for the class; the decisions that make every alerted instrument record; the scrape.</summary>
    public sealed class DrivenSample : IAsyncLifetime
    {
        public const string CallerId = "+12065550100";
        public const string FailingCallee = "+8613900000099";
        public const string QuarantinedCallerId = "+12065550177";
        public const string ObservedCallerId = "+12065550101"; // approved in the sample's appsettings.json
        public const string ObservedCallee = "+12065550123";

        // 10:00 in Shanghai: inside the default calling window of +86 callees.
        private static readonly DateTimeOffset Now = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

        private WebApplication? _app;

        public static IReadOnlyList<string> NumbersUsed { get; } =
            [CallerId, FailingCallee, QuarantinedCallerId, ObservedCallerId, ObservedCallee, "+8613800138000", "+8613800138001", .. Enumerable.Range(0, 6).Select(Callee)];

        public PrometheusScrape Scrape { get; private set; } = PrometheusScrape.Parse(string.Empty);

        public string PostedCallAnswer { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            var time = new FakeTimeProvider(Now);
            string[] args =
            [
                "--contentRoot", Path.Combine(RepositoryRoot.Path, "samples", "ChinaDial.Compliance.Observability"),
                "--urls", "http://127.0.0.1:0",
                "--ChinaDialCompliance:ClickToDial:RequireAuthentication", "true",
                "--ChinaDialCompliance:Evaluator:PolicyModes:destination", "Observe",
            ];
            _app = ObservabilityApp.Build(args, builder =>
            {
                builder.Services.AddSingleton<TimeProvider>(time);
                builder.Services.AddSingleton<IOutboundCallPolicy>(new FailingForOneCallee(PhoneNumberClassifier.Classify(FailingCallee)));
            });
            await _app.StartAsync();
            var evaluator = _app.Services.GetRequiredService<OutboundCallEvaluator>();

            // A store failing for one callee: denied with policy_error, counted by chinadial.policy.errors.
            var failed = await evaluator.EvaluateAsync(new OutboundCall(CallerId, FailingCallee, CallPurpose.Service));
            Assert.Contains(ReasonCode.PolicyError, failed.Reasons);

            // The destination policy in observe mode: a callee outside the allowed countries is reported, not blocked
            // (chinadial.decision.reasons with mode observe).
            var observed = await evaluator.EvaluateAsync(new OutboundCall(ObservedCallerId, ObservedCallee, CallPurpose.Service));
            Assert.Contains(ReasonCode.DestinationNotAllowed, observed.ObservedReasons);

            // Six calls in a minute from one caller ID, none finished: the fourth is at 80 % of the rate limit (5 a
            // minute) and of the calls in progress (5): chinadial.limit.near; the sixth is deferred for both.
            var decisions = new List<CallDecision>();
            for (var i = 0; i < 6; i++)
            {
                decisions.Add(await evaluator.EvaluateAsync(new OutboundCall(CallerId, Callee(i), CallPurpose.Service)));
            }

            Assert.All(decisions.Take(5), static d => Assert.Equal(CallVerdict.Allow, d.Verdict));
            Assert.Contains(ReasonCode.CallerIdRateLimited, decisions[5].Reasons);

            // Sixty unanswered calls from another caller ID (past CallerIdHealth:MinimumCalls, 50): quarantined on its
            // answer rate (none answered).
            var monitor = _app.Services.GetRequiredService<CallerIdHealthMonitor>();
            var quarantined = PhoneNumberClassifier.Classify(QuarantinedCallerId);
            for (var i = 0; i < 60; i++)
            {
                monitor.RecordOutcome(quarantined, PhoneNumberClassifier.Classify(Callee(i % 6)), new CallOutcome(false, TimeSpan.Zero), Now.AddSeconds(i));
            }

            Assert.Equal(CallerIdHealthState.Quarantined, monitor.GetReport(quarantined, Now.AddSeconds(60)).State);

            // Click-to-dial: a request without a usable client address is rejected (suspected_fraud); a visitor not
            // signed in is deflected to the other channel.
            var guard = _app.Services.GetRequiredService<ClickToDialGuard>();
            Assert.Equal(ClickToDialOutcome.Rejected, (await guard.EvaluateAsync(new ClickToDialRequest("+8613800138000", "not-an-address", IsAuthenticated: true))).Outcome);
            Assert.Equal(ClickToDialOutcome.Deflected, (await guard.EvaluateAsync(new ClickToDialRequest("+8613800138001", "203.0.113.7", IsAuthenticated: false))).Outcome);

            using var client = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()), Timeout = TimeSpan.FromSeconds(30) };
            using (var body = new StringContent("""{"callerId":"+12065550199","destination":"+8613800138000","purpose":"Service"}""", Encoding.UTF8, "application/json"))
            using (var posted = await client.PostAsync(new Uri("/calls", UriKind.Relative), body))
            {
                PostedCallAnswer = await posted.Content.ReadAsStringAsync();
            }

            // As Prometheus asks for it (OpenMetrics first).
            using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            scrape.Headers.Accept.ParseAdd("application/openmetrics-text; version=1.0.0");
            using var response = await client.SendAsync(scrape);
            response.EnsureSuccessStatusCode();
            Scrape = PrometheusScrape.Parse(await response.Content.ReadAsStringAsync());
        }

        public async Task DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }

        private static string Callee(int i) => $"+86138001380{10 + i}";
    }

    private sealed class FailingForOneCallee(PhoneNumberInfo callee) : IOutboundCallPolicy
    {
        public string Name => "failing-store";

        public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
            => context.Destination.Key == callee.Key ? throw new InvalidOperationException("store unreachable") : new(PolicyResult.Allow());
    }
}

/// <summary>The samples of one Prometheus scrape: by metric name, the label sets written.</summary>
public sealed partial class PrometheusScrape
{
    private PrometheusScrape(string text, Dictionary<string, List<Dictionary<string, string>>> series)
    {
        Text = text;
        Series = series;
    }

    public string Text { get; }

    public IReadOnlyDictionary<string, List<Dictionary<string, string>>> Series { get; }

    public static PrometheusScrape Parse(string text)
    {
        var series = new Dictionary<string, List<Dictionary<string, string>>>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var end = line.IndexOfAny(['{', ' ']);
            var name = end < 0 ? line : line[..end];
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (end >= 0 && line[end] == '{')
            {
                foreach (Match label in Label().Matches(line[end..line.IndexOf('}', end)]))
                {
                    labels[label.Groups[1].Value] = label.Groups[2].Value;
                }
            }

            if (!series.TryGetValue(name, out var sets))
            {
                series[name] = sets = [];
            }

            sets.Add(labels);
        }

        return new PrometheusScrape(text, series);
    }

    [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)""")]
    private static partial Regex Label();
}

/// <summary>Reads a Prometheus rules file and checks its selectors against a scrape.</summary>
internal static partial class AlertRuleCheck
{
    public static IReadOnlyList<YamlMappingNode> Rules(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var rules = new List<YamlMappingNode>();
        foreach (YamlMappingNode group in (YamlSequenceNode)root["groups"])
        {
            rules.AddRange(((YamlSequenceNode)group["rules"]).Cast<YamlMappingNode>());
        }

        return rules;
    }

    public static HashSet<string> MetricNames(string yaml)
        => Rules(yaml).SelectMany(static rule => Selector().Matches(((YamlScalarNode)rule["expr"]).Value!)).Select(static m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every selector of every rule's expression whose metric, or whose label value (<c>=</c>, or a <c>=~</c>
    /// regex), no series of the scrape has.</summary>
    public static List<string> Problems(string yaml, PrometheusScrape scrape)
    {
        var problems = new List<string>();
        foreach (var rule in Rules(yaml))
        {
            var alert = ((YamlScalarNode)rule["alert"]).Value;
            foreach (Match selector in Selector().Matches(((YamlScalarNode)rule["expr"]).Value!))
            {
                var metric = selector.Groups[1].Value;
                if (!scrape.Series.TryGetValue(metric, out var sets))
                {
                    problems.Add($"{alert}: metric {metric} is not exported (exported: {string.Join(", ", scrape.Series.Keys.Where(static k => k.StartsWith("chinadial", StringComparison.Ordinal)))})");
                    continue;
                }

                foreach (Match matcher in Matcher().Matches(selector.Groups[2].Value))
                {
                    var (label, op, value) = (matcher.Groups[1].Value, matcher.Groups[2].Value, matcher.Groups[3].Value);
                    Func<string, bool>? matches = op switch
                    {
                        "=" => v => v == value,
                        "=~" => v => Regex.IsMatch(v, $"^(?:{value})$", RegexOptions.None, TimeSpan.FromSeconds(1)),
                        _ => null, // negative matchers select whatever is left
                    };
                    if (matches is not null && !sets.Any(set => set.TryGetValue(label, out var v) && matches(v)))
                    {
                        problems.Add($"{alert}: no series of {metric} has {label}{op}\"{value}\"");
                    }
                }
            }
        }

        return problems;
    }

    [GeneratedRegex("""\b(chinadial_[a-z0-9_]+)(\{[^}]*\})?""")]
    private static partial Regex Selector();

    [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"([^"]*)""")]
    private static partial Regex Matcher();
}
