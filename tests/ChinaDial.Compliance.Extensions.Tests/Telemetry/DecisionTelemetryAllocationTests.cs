using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Extensions.Tests.Telemetry;

/// <summary>
/// Telemetry that nobody listens to costs nothing: the same campaign evaluated by evaluators that differ only in their
/// listeners allocates the same bytes on the evaluating thread. Counted with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/>, alone (no other test's meter listener running), never timed.
/// </summary>
[Collection(MemoryMeasurement.Name)]
public sealed class DecisionTelemetryAllocationTests
{
    private const int CallerIds = 64;
    private const int WarmUp = 2000;
    private const int Measured = 2000;

    [Fact]
    public void With_no_sink_and_a_listener_that_wants_nothing_a_decision_allocates_what_it_allocates_with_no_listener()
    {
        var bare = Measure(clock => Options().CreateEvaluator(clock));
        var listened = Measure(clock => Options().CreateEvaluator(clock, telemetryListener: new IgnoringListener()));

        Assert.True(bare.Allowed > Measured / 2, $"only {bare.Allowed} of {Measured} calls allowed");
        Assert.Equal(bare.Bytes, listened.Bytes);
    }

    [Fact]
    public void An_evaluator_from_dependency_injection_with_logging_at_information_allocates_what_the_plain_evaluator_allocates()
    {
        var plain = Measure(clock => Options().CreateEvaluator(clock));
        var providers = new List<ServiceProvider>();
        var injected = Measure(clock =>
        {
            var provider = new ServiceCollection()
                .AddSingleton<TimeProvider>(clock)
                .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Information))
                .AddChinaDialCompliance(Configure)
                .BuildServiceProvider();
            providers.Add(provider);
            return provider.GetRequiredService<OutboundCallEvaluator>();
        });
        providers.ForEach(p => p.Dispose());

        Assert.True(plain.Allowed > Measured / 2, $"only {plain.Allowed} of {Measured} calls allowed");
        Assert.Equal(plain.Allowed, injected.Allowed);
        Assert.Equal(plain.Bytes, injected.Bytes);
    }

    [Fact]
    public void An_audit_sink_makes_decisions_allocate_their_records_so_the_measurement_sees_records()
    {
        var bare = Measure(clock => Options().CreateEvaluator(clock));
        var audited = Measure(clock => Options().CreateEvaluator(clock, auditSink: new DiscardingSink()));

        Assert.True(audited.Bytes > bare.Bytes + Measured * 100L, $"{audited.Bytes} B with a sink, {bare.Bytes} B without");
    }

    private static ChinaDialComplianceOptions Options()
    {
        var options = new ChinaDialComplianceOptions();
        Configure(options);
        return options;
    }

    private static void Configure(ChinaDialComplianceOptions options)
    {
        options.CallingHours.Enabled = false;
        options.Audit.Pepper = "a test pepper of enough length";
        options.CallerIds.Approved.Clear();
        for (var i = 0; i < CallerIds; i++)
        {
            options.CallerIds.Approved.Add(CallerId(i));
        }
    }

    private static string CallerId(int i) => "+1206555" + (1000 + i).ToString(CultureInfo.InvariantCulture);

    /// <summary>Warms up, then counts the bytes this thread allocates over the measured calls (each allowed ticket
    /// completed). Every evaluator sees the same calls at the same instants.</summary>
    private static (long Bytes, int Allowed) Measure(Func<FakeTimeProvider, OutboundCallEvaluator> create)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        var evaluator = create(clock);
        var calls = Enumerable.Range(0, WarmUp + Measured)
            .Select(i => new OutboundCall(CallerId(i % CallerIds), "+86138" + i.ToString("D8", CultureInfo.InvariantCulture), CallPurpose.Service))
            .ToArray();
        return DecisionAllocations.Measure(evaluator, clock, TimeSpan.FromMilliseconds(250), calls, WarmUp);
    }

    private sealed class IgnoringListener : ComplianceTelemetryListener
    {
        public override void Write(in DecisionEvent decisionEvent)
        {
        }
    }

    private sealed class DiscardingSink : IAuditSink
    {
        public void Write(AuditRecord record)
        {
        }
    }
}
