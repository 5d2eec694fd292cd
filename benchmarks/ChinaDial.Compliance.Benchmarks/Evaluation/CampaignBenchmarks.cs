using System;
using System.Globalization;
using System.IO;
using System.Threading.RateLimiting;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChinaDial.Compliance.Benchmarks.Evaluation;

/// <summary>
/// What one call of a real campaign costs: 1,024 approved caller IDs calling 1,048,576 distinct +86 mobiles round
/// robin, a clock stepping 15 ms per call, every default policy but calling hours (destination, caller ID, caller-ID
/// health, consent, destination frequency, caller-ID rate, concurrency), each allowed call's ticket completed with an
/// answered 90 s outcome. Rows: the BCL's partitioned token bucket on the same caller IDs (what a user would otherwise
/// pick; the baseline), the plain evaluator (<c>new ChinaDialComplianceOptions { … }.CreateEvaluator()</c>), and the
/// evaluator from <c>services.AddChinaDialCompliance(…)</c> with logging registered at Information and no provider
/// writing, without and with a JSON Lines audit sink (HMACs included).
/// </summary>
[MemoryDiagnoser]
public class CampaignBenchmarks
{
    private const int CallerIds = 1024;
    private const int Callees = 1 << 20;
    private const int CallsPerInvoke = 4096;
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(15);
    private static readonly CallOutcome Answered = new(true, TimeSpan.FromSeconds(90));

    private readonly string[] _callerIds = new string[CallerIds];
    private readonly OutboundCall[] _calls = new OutboundCall[Callees];
    private PartitionedRateLimiter<string> _tokenBucket = null!;
    private Runner _plain = null!;
    private Runner _withDependencyInjection = null!;
    private Runner _withJsonLinesSink = null!;
    private ServiceProvider _diProvider = null!;
    private ServiceProvider _sinkProvider = null!;
    private string _auditPath = null!;
    private JsonLinesAuditSink _sink = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < CallerIds; i++)
        {
            _callerIds[i] = "+1206555" + (1000 + i).ToString(CultureInfo.InvariantCulture);
        }

        for (var i = 0; i < Callees; i++)
        {
            _calls[i] = new OutboundCall(_callerIds[i % CallerIds], "+86138" + i.ToString("D8", CultureInfo.InvariantCulture), CallPurpose.Service);
        }

        _tokenBucket = PartitionedRateLimiter.Create<string, string>(callerId => RateLimitPartition.GetTokenBucketLimiter(
            callerId,
            static _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = 5,
                TokensPerPeriod = 5,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));

        var plainClock = new SteppingClock();
        _plain = new Runner(Options().CreateEvaluator(plainClock), plainClock);

        var diClock = new SteppingClock();
        _diProvider = Services(diClock).BuildServiceProvider();
        _withDependencyInjection = new Runner(_diProvider.GetRequiredService<OutboundCallEvaluator>(), diClock);

        var sinkClock = new SteppingClock();
        _auditPath = Path.Combine(Path.GetTempPath(), $"chinadial-campaign-{Guid.NewGuid():N}.jsonl");
        var withSink = Services(sinkClock);
        _sink = new JsonLinesAuditSink(_auditPath);
        withSink.AddSingleton<IAuditSink>(_sink);
        _sinkProvider = withSink.BuildServiceProvider();
        _withJsonLinesSink = new Runner(_sinkProvider.GetRequiredService<OutboundCallEvaluator>(), sinkClock);

        foreach (var runner in new[] { _plain, _withDependencyInjection, _withJsonLinesSink })
        {
            if (runner.Run(_calls, 0, CallsPerInvoke) < CallsPerInvoke / 2)
            {
                throw new InvalidOperationException("The campaign must be mostly allowed: check its options.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _tokenBucket.Dispose();
        _diProvider.Dispose();
        _sinkProvider.Dispose();
        _sink.Dispose();
        File.Delete(_auditPath);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = CallsPerInvoke)]
    public int PartitionedTokenBucket()
    {
        var admitted = 0;
        var start = Advance();
        for (var i = 0; i < CallsPerInvoke; i++)
        {
            using var lease = _tokenBucket.AttemptAcquire(_calls[(start + i) & (Callees - 1)].CallerId!);
            admitted += lease.IsAcquired ? 1 : 0;
        }

        return admitted;
    }

    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    public int Evaluator() => _plain.Run(_calls, Advance(), CallsPerInvoke);

    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    public int EvaluatorFromDependencyInjection() => _withDependencyInjection.Run(_calls, Advance(), CallsPerInvoke);

    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    public int EvaluatorFromDependencyInjectionWithJsonLinesSink() => _withJsonLinesSink.Run(_calls, Advance(), CallsPerInvoke);

    private static ChinaDialComplianceOptions Options()
    {
        var options = new ChinaDialComplianceOptions();
        Configure(options);
        return options;
    }

    private static void Configure(ChinaDialComplianceOptions options)
    {
        options.CallingHours.Enabled = false;
        options.Audit.Pepper = "a benchmark pepper of sixteen+ characters";
        options.CallerIds.Approved.Clear();
        for (var i = 0; i < CallerIds; i++)
        {
            options.CallerIds.Approved.Add("+1206555" + (1000 + i).ToString(CultureInfo.InvariantCulture));
        }
    }

    private static ServiceCollection Services(SteppingClock clock)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Information));
        services.AddChinaDialCompliance(Configure);
        return services;
    }

    /// <summary>Where this invocation starts in the campaign: each invocation takes the next calls.</summary>
    private int Advance()
    {
        var start = _next;
        _next = (_next + CallsPerInvoke) & (Callees - 1);
        return start;
    }

    /// <summary>A clock the campaign moves on by <see cref="Step"/> per call.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>One evaluator and its clock: evaluates calls in campaign order and completes every allowed ticket.</summary>
    private sealed class Runner(OutboundCallEvaluator evaluator, SteppingClock clock)
    {
        public int Run(OutboundCall[] calls, int start, int count)
        {
            var allowed = 0;
            for (var i = 0; i < count; i++)
            {
                clock.Now += Step;
                var pending = evaluator.EvaluateAsync(calls[(start + i) & (Callees - 1)]);
                var decision = pending.IsCompletedSuccessfully ? pending.Result : throw new InvalidOperationException("A policy answered asynchronously.");
                if (decision.Ticket is { } ticket)
                {
                    ticket.Complete(Answered);
                    allowed++;
                }
            }

            return allowed;
        }
    }
}
