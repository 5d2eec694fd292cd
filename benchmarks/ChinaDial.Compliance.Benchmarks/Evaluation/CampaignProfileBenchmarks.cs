using System;
using BenchmarkDotNet.Attributes;

namespace ChinaDial.Compliance.Benchmarks.Evaluation;

/// <summary>
/// Where one call of <see cref="CampaignBenchmarks"/>' campaign spends its time and bytes: the same calls, clock and
/// completed tickets through the plain evaluator with the built-in policies added one stage at a time. Each row's
/// difference from the row above is that stage's cost; the last row is <see cref="CampaignBenchmarks.Evaluator"/>.
/// </summary>
[MemoryDiagnoser]
public class CampaignProfileBenchmarks
{
    private OutboundCall[] _calls = null!;
    private CampaignRunner _runner = null!;
    private OutboundCallEvaluator _evaluator = null!;
    private JsonLinesAuditSink? _sink;
    private string? _auditPath;

    /// <summary>The policies the evaluator runs: each stage adds to the one before.</summary>
    [Params(Stage.NoPolicy, Stage.NumbersAndConsent, Stage.PlusFrequency, Stage.PlusRate, Stage.PlusConcurrency, Stage.PlusPacing, Stage.PlusJsonLinesSink)]
    public Stage Policies { get; set; }

    /// <summary>The stages, in the order they add policies.</summary>
    public enum Stage
    {
        /// <summary>No policy: the context (both numbers classified), the decision and the ticket.</summary>
        NoPolicy,

        /// <summary>The policies that reserve nothing: destination, caller ID, caller-ID quarantine, consent.</summary>
        NumbersAndConsent,

        /// <summary>Plus destination frequency (one log per callee: a million callees).</summary>
        PlusFrequency,

        /// <summary>Plus the caller-ID rate (sliding log per caller ID).</summary>
        PlusRate,

        /// <summary>Plus concurrency (calls in progress per caller ID and in all).</summary>
        PlusConcurrency,

        /// <summary>Plus caller-ID pacing: every default policy but calling hours.</summary>
        PlusPacing,

        /// <summary>Plus a <see cref="JsonLinesAuditSink"/>: an audit record per decision and per completed ticket.</summary>
        PlusJsonLinesSink,
    }

    [GlobalSetup]
    public void Setup()
    {
        _calls = Campaign.Calls();
        var options = new ChinaDialComplianceOptions();
        Campaign.Configure(options);
        options.DestinationFrequency.Enabled = Policies >= Stage.PlusFrequency;
        options.CallerIdRate.Enabled = Policies >= Stage.PlusRate;
        options.Concurrency.Enabled = Policies >= Stage.PlusConcurrency;
        options.CallerIdPacing.Enabled = Policies >= Stage.PlusPacing;
        var clock = new CampaignClock();
        if (Policies == Stage.PlusJsonLinesSink)
        {
            options.Audit.Pepper = "a benchmark pepper of sixteen+ characters";
            _auditPath = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"chinadial-profile-{Guid.NewGuid():N}.jsonl");
            _sink = new JsonLinesAuditSink(_auditPath);
        }

        _evaluator = Policies == Stage.NoPolicy ? new OutboundCallEvaluator([], timeProvider: clock) : options.CreateEvaluator(clock, auditSink: _sink);
        _runner = new CampaignRunner(_evaluator, clock);
        _runner.RunFirstCalls(_calls);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// {Policies}: {_runner.Summary}");
        _evaluator.Dispose();
        _sink?.Dispose();
        if (_auditPath is not null)
        {
            System.IO.File.Delete(_auditPath);
        }
    }

    [Benchmark(OperationsPerInvoke = Campaign.CallsPerInvoke)]
    public int Evaluator() => _runner.Run(_calls, Campaign.CallsPerInvoke);

    /// <summary>Runs the campaign at <paramref name="stage"/> for <paramref name="seconds"/> and prints the calls per
    /// second: a steady process for a sampling profiler (<c>perf record</c> with <c>DOTNET_PerfMapEnabled=1</c>).</summary>
    public static void Loop(string stage, double seconds)
    {
        var benchmark = new CampaignProfileBenchmarks { Policies = Enum.Parse<Stage>(stage) };
        benchmark.Setup();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        long calls = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            benchmark.Evaluator();
            calls += Campaign.CallsPerInvoke;
        }

        Console.WriteLine($"{stage}: {calls / watch.Elapsed.TotalSeconds:F0} calls/s, {watch.Elapsed.TotalNanoseconds / calls:F0} ns/call");
        benchmark.Cleanup();
    }
}
