using System;
using System.Globalization;
using System.Threading.RateLimiting;
using BenchmarkDotNet.Attributes;

namespace ChinaDial.Compliance.Benchmarks.RateLimiting;

/// <summary>
/// One decision for one of 1,024 caller IDs, single-threaded: the BCL's partitioned token bucket (what a user would
/// otherwise pick) against our caller-ID rate limiter (sliding log, the default, and paced GCRA). Time advances 1.2 ms
/// per decision so every caller ID sees both admissions and deferrals. Ours takes the caller ID's parsed key: the
/// evaluator parses each number once for all policies (the parsing row shows that cost separately).
/// </summary>
[MemoryDiagnoser]
public class CallerIdRateBenchmarks
{
    private const int Keys = 1024;
    private const long Step = 12_000; // ticks per decision

    private readonly string[] _callerIds = new string[Keys];
    private readonly ulong[] _keys = new ulong[Keys];
    private PartitionedRateLimiter<string> _tokenBucket = null!;
    private CallerIdRatePolicy _slidingLog = null!;
    private CallerIdRatePolicy _paced = null!;
    private long _now;

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < Keys; i++)
        {
            _callerIds[i] = "+1206555" + (1000 + i).ToString(CultureInfo.InvariantCulture);
            _keys[i] = PhoneNumberClassifier.Classify(_callerIds[i]).Key;
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
        _slidingLog = new CallerIdRatePolicy(new CallerIdRateOptions());
        _paced = new CallerIdRatePolicy(new CallerIdRateOptions { Algorithm = CallerIdRateAlgorithm.Paced });
        _now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
    }

    [GlobalCleanup]
    public void Cleanup() => _tokenBucket.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Keys)]
    public int PartitionedTokenBucket()
    {
        var admitted = 0;
        for (var i = 0; i < Keys; i++)
        {
            using var lease = _tokenBucket.AttemptAcquire(_callerIds[i]);
            admitted += lease.IsAcquired ? 1 : 0;
        }

        return admitted;
    }

    [Benchmark(OperationsPerInvoke = Keys)]
    public int SlidingLog() => Run(_slidingLog);

    [Benchmark(OperationsPerInvoke = Keys)]
    public int Paced() => Run(_paced);

    [Benchmark(OperationsPerInvoke = Keys)]
    public int SlidingLogIncludingParsing()
    {
        var admitted = 0;
        var now = _now;
        for (var i = 0; i < Keys; i++)
        {
            now += Step;
            admitted += _slidingLog.TryAcquire(PhoneNumberClassifier.Classify(_callerIds[i]).Key, now, out _) ? 1 : 0;
        }

        _now = now;
        return admitted;
    }

    [Benchmark(OperationsPerInvoke = Keys)]
    public int SlidingLogPolicyResult()
    {
        var admitted = 0;
        var now = _now;
        for (var i = 0; i < Keys; i++)
        {
            now += Step;
            admitted += _slidingLog.Acquire(_keys[i], now).Verdict == CallVerdict.Allow ? 1 : 0;
        }

        _now = now;
        return admitted;
    }

    private int Run(CallerIdRatePolicy policy)
    {
        var admitted = 0;
        var now = _now;
        for (var i = 0; i < Keys; i++)
        {
            now += Step;
            admitted += policy.TryAcquire(_keys[i], now, out _) ? 1 : 0;
        }

        _now = now;
        return admitted;
    }
}
