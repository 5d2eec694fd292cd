using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Extensions.Tests.Audit;

public partial class NoRawNumberTests
{
    /// <summary>Captures every log line, formatted and as structured values.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(Lines);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lines.Enqueue(formatter(state, exception));
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    lines.Enqueue(string.Join("|", values.Select(v => $"{v.Key}={v.Value}")));
                }
            }
        }
    }

    /// <summary>A consent store that fails for every tenth number and otherwise knows nothing.</summary>
    private sealed class FlakyConsentStore : IConsentStore
    {
        public ValueTask<ConsentStatus> GetStatusAsync(PhoneNumberInfo callee, CallPurpose purpose, DateTimeOffset at, CancellationToken cancellationToken)
            => callee.Key % 10 == 3 ? throw new InvalidOperationException("store down") : new(callee.Key % 10 == 5 ? ConsentStatus.OptedOut : ConsentStatus.Granted);
    }

    [Fact]
    public async Task Thousands_of_evaluated_calls_leave_no_raw_phone_number_in_logs_metric_tags_or_audit_records()
    {
        var audit = Path.Combine(Path.GetTempPath(), $"chinadial-audit-{Guid.NewGuid():N}.jsonl");
        var logs = new CapturingLoggerProvider();
        var tags = new ConcurrentQueue<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "ChinaDial.Compliance")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, t, _) => { foreach (var tag in t) { tags.Enqueue($"{tag.Key}={tag.Value}"); } });
        listener.SetMeasurementEventCallback<double>((_, _, t, _) => { foreach (var tag in t) { tags.Enqueue($"{tag.Key}={tag.Value}"); } });
        listener.Start();

        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero));
        var memory = new InMemoryAuditSink();
        var numbers = new List<string>();
        try
        {
            using (var file = new JsonLinesAuditSink(audit))
            {
                var services = new ServiceCollection()
                    .AddSingleton<TimeProvider>(clock)
                    .AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace))
                    .AddSingleton<IConsentStore>(new FlakyConsentStore())
                    .AddSingleton<IAuditSink>(new TeeSink(memory, file))
                    .AddChinaDialCompliance(o =>
                    {
                        o.CallerIds.Approved = [TestNumbers.UsCallerId, TestNumbers.UsCallerId2];
                        o.Audit.Pepper = "a test pepper of enough length";
                        o.RefuseLists.Lists["carrier-refuse-call"] = [CallPurpose.Marketing, CallPurpose.Service];
                    });
                await using var provider = services.BuildServiceProvider();
                var evaluator = provider.GetRequiredService<OutboundCallEvaluator>();

                // A carrier's refuse-call list, and the callees it names called below: refused, recorded, never written.
                var listed = Enumerable.Range(0, 40).Select(i => $"+86139{i * 7919:00000000}").ToList();
                await provider.GetRequiredService<IRefuseListStore>().ImportAsync("carrier-refuse-call", new MemoryStream(System.Text.Encoding.UTF8.GetBytes("number\n" + string.Join("\n", listed))));
                foreach (var callee in listed)
                {
                    numbers.Add(callee);
                    await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, callee, CallPurpose.Service));
                    clock.Advance(TimeSpan.FromSeconds(3));
                }

                // Click-to-dial requests: accepted, duplicate, deflected, rejected; each counted and recorded.
                var guard = provider.GetRequiredService<ClickToDialGuard>();
                for (var i = 0; i < 30; i++)
                {
                    var callee = $"+86137{(i * 104_729) + 1_000_003:00000000}";
                    numbers.Add(callee);
                    await guard.EvaluateAsync(new ClickToDialRequest(callee, "203.0.113.7", i % 3 != 0));
                    await guard.EvaluateAsync(new ClickToDialRequest(callee, "203.0.113.8", true));
                }
                var random = new Random(11);
                for (var i = 0; i < 3000; i++)
                {
                    var destination = i % 50 == 0 ? $"+86 168 {random.Next(10000, 99999)}" : $"+86138{random.Next(0, 99_999_999):00000000}";
                    var callerId = (i % 7) switch { 0 => "+12065550199", 1 => TestNumbers.UsCallerId2, _ => TestNumbers.UsCallerId };
                    numbers.Add(destination);
                    numbers.Add(callerId);
                    var decision = await evaluator.EvaluateAsync(new OutboundCall(callerId, destination, (CallPurpose)(i % 3)) { CampaignId = "c1" });
                    if (decision.Ticket is { } ticket)
                    {
                        if (i % 2 == 0)
                        {
                            ticket.Complete(new CallOutcome(i % 4 == 0, TimeSpan.FromSeconds(40)));
                        }
                        else
                        {
                            ticket.Cancel();
                        }
                    }

                    clock.Advance(TimeSpan.FromSeconds(3));
                }
            }

            var records = memory.Records;
            Assert.True(records.Any(r => r.Verdict == CallVerdict.Allow), "no allowed call");
            Assert.True(records.Any(r => r.Reasons.Contains(ReasonCode.PolicyError)), "no failing store");
            Assert.True(records.Any(r => r.Reasons.Contains(ReasonCode.OptedOut)), "no opt-out");
            Assert.True(records.Any(r => r.Verdict == CallVerdict.Defer), "no deferral");
            Assert.True(records.Any(r => r.Event == AuditEvent.Outcome), "no outcome");
            Assert.True(records.Any(r => r.Reasons.Contains(ReasonCode.RefuseCallListed)), "no refuse-listed callee");
            Assert.True(records.Any(r => r.Event == AuditEvent.ClickToDial && r.Verdict == CallVerdict.Allow), "no accepted click-to-dial request");
            Assert.True(records.Any(r => r.Event == AuditEvent.ClickToDial && r.Reasons.Contains(ReasonCode.DuplicateCallback)), "no duplicate click-to-dial request");
            Assert.Contains(logs.Lines, l => l.Contains("fail closed", StringComparison.Ordinal));

            // Call IDs are random GUIDs, and now and then one holds the 8 digits of a test number by chance (once in about
            // 40 runs here: "…-5c7916862279" for +86 168 62279). Identifiers are taken out before the search.
            var everything = Identifier().Replace(string.Join("\n", logs.Lines.Concat(tags).Concat(records.Select(r => r.ToString())).Append(File.ReadAllText(audit))), "<id>");
            foreach (var number in numbers.Distinct())
            {
                var digits = new string(number.Where(char.IsDigit).ToArray());
                Assert.DoesNotContain(digits, everything, StringComparison.Ordinal);
                Assert.DoesNotContain(digits[(number.StartsWith("+86", StringComparison.Ordinal) ? 2 : 1)..], everything, StringComparison.Ordinal);
                Assert.DoesNotContain(number, everything, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(audit);
        }
    }

    /// <summary>A GUID (call IDs), or 32 hex digits (number pseudonyms, trace IDs).</summary>
    [GeneratedRegex(@"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\b[0-9a-f]{32}\b")]
    private static partial Regex Identifier();

    private sealed class TeeSink(IAuditSink first, IAuditSink second) : IAuditSink
    {
        public void Write(AuditRecord record)
        {
            first.Write(record);
            second.Write(record);
        }
    }
}

public class EvaluationActivityTests
{
    [Fact]
    public async Task Each_evaluation_is_an_activity_tagged_with_its_verdict_and_reasons_but_no_number()
    {
        var stopped = new List<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "ChinaDial.Compliance",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
            ActivityStopped = activity => { lock (stopped) { stopped.Add(activity); } },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        var evaluator = new ChinaDialComplianceOptions().CreateEvaluator(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero)));

        var decision = await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, TestNumbers.CnMobile, CallPurpose.Service));

        System.Diagnostics.Activity activity;
        lock (stopped)
        {
            activity = stopped.Single(a => (Guid?)a.GetTagItem("chinadial.decision_id") == decision.Id);
        }

        Assert.Equal("chinadial.evaluate", activity.OperationName);
        Assert.Equal("Deny", activity.GetTagItem("chinadial.verdict"));
        Assert.Equal("caller_id_not_approved", activity.GetTagItem("chinadial.reasons"));
        Assert.DoesNotContain(activity.Tags, t => t.Value?.Contains("13800138000", StringComparison.Ordinal) == true);
    }
}
