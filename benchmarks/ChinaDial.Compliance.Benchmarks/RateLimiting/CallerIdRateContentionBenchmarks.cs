using System;
using System.Threading;
using System.Threading.RateLimiting;
using BenchmarkDotNet.Attributes;

namespace ChinaDial.Compliance.Benchmarks.RateLimiting;

/// <summary>
/// Two threads deciding at once, 1,000,000 decisions each per invocation; the reported time is per decision per
/// thread (wall time / 1,000,000). Same key: both threads hit one caller ID (CAS contention on its slots). Distinct
/// keys: each thread has its own 512 caller IDs. Each thread's clock advances 1.2 ms per decision.
/// </summary>
[MemoryDiagnoser]
public class CallerIdRateContentionBenchmarks
{
    private const int PerThread = 1_000_000;
    private const int KeysPerThread = 512;
    private const long Step = 12_000;

    private readonly string[][] _callerIds = [new string[KeysPerThread], new string[KeysPerThread]];
    private readonly ulong[][] _keys = [new ulong[KeysPerThread], new ulong[KeysPerThread]];
    private PartitionedRateLimiter<string> _tokenBucket = null!;
    private CallerIdRatePolicy _slidingLog = null!;
    private CallerIdRatePolicy _paced = null!;
    private long _start;

    [GlobalSetup]
    public void Setup()
    {
        for (var t = 0; t < 2; t++)
        {
            for (var i = 0; i < KeysPerThread; i++)
            {
                _callerIds[t][i] = "+1206555" + (1000 + (t * KeysPerThread) + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
                _keys[t][i] = PhoneNumberClassifier.Classify(_callerIds[t][i]).Key;
            }
        }

        _tokenBucket = PartitionedRateLimiter.Create<string, string>(callerId => RateLimitPartition.GetTokenBucketLimiter(
            callerId,
            static _ => new TokenBucketRateLimiterOptions { TokenLimit = 5, TokensPerPeriod = 5, ReplenishmentPeriod = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        _slidingLog = new CallerIdRatePolicy(new CallerIdRateOptions());
        _paced = new CallerIdRatePolicy(new CallerIdRateOptions { Algorithm = CallerIdRateAlgorithm.Paced });
        _start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
    }

    [GlobalCleanup]
    public void Cleanup() => _tokenBucket.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = PerThread)]
    public void TokenBucketSameKey() => OnTwoThreads(_ =>
    {
        var callerId = _callerIds[0][0];
        for (var i = 0; i < PerThread; i++)
        {
            using var lease = _tokenBucket.AttemptAcquire(callerId);
        }
    });

    [Benchmark(OperationsPerInvoke = PerThread)]
    public void TokenBucketDistinctKeys() => OnTwoThreads(thread =>
    {
        var callerIds = _callerIds[thread];
        for (var i = 0; i < PerThread; i++)
        {
            using var lease = _tokenBucket.AttemptAcquire(callerIds[i & (KeysPerThread - 1)]);
        }
    });

    [Benchmark(OperationsPerInvoke = PerThread)]
    public void SlidingLogSameKey() => OnTwoThreads(_ => Run(_slidingLog, _keys[0], sameKey: true));

    [Benchmark(OperationsPerInvoke = PerThread)]
    public void SlidingLogDistinctKeys() => OnTwoThreads(thread => Run(_slidingLog, _keys[thread], sameKey: false));

    [Benchmark(OperationsPerInvoke = PerThread)]
    public void PacedSameKey() => OnTwoThreads(_ => Run(_paced, _keys[0], sameKey: true));

    private static void OnTwoThreads(Action<int> work)
    {
        var other = new Thread(() => work(1));
        other.Start();
        work(0);
        other.Join();
    }

    private void Run(CallerIdRatePolicy policy, ulong[] keys, bool sameKey)
    {
        var now = _start;
        for (var i = 0; i < PerThread; i++)
        {
            now += Step;
            policy.TryAcquire(sameKey ? keys[0] : keys[i & (KeysPerThread - 1)], now, out _);
        }

        _start = Math.Max(_start, now); // later invocations start where this one ended (benign race)
    }
}
