using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ChinaDial.Compliance;
using ChinaDial.Compliance.RedisLoad;
using Microsoft.Extensions.DependencyInjection;

// Load on the Redis adapter, the way a fleet of dialer nodes makes it: N nodes (one DI container each, as an
// application builds them) deciding calls for 200 caller IDs against a local redis-server or Redis Cluster started here.
//   open loop:   --rate decisions a second for --duration seconds, on a fixed schedule: the latency of each decision
//                (p50, p99, p99.9, max) and the decisions denied with policy_error (the timeout, under load);
//   closed loop: --callers concurrent callers deciding one call after another for --duration seconds: throughput.
// Each decision: a caller ID in rotation, a new callee (Service), every built-in policy (calling hours off), the ticket
// completed at once. The caller-ID rate is --limit per --window (5 a second by default, so that almost every decision is
// an admission: the caller-ID script, the destination caps script and the consent read, the most Redis work a call
// takes; with 5 a minute most decisions would be deferrals answered from the node's memory).
// Example: dotnet run -c Release --project benchmarks/ChinaDial.Compliance.RedisLoad -- --topology cluster --mode open --rate 300 --duration 60
var topology = Option("--topology", "server");
var mode = Option("--mode", "open");
var rate = int.Parse(Option("--rate", "300"), CultureInfo.InvariantCulture);
var duration = TimeSpan.FromSeconds(double.Parse(Option("--duration", "60"), CultureInfo.InvariantCulture));
var nodeCount = int.Parse(Option("--nodes", "4"), CultureInfo.InvariantCulture);
var callers = int.Parse(Option("--callers", "32"), CultureInfo.InvariantCulture);
var timeout = Option("--operation-timeout", "");
var minThreads = int.Parse(Option("--min-threads", "0"), CultureInfo.InvariantCulture);
var limit = int.Parse(Option("--limit", "5"), CultureInfo.InvariantCulture);
var window = TimeSpan.Parse(Option("--window", "00:00:01"), CultureInfo.InvariantCulture);
var warmUpFor = TimeSpan.FromSeconds(double.Parse(Option("--warm-up", "5"), CultureInfo.InvariantCulture));
if (minThreads > 0)
{
    ThreadPool.GetMinThreads(out _, out var io);
    ThreadPool.SetMinThreads(minThreads, io);
}

using var redis = topology == "cluster" ? LocalRedis.Cluster() : LocalRedis.Server();
var callerIds = Enumerable.Range(0, 200).Select(i => $"+1206555{2000 + i}").ToArray();
var nodes = Enumerable.Range(0, nodeCount).Select(_ =>
{
    var services = new ServiceCollection();
    services.AddChinaDialCompliance(options =>
    {
        options.CallerIds.Approved = [.. callerIds];
        options.CallingHours.Enabled = false;
        options.CallerIdRate.Limit = limit;
        options.CallerIdRate.Window = window;
        options.CallerIdHealth.DistinctCalleesPerHour = new HealthThresholds(1e9, 1e9); // a new callee per call is the load, not fan-out to quarantine
    });
    services.AddChinaDialComplianceRedis(options =>
    {
        options.Configuration = redis.Configuration;
        options.KeySecret = "load-test-secret-0123456789";
        if (timeout.Length > 0)
        {
            options.OperationTimeout = TimeSpan.Parse(timeout, CultureInfo.InvariantCulture);
        }
    });
    return services.BuildServiceProvider();
}).ToArray();
var evaluators = nodes.Select(node => node.GetRequiredService<OutboundCallEvaluator>()).ToArray();
var operationTimeout = nodes[0].GetRequiredService<Microsoft.Extensions.Options.IOptions<ChinaDial.Compliance.Redis.RedisComplianceOptions>>().Value.OperationTimeout;

var sequence = 0L;
async Task<(long Took, CallDecision Decision)> Decide()
{
    var n = Interlocked.Increment(ref sequence);
    var call = new OutboundCall(callerIds[n % callerIds.Length], $"+86138{n % 100_000_000:D8}", CallPurpose.Service);
    var started = Stopwatch.GetTimestamp();
    var decision = await evaluators[n % evaluators.Length].EvaluateAsync(call);
    var took = Stopwatch.GetTimestamp() - started;
    decision.Ticket?.Complete(new CallOutcome(Answered: true, Duration: TimeSpan.FromSeconds(60)));
    return (took, decision);
}

// Readiness: each node's health check answers (what a host waits for before dialling, like the dialer sample).
foreach (var node in nodes)
{
    var health = node.GetRequiredService<ChinaDial.Compliance.Redis.RedisComplianceHealthCheck>();
    while ((await health.CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext())).Status == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy)
    {
        await Task.Delay(100);
    }
}

// Warm-up (--warm-up seconds, 0 to measure from the start): every node connected, its scripts loaded and its code
// compiled, before anything is measured.
var warmUp = Stopwatch.GetTimestamp();
while (Stopwatch.GetElapsedTime(warmUp) < warmUpFor)
{
    await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Decide()));
}

var latencies = new long[(int)(Math.Max(rate, callers * 5_000) * duration.TotalSeconds) + 1];
var verdicts = new int[4];
var count = 0;
void Record((long Took, CallDecision Decision) result)
{
    var i = Interlocked.Increment(ref count) - 1;
    if (i < latencies.Length)
    {
        latencies[i] = result.Took;
    }

    Interlocked.Increment(ref verdicts[result.Decision.Reasons.Contains(ReasonCode.PolicyError) ? 3 : (int)result.Decision.Verdict]);
}

var start = Stopwatch.GetTimestamp();
if (mode == "closed")
{
    await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
    {
        while (Stopwatch.GetElapsedTime(start) < duration)
        {
            Record(await Decide());
        }
    })));
}
else
{
    var pending = new System.Collections.Generic.List<Task>();
    var interval = TimeSpan.FromSeconds(1.0 / rate);
    for (var i = 0; i < (int)(rate * duration.TotalSeconds); i++)
    {
        var due = interval * i - Stopwatch.GetElapsedTime(start);
        if (due > TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(due);
        }

        pending.Add(Task.Run(async () => Record(await Decide())));
    }

    await Task.WhenAll(pending);
}

var elapsed = Stopwatch.GetElapsedTime(start);
var sorted = latencies[..Math.Min(count, latencies.Length)];
Array.Sort(sorted);
string Ms(double quantile) => (sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))] * 1000.0 / Stopwatch.Frequency).ToString("F2", CultureInfo.InvariantCulture);
ThreadPool.GetMinThreads(out var workers, out _);
Console.WriteLine("| topology | mode | nodes | load | OperationTimeout | pool min | decisions | decisions/s | p50 ms | p99 ms | p99.9 ms | max ms | allowed | deferred | denied | policy_error |");
Console.WriteLine("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {topology} | {mode} | {nodeCount} | {(mode == "closed" ? $"{callers} callers" : $"{rate}/s")} | {operationTimeout.TotalMilliseconds} ms | {workers} | {count} | {count / elapsed.TotalSeconds:F0} | {Ms(0.5)} | {Ms(0.99)} | {Ms(0.999)} | {Ms(1)} | {verdicts[0]} | {verdicts[1]} | {verdicts[2]} | {verdicts[3]} |"));
foreach (var node in nodes)
{
    node.Dispose();
}

string Option(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}
