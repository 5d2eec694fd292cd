using System;
using System.Globalization;
using System.Threading.RateLimiting;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace ChinaDial.Compliance.Benchmarks.RateLimiting;

/// <summary>
/// State for 1,000,000 keys: one invocation creates a limiter and admits one call for each of 1,000,000 distinct
/// caller IDs (callees for destination frequency). Allocated = every byte allocated, including the dictionary's
/// discarded smaller tables while it grows; the retained figures are in benchmarks/README.md (from the memory tests).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class RateLimiterMemoryBenchmarks
{
    private const int Keys = 1_000_000;
    private readonly string[] _callerIds = new string[Keys];
    private readonly long _now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < Keys; i++)
        {
            _callerIds[i] = "+1206" + (5_000_000 + i).ToString(CultureInfo.InvariantCulture);
        }
    }

    [Benchmark(Baseline = true)]
    public int PartitionedTokenBucketMillionKeys()
    {
        using var limiter = PartitionedRateLimiter.Create<string, string>(callerId => RateLimitPartition.GetTokenBucketLimiter(
            callerId,
            static _ => new TokenBucketRateLimiterOptions { TokenLimit = 5, TokensPerPeriod = 5, ReplenishmentPeriod = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        var admitted = 0;
        foreach (var callerId in _callerIds)
        {
            using var lease = limiter.AttemptAcquire(callerId);
            admitted += lease.IsAcquired ? 1 : 0;
        }

        return admitted;
    }

    [Benchmark]
    public int SlidingLogMillionKeys() => Fill(new CallerIdRatePolicy(new CallerIdRateOptions()));

    [Benchmark]
    public int PacedMillionKeys() => Fill(new CallerIdRatePolicy(new CallerIdRateOptions { Algorithm = CallerIdRateAlgorithm.Paced }));

    [Benchmark]
    public int DestinationFrequencyMillionCallees()
    {
        var policy = new DestinationFrequencyPolicy(new DestinationFrequencyOptions { PerCallerIdAndDestination = [] });
        var admitted = 0;
        for (var i = 0UL; i < Keys; i++)
        {
            admitted += policy.Acquire(12065550100UL, 8613800000000UL + i, _now).Verdict == CallVerdict.Allow ? 1 : 0;
        }

        return admitted;
    }

    private int Fill(CallerIdRatePolicy policy)
    {
        var admitted = 0;
        for (var i = 0UL; i < Keys; i++)
        {
            admitted += policy.TryAcquire(12065000000UL + i, _now, out _) ? 1 : 0;
        }

        return admitted;
    }
}
