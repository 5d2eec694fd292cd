using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit.Abstractions;

namespace ChinaDial.Compliance.Redis.Tests;

/// <summary>
/// Redis Cluster as a tested topology (issue 17): a real cluster of three masters and three replicas started by the
/// test, four dialer nodes (one DI container each) deciding 300 calls a second for 200 caller IDs, a master killed
/// (SIGKILL) in the middle of the run. Runs alone (with the outage tests): its timing is part of what it checks.
/// </summary>
[Collection(RedisOutages.Name)]
public class RedisClusterTests(ITestOutputHelper output)
{
    private const int Limit = 5;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Four_nodes_on_a_real_cluster_never_admit_more_than_the_limit_in_any_window_by_Redis_TIME_and_a_killed_master_fails_its_slots_closed_until_its_replica_takes_over()
    {
        using var cluster = new RedisCluster();
        var callerIds = Enumerable.Range(0, 200).Select(i => $"+1206555{2000 + i}").ToArray();
        var prefix = $"cluster-{Guid.NewGuid():N}";
        var nodes = Enumerable.Range(0, 4).Select(_ => new RedisDialerNode(cluster.Configuration, prefix, options =>
        {
            options.CallerIds.Approved = [.. callerIds];
            options.CallerIdRate.Limit = Limit;
            options.CallerIdRate.Window = Window;
            options.Evaluator.PolicyTimeout = TimeSpan.FromSeconds(5);
        }, redis => redis.OperationTimeout = Timeout)).ToArray();
        try
        {
            // Each node's evaluator with its caller-ID rate policy wrapped, to keep the server instant of every call
            // the node finally allowed.
            var recorders = nodes.Select(node => new RecordingPolicy((IReservingCallPolicy)node.Evaluator.Policies.Single(p => p.Name == BuiltInPolicyNames.CallerIdRate))).ToArray();
            var evaluators = nodes.Select((node, n) => new OutboundCallEvaluator(
                node.Evaluator.Policies.Select(p => p.Name == BuiltInPolicyNames.CallerIdRate ? recorders[n] : p),
                new OutboundCallEvaluatorOptions { PolicyTimeout = TimeSpan.FromSeconds(5) },
                TimeProvider.System)).ToArray();
            var keys = new RedisKeyspace(prefix, RedisNode.Secret);
            int SlotOf(string number) => ClusterSlots.Of(System.Text.Encoding.ASCII.GetBytes(keys.Tag(PhoneNumberClassifier.Classify(number).Key)));
            foreach (var evaluator in evaluators)
            {
                var last = default(CallDecision);
                await Eventually(async () => (last = await evaluator.EvaluateAsync(new OutboundCall(callerIds[^1], $"+86137{Random.Shared.Next(100_000_000):D8}", CallPurpose.Service))).IsAllowed, because: () => $"the warm-up decision: {last.Verdict} {last.Reasons}; logs: {string.Join(Environment.NewLine, nodes[0].Logs.Lines.TakeLast(5))}");
            }

            Assert.Equal(HealthStatus.Healthy, (await nodes[0].HealthCheck.CheckHealthAsync(new HealthCheckContext())).Status);

            // 300 decisions a second, open loop (3 every 10 ms on a fixed schedule), for 24 s; the master of the first
            // caller ID's slot is killed at 8 s.
            var masters = cluster.SlotMasters();
            var victimSlot = SlotOf(callerIds[0]);
            var victimPort = masters[victimSlot];
            var decisions = new ConcurrentBag<(long Started, TimeSpan Took, bool TouchesVictim, CallDecision Decision)>();
            var run = Stopwatch.GetTimestamp();
            long killedAt = 0;
            var pending = new List<Task>();
            for (var tick = 0; tick < 2_400; tick++)
            {
                if (killedAt == 0 && tick == 800)
                {
                    var victim = cluster.Nodes.Single(node => node.Port == victimPort);
                    using (var kill = Process.Start("kill", $"-KILL {victim.ProcessId}")!)
                    {
                        kill.WaitForExit();
                    }

                    killedAt = Stopwatch.GetTimestamp();
                }

                for (var i = 0; i < 3; i++)
                {
                    var n = (3 * tick) + i;
                    var callerId = callerIds[n % callerIds.Length];
                    var destination = $"+86138{n:D8}";
                    var touches = masters[SlotOf(callerId)] == victimPort || masters[SlotOf(destination)] == victimPort;
                    pending.Add(Task.Run(async () =>
                    {
                        var started = Stopwatch.GetTimestamp();
                        var decision = await evaluators[n % evaluators.Length].EvaluateAsync(new OutboundCall(callerId, destination, CallPurpose.Service));
                        decisions.Add((started, Stopwatch.GetElapsedTime(started), touches, decision));
                        decision.Ticket?.Complete(new CallOutcome(Answered: true, Duration: TimeSpan.FromSeconds(60)));
                    }));
                }

                var next = TimeSpan.FromMilliseconds(10 * (tick + 1)) - Stopwatch.GetElapsedTime(run);
                if (next > TimeSpan.Zero)
                {
                    await Task.Delay(next);
                }
            }

            await Task.WhenAll(pending);
            var failedOver = cluster.SlotMasters()[victimSlot];

            // Over-admission, by Redis's TIME: per caller ID, no window (t - W, t] holds more than Limit committed calls.
            var window = Window.Ticks / 10;
            var overAdmissions = 0;
            foreach (var calls in recorders.SelectMany(r => r.Committed).GroupBy(c => c.CallerId))
            {
                var instants = calls.Select(c => c.Instant).Order().ToArray();
                for (var i = Limit; i < instants.Length; i++)
                {
                    overAdmissions += instants[i] - instants[i - Limit] < window ? 1 : 0;
                }
            }

            // The outage of the killed master's slots: from the kill to the first call allowed that needed them (an
            // allowed call was decided by Redis in every part: the caller ID's slot and the callee's).
            var all = decisions.ToArray();
            TimeSpan Since(long started) => Stopwatch.GetElapsedTime(killedAt, started);
            var afterKill = all.Where(d => d.Started >= killedAt).ToArray();
            var recovered = afterKill.Where(d => d.TouchesVictim && d.Decision.IsAllowed).Select(d => Since(d.Started)).DefaultIfEmpty(TimeSpan.MaxValue).Min();
            var outage = afterKill.Where(d => Since(d.Started) < recovered).ToArray();
            var failedClosed = outage.Count(d => d.TouchesVictim && d.Decision.Reasons.Contains(ReasonCode.PolicyError));
            var otherSlots = outage.Count(d => !d.TouchesVictim && !d.Decision.Reasons.Contains(ReasonCode.PolicyError));
            var slowest = all.Max(d => d.Took);
            output.WriteLine($"{all.Length} decisions, {recorders.Sum(r => r.Committed.Count)} calls allowed, {overAdmissions} over-admissions; {all.Count(d => d.Decision.Reasons.Contains(ReasonCode.PolicyError))} denied with policy_error; the killed master's slots (port {victimPort}) were served by its replica (port {failedOver}) and decided again {recovered.TotalSeconds:F1} s after the kill; meanwhile {outage.Count(d => d.TouchesVictim)} decisions needed them ({failedClosed} denied with policy_error, none allowed) and {otherSlots} of {outage.Count(d => !d.TouchesVictim)} on the other masters' slots were decided; slowest decision {slowest.TotalMilliseconds:F0} ms");

            Assert.Equal(0, overAdmissions);
            Assert.True(all.Length >= 7_000, $"{all.Length} decisions");
            Assert.True(slowest <= Timeout + Slack, $"slowest decision {slowest.TotalMilliseconds} ms");
            Assert.NotEqual(victimPort, failedOver);
            Assert.NotEqual(0, failedOver);
            Assert.True(recovered < TimeSpan.FromSeconds(10), $"the killed master's slots decided again after {recovered}");
            Assert.DoesNotContain(outage, d => d.TouchesVictim && d.Decision.IsAllowed);
            Assert.True(failedClosed > outage.Count(d => d.TouchesVictim) / 2, $"{failedClosed} of {outage.Count(d => d.TouchesVictim)} denied with policy_error");
            Assert.True(otherSlots > outage.Count(d => !d.TouchesVictim) * 9 / 10, $"{otherSlots} of {outage.Count(d => !d.TouchesVictim)} decided");
            Assert.DoesNotContain(all, d => d.Decision.Reasons.Contains(ReasonCode.PolicyError) && !d.TouchesVictim && (d.Started < killedAt || Since(d.Started) > recovered + TimeSpan.FromSeconds(2)));

            // The replica that took over has no replica of its own, and no append-only file: not durable any more.
            await Eventually(async () => (await nodes[1].HealthCheck.CheckHealthAsync(new HealthCheckContext())).Status == HealthStatus.Degraded, TimeSpan.FromSeconds(75));
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
        }
    }

    private static async Task Eventually(Func<Task<bool>> condition, TimeSpan? limit = null, Func<string>? because = null)
    {
        var started = Stopwatch.GetTimestamp();
        while (!await condition())
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < (limit ?? TimeSpan.FromSeconds(20)), $"not within the time limit: {because?.Invoke()}");
            await Task.Delay(100);
        }
    }
}
