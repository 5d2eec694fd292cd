using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ChinaDial.Compliance.Redis;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Benchmarks.Redis;

/// <summary>
/// Distributed caller-ID rate decisions against a local redis-server (started by the benchmark on a free loopback
/// port, no persistence), at 1, 16 and 64 concurrent callers sharing one connection; beside it the plain
/// <c>StringSetAsync</c> round trip at the same concurrency (the baseline), and the sliding-log script sent bare, one
/// <c>EVALSHA</c> per decision (what the decision would cost without coalescing). 1,024 caller IDs, limit 5 per 10 ms,
/// so almost every decision is an admission. Time = wall time per decision. Eight warm-up invocations (400,000
/// operations) before the measured ones: both the baseline and the decision take that long to reach their steady state
/// on a 2-core machine (tiered JIT, the thread pool's size). 50,000 operations per invocation and 20 invocations: on 2
/// shared cores one invocation's time swings with where the scheduler puts the client's threads and Redis's (the
/// baseline's by up to 5× between invocations of 20,000), so longer and more invocations are needed for a stable
/// mean.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 8, iterationCount: 20)]
public class RedisDecisionBenchmarks
{
    private const int Decisions = 50_000;
    private Process _server = null!;
    private ConnectionMultiplexer _connection = null!;
    private RedisCallerIdRatePolicy _policy = null!;
    private RedisCallerIdRatePolicy _deferred = null!;
    private string[] _callerIds = null!;
    private PhoneNumberInfo[] _callerIdInfos = null!;
    private PhoneNumberInfo _destination;
    private RedisKey[][] _scriptKeys = null!;
    private RedisValue[] _scriptArguments = null!;
    private CallContext _deferredContext = null!;
    private RedisKey[] _keys = null!;

    [Params(1, 16, 64)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var port = FreePort();
        var directory = Directory.CreateTempSubdirectory("chinadial-bench-redis-").FullName;
        _server = Process.Start(new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory, "--save", "", "--appendonly", "no" },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start (apt-get install redis-server).");
        Thread.Sleep(500);
        var options = new RedisComplianceOptions { Configuration = $"127.0.0.1:{port}", KeySecret = "benchmark-secret-0123456789", OperationTimeout = TimeSpan.FromSeconds(1) };
        _connection = RedisGateway.Connect(options.Configuration);
        var gateway = new RedisGateway(_connection, options);
        _policy = new RedisCallerIdRatePolicy(gateway, new CallerIdRateOptions { Limit = 5, Window = TimeSpan.FromMilliseconds(10) });
        _deferred = new RedisCallerIdRatePolicy(gateway, new CallerIdRateOptions { Limit = 1, Window = TimeSpan.FromHours(1) });
        _callerIds = Enumerable.Range(0, 1024).Select(i => "+1206555" + (1000 + i).ToString(CultureInfo.InvariantCulture)).ToArray();
        _callerIdInfos = _callerIds.Select(PhoneNumberClassifier.Classify).ToArray();
        _destination = PhoneNumberClassifier.Classify("+8613800138000");
        _keys = Enumerable.Range(0, 1024).Select(i => (RedisKey)$"baseline:{i}").ToArray();
        _scriptKeys = Enumerable.Range(0, 1024).Select(i => new RedisKey[] { $"script:{{{i}}}" }).ToArray();
        _scriptArguments = [60_010, 1, 10_000, 1, 5, 10_000]; // TTL, one key, its caps
        _deferredContext = Context("+12065559999");
        _deferred.EvaluateAsync(_deferredContext, default).AsTask().GetAwaiter().GetResult();
        _deferred.EvaluateAsync(_deferredContext, default).AsTask().GetAwaiter().GetResult(); // now deferred for an hour
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection.Dispose();
        _server.Kill();
        _server.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Decisions)]
    public Task StringSetAsync() => Run(i => _connection.GetDatabase().StringSetAsync(_keys[i & 1023], i));

    /// <summary>The sliding-log script alone, one decision per <c>EVALSHA</c> (same arguments, straight on the
    /// multiplexer, no pipeline, no coalescing).</summary>
    [Benchmark(OperationsPerInvoke = Decisions)]
    public Task SlidingLogScriptAlone() => Run(i => SlidingLogScript.Acquire.EvaluateAsync(_connection.GetDatabase(), _scriptKeys[i & 1023], _scriptArguments));

    /// <summary>One decision as the evaluator asks for it: the numbers were parsed once per call (for every policy),
    /// the context carries the current instant and a decision id made as the evaluator makes it
    /// (<see cref="DecisionIds"/>, no system call).</summary>
    [Benchmark(OperationsPerInvoke = Decisions)]
    public Task RedisCallerIdRateDecision() => Run(i => _policy.EvaluateAsync(Context(_callerIds[i & 1023], _callerIdInfos[i & 1023]), default).AsTask());

    /// <summary>A caller ID deferred earlier: answered from the node's memory, no round trip.</summary>
    [Benchmark(OperationsPerInvoke = Decisions)]
    public Task DeferredCallerIdAnsweredLocally() => Run(_ => _deferred.EvaluateAsync(_deferredContext, default).AsTask());

    private async Task Run(Func<int, Task> operation)
    {
        var next = -1;
        var callers = new Task[Concurrency];
        for (var c = 0; c < Concurrency; c++)
        {
            callers[c] = Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < Decisions)
                {
                    await operation(i).ConfigureAwait(false);
                }
            });
        }

        await Task.WhenAll(callers).ConfigureAwait(false);
    }

    private CallContext Context(string callerId, PhoneNumberInfo info)
    {
        var now = TimeProvider.System.GetUtcNow();
        return new CallContext(new OutboundCall(callerId, "+8613800138000", CallPurpose.Service), info, _destination, now, DecisionIds.Next(now), now.AddHours(1));
    }

    private static CallContext Context(string callerId)
    {
        var now = TimeProvider.System.GetUtcNow();
        var call = new OutboundCall(callerId, "+8613800138000", CallPurpose.Service);
        return new CallContext(call, PhoneNumberClassifier.Classify(callerId), PhoneNumberClassifier.Classify(call.Destination), now, DecisionIds.Next(now), now.AddHours(1));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
