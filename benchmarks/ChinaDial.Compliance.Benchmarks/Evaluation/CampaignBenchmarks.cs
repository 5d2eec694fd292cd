using System;
using System.IO;
using System.Threading.RateLimiting;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChinaDial.Compliance.Benchmarks.Evaluation;

/// <summary>
/// What one call of a real campaign costs (<see cref="Campaign"/>: 1,024 approved caller IDs calling 1,048,576 distinct
/// +86 mobiles round robin, a clock stepping 15 ms per call, each pass over the list a new day, every default policy
/// but calling hours, each allowed call's ticket completed). Rows: the BCL's partitioned token bucket on the same caller
/// IDs (what a user would otherwise pick; the baseline), the plain evaluator
/// (<c>new ChinaDialComplianceOptions { … }.CreateEvaluator()</c>), and the evaluator from
/// <c>services.AddChinaDialCompliance(…)</c> with logging registered at Information and no provider writing, without
/// and with a JSON Lines audit sink (HMACs included). The share of calls each evaluator allowed is printed at the end.
/// </summary>
[MemoryDiagnoser]
public class CampaignBenchmarks
{
    private OutboundCall[] _calls = null!;
    private PartitionedRateLimiter<string> _tokenBucket = null!;
    private CampaignRunner _plain = null!;
    private CampaignRunner _withDependencyInjection = null!;
    private CampaignRunner _withJsonLinesSink = null!;
    private ServiceProvider _diProvider = null!;
    private ServiceProvider _sinkProvider = null!;
    private string _auditPath = null!;
    private JsonLinesAuditSink _sink = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _calls = Campaign.Calls();
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

        var plainClock = new CampaignClock();
        _plain = new CampaignRunner(Options().CreateEvaluator(plainClock), plainClock);

        var diClock = new CampaignClock();
        _diProvider = Services(diClock).BuildServiceProvider();
        _withDependencyInjection = new CampaignRunner(_diProvider.GetRequiredService<OutboundCallEvaluator>(), diClock);

        var sinkClock = new CampaignClock();
        _auditPath = Path.Combine(Path.GetTempPath(), $"chinadial-campaign-{Guid.NewGuid():N}.jsonl");
        var withSink = Services(sinkClock);
        _sink = new JsonLinesAuditSink(_auditPath);
        withSink.AddSingleton<IAuditSink>(_sink);
        _sinkProvider = withSink.BuildServiceProvider();
        _withJsonLinesSink = new CampaignRunner(_sinkProvider.GetRequiredService<OutboundCallEvaluator>(), sinkClock);

        foreach (var runner in new[] { _plain, _withDependencyInjection, _withJsonLinesSink })
        {
            runner.RunFirstCalls(_calls);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// plain: {_plain.Summary}; DI: {_withDependencyInjection.Summary}; DI + JSON Lines: {_withJsonLinesSink.Summary}");
        _tokenBucket.Dispose();
        _diProvider.Dispose();
        _sinkProvider.Dispose();
        _sink.Dispose();
        File.Delete(_auditPath);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Campaign.CallsPerInvoke)]
    public int PartitionedTokenBucket()
    {
        var admitted = 0;
        for (var i = 0; i < Campaign.CallsPerInvoke; i++)
        {
            using var lease = _tokenBucket.AttemptAcquire(_calls[_next].CallerId!);
            _next = (_next + 1) & (Campaign.Callees - 1);
            admitted += lease.IsAcquired ? 1 : 0;
        }

        return admitted;
    }

    [Benchmark(OperationsPerInvoke = Campaign.CallsPerInvoke)]
    public int Evaluator() => _plain.Run(_calls, Campaign.CallsPerInvoke);

    [Benchmark(OperationsPerInvoke = Campaign.CallsPerInvoke)]
    public int EvaluatorFromDependencyInjection() => _withDependencyInjection.Run(_calls, Campaign.CallsPerInvoke);

    [Benchmark(OperationsPerInvoke = Campaign.CallsPerInvoke)]
    public int EvaluatorFromDependencyInjectionWithJsonLinesSink() => _withJsonLinesSink.Run(_calls, Campaign.CallsPerInvoke);

    private static ChinaDialComplianceOptions Options()
    {
        var options = new ChinaDialComplianceOptions();
        Configure(options);
        return options;
    }

    private static void Configure(ChinaDialComplianceOptions options)
    {
        Campaign.Configure(options);
        options.Audit.Pepper = "a benchmark pepper of sixteen+ characters";
    }

    private static ServiceCollection Services(CampaignClock clock)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Information));
        services.AddChinaDialCompliance(Configure);
        return services;
    }
}
