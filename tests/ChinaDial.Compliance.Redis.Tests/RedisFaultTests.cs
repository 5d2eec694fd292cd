using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis.Tests;

/// <summary>The outage tests measure how long a decision takes: they run alone, after the parallel tests, so that no
/// CPU-bound test holds the thread pool's workers while a timeout's continuation waits for one.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisOutages
{
    public const string Name = "Redis outages";
}

/// <summary>Each test breaks its own redis-server: killed (SIGKILL) or hung (SIGSTOP) in the middle of a run.</summary>
[Collection(RedisOutages.Name)]
public class RedisFaultTests
{
    /// <summary>The configured timeout: a hundred milliseconds (the default is 200 ms), with room for a
    /// loaded machine before the outage.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Time for the decision itself beside the timeout (a loaded 2-core machine schedules late).</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(200);

    /// <summary>The slack the README states for a denial on a hung server: every part of a decision within
    /// <c>OperationTimeout</c> and this.</summary>
    private static readonly TimeSpan DeadlineSlack = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void The_test_host_keeps_more_thread_pool_workers_ready_than_its_own_two_blocked_ones()
    {
        // See the test project: without it, the timed tests below wait up to a second for a worker now and then.
        ThreadPool.GetMinThreads(out var workers, out _);
        Assert.True(workers >= 16, $"the thread pool's minimum is {workers} workers");
    }

    [Fact]
    public Task Killing_redis_denies_every_call_with_policy_error_within_the_timeout_and_decisions_recover_without_over_admission()
        => OutageRun(server => server.Kill(), server => server.Start());

    [Fact]
    public Task Hanging_redis_denies_every_call_with_policy_error_within_the_timeout_and_decisions_recover_without_over_admission()
        => OutageRun(server => server.Pause(), server => server.Resume());

    [Fact]
    public async Task An_opt_out_Redis_did_not_acknowledge_throws_and_an_acknowledged_one_survives_a_kill()
    {
        using var server = new RedisServer();
        using var node = new RedisNode(server, "optout", options => options.OperationTimeout = Timeout);
        var store = new RedisConsentStore(node.Gateway);
        await WarmUp(node);
        var at = new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
        await store.OptOutAsync("+8613800138000", null, at);

        server.Kill();
        var error = await Record.ExceptionAsync(() => store.OptOutAsync("+8613900139000", CallPurpose.Marketing, at));
        Assert.NotNull(error);
        Assert.True(RedisGateway.IsOutage(error), error.ToString());
        var health = await new RedisComplianceHealthCheck(node.Gateway).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, health.Status);

        server.Start();
        await Eventually(async () => (await new RedisComplianceHealthCheck(node.Gateway).CheckHealthAsync(new HealthCheckContext())).Status == HealthStatus.Healthy);
        Assert.Equal(ConsentStatus.OptedOut, await store.GetStatusAsync(PhoneNumberClassifier.Classify("+8613800138000"), CallPurpose.Service, at, default));
        Assert.Equal(ConsentStatus.None, await store.GetStatusAsync(PhoneNumberClassifier.Classify("+8613900139000"), CallPurpose.Marketing, at, default));
    }

    [Fact]
    public async Task With_the_local_fallback_a_node_admits_its_share_of_the_limit_while_redis_is_down()
    {
        using var server = new RedisServer();
        var compliance = new ChinaDialComplianceOptions { CallerIdRate = { Limit = 5, Window = TimeSpan.FromMinutes(1) } };
        using var node = new RedisNode(server, "fallback", options =>
        {
            options.OperationTimeout = Timeout;
            options.FailureMode = RedisFailureMode.LocalFallback;
            options.ExpectedNodes = 2;
        }, compliance);
        server.Kill();

        var verdicts = new List<CallVerdict>();
        for (var i = 0; i < 4; i++)
        {
            verdicts.Add((await node.CallerIdRate.EvaluateAsync(RedisNode.Context(), default)).Verdict);
        }

        // 5 / 2 nodes = 2 per minute on this node.
        Assert.Equal([CallVerdict.Allow, CallVerdict.Allow, CallVerdict.Defer, CallVerdict.Defer], verdicts);
        var health = await new RedisComplianceHealthCheck(node.Gateway).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, health.Status);
    }

    [Fact]
    public async Task Decisions_queued_behind_a_hung_run_fail_with_policy_error_within_their_own_timeout()
    {
        // Two decisions at t = 0: the first one's run goes out and times out at 600 ms, the second waits for it. 46
        // more arrive at 300 ms and wait too. At 600 ms their run goes out with what is left of the earliest deadline
        // among them (the second decision's: none) and fails at once. Given a fresh timeout when sent, it would fail at
        // 1,200 ms instead, 1,200 ms after the second decision arrived.
        var timeout = TimeSpan.FromMilliseconds(600);
        using var server = new RedisServer();
        using var node = new RedisNode(server, "queued", options => options.OperationTimeout = timeout);
        var evaluator = new OutboundCallEvaluator([node.CallerIdRate], new OutboundCallEvaluatorOptions { PolicyTimeout = TimeSpan.FromSeconds(5) }, TimeProvider.System);
        await WarmUp(node);

        server.Pause();
        try
        {
            var paused = Stopwatch.GetTimestamp();
            Task<(CallDecision Decision, TimeSpan Took, TimeSpan Arrived)> Decide(int i) => Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                var decision = await evaluator.EvaluateAsync(new OutboundCall($"+1206555{2000 + i}", "+8613800138000", CallPurpose.Service));
                return (decision, Stopwatch.GetElapsedTime(started), Stopwatch.GetElapsedTime(paused, started));
            });

            var first = Enumerable.Range(0, 2).Select(Decide).ToArray();
            await Task.Delay(300);
            var queued = Enumerable.Range(2, 46).Select(Decide).ToArray();
            var decisions = await Task.WhenAll(first.Concat(queued));

            Assert.All(decisions, d => Assert.Equal((CallVerdict.Deny, ReasonCodeSet.Of(ReasonCode.PolicyError)), (d.Decision.Verdict, d.Decision.Reasons)));
            var slowest = decisions.Max(d => d.Took);
            var late = string.Join(", ", decisions.OrderByDescending(d => d.Took).Take(3).Select(d => $"arrived {d.Arrived.TotalMilliseconds:F0} ms, took {d.Took.TotalMilliseconds:F0} ms"));
            Assert.True(slowest <= timeout + TimeSpan.FromMilliseconds(200), $"slowest decision: {slowest.TotalMilliseconds} ms (timeout {timeout.TotalMilliseconds} ms); slowest three after the pause: {late}");
        }
        finally
        {
            server.Resume();
        }
    }

    [Fact]
    public async Task A_decision_waiting_behind_a_hung_run_gives_up_as_soon_as_its_caller_cancels()
    {
        using var server = new RedisServer();
        using var node = new RedisNode(server, "cancel", options => options.OperationTimeout = TimeSpan.FromSeconds(5));
        await WarmUp(node);
        var trips = node.CallerIdRate.State!.RoundTrips;

        server.Pause();
        try
        {
            // The first decision's run is in flight, the second and third went out together as a second run (both
            // hang); the fourth waits in the lane behind them until its caller cancels it.
            var inFlight = new[] { "+12065552100", "+12065552101", "+12065552102" }.Select(c => node.CallerIdRate.EvaluateAsync(RedisNode.Context(c), default).AsTask()).ToArray();
            Assert.Equal(2, node.CallerIdRate.State!.RoundTrips - trips);
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
            var started = Stopwatch.GetTimestamp();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => node.CallerIdRate.EvaluateAsync(RedisNode.Context("+12065552103"), cancellation.Token).AsTask());
            Assert.Equal(2, node.CallerIdRate.State!.RoundTrips - trips);
            Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(2), $"gave up after {Stopwatch.GetElapsedTime(started).TotalMilliseconds} ms");
            Assert.All(inFlight, task => Assert.False(task.IsCompleted));
        }
        finally
        {
            server.Resume();
        }
    }

    [Fact]
    public async Task Beside_a_run_in_flight_a_second_goes_out_once_as_many_decisions_wait_as_the_last_run_carried_and_no_third()
    {
        using var server = new RedisServer();
        using var node = new RedisNode(server, "second-run", options => options.OperationTimeout = TimeSpan.FromSeconds(5));
        await WarmUp(node);
        var log = node.CallerIdRate.State!;
        var trips = log.RoundTrips;
        var callerId = 2200;
        Task Decide() => node.CallerIdRate.EvaluateAsync(RedisNode.Context($"+1206555{callerId++}"), default).AsTask();

        server.Pause();
        try
        {
            var decisions = new List<Task> { Decide() }; // a lone decision goes out at once
            Assert.Equal(1, log.RoundTrips - trips);
            decisions.Add(Decide()); // one waits: fewer than two
            Assert.Equal(1, log.RoundTrips - trips);
            decisions.Add(Decide()); // two wait: as many as the last run carried, and two
            Assert.Equal(2, log.RoundTrips - trips);
            for (var i = 0; i < 10; i++)
            {
                decisions.Add(Decide()); // two runs in flight: the rest wait
            }

            Assert.Equal(2, log.RoundTrips - trips);
            Assert.All(decisions, task => Assert.False(task.IsCompleted));
        }
        finally
        {
            server.Resume();
        }
    }

    [Fact]
    public async Task Every_part_of_a_decision_fails_closed_within_one_operation_timeout_on_a_hung_server()
    {
        // Health (quarantine), consent, destination caps, caller-ID rate and calls in progress all need Redis; they share
        // one deadline of OperationTimeout from the first of them, so a hung server costs one timeout, not one per part.
        using var server = new RedisServer();
        using var node = new RedisDialerNode(server.Configuration, "deadline", options => options.Evaluator.PolicyTimeout = TimeSpan.FromSeconds(5), redis => redis.OperationTimeout = Timeout);
        await Eventually(async () => (await node.Evaluate(TestNumbers.UsCallerId2, "+8613900000000")).IsAllowed);

        server.Pause();
        try
        {
            var took = new List<TimeSpan>();
            for (var i = 0; i < 8; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var decision = await node.Evaluate(destination: $"+86138{i:D8}", purpose: CallPurpose.Marketing);
                took.Add(Stopwatch.GetElapsedTime(started));
                Assert.Equal((CallVerdict.Deny, ReasonCodeSet.Of(ReasonCode.PolicyError)), (decision.Verdict, decision.Reasons));
            }

            Assert.True(took.Max() <= Timeout + DeadlineSlack, $"decisions took {string.Join(", ", took.Select(t => $"{t.TotalMilliseconds:F0}"))} ms (timeout {Timeout.TotalMilliseconds} ms, slack {DeadlineSlack.TotalMilliseconds} ms)");
        }
        finally
        {
            server.Resume();
        }
    }

    [Fact]
    public async Task An_admission_whose_answer_comes_after_its_deadline_is_given_back_so_the_full_limit_is_still_there()
    {
        using var server = new RedisServer();
        using var node = new RedisDialerNode(server.Configuration, "late", options =>
        {
            options.CallerIdRate.Limit = 3;
            options.DestinationFrequency.Enabled = false;
        }, redis => redis.OperationTimeout = Timeout);
        await Eventually(async () => (await node.Evaluate(TestNumbers.UsCallerId2)).IsAllowed);
        var state = ((RedisCallerIdRatePolicy)node.Evaluator.Policies.Single(p => p.Name == BuiltInPolicyNames.CallerIdRate)).State!;

        server.Pause();
        CallDecision late;
        try
        {
            late = await node.Evaluate();
            await Task.Delay(Timeout * 3); // the script waits in the server's socket while the decision is given up
        }
        finally
        {
            server.Resume();
        }

        // The run's answer arrives after the resume: it admitted the call, which nobody placed, so it is given back.
        Assert.Equal(ReasonCodeSet.Of(ReasonCode.PolicyError), late.Reasons);
        await Eventually(() => Task.FromResult(state.Batcher.LateGiveBacks == 1));
        await node.Flush();
        var after = new List<CallVerdict>();
        for (var i = 0; i < 4; i++)
        {
            after.Add((await node.Evaluate(destination: $"+86138{i:D8}")).Verdict);
        }

        Assert.Equal([CallVerdict.Allow, CallVerdict.Allow, CallVerdict.Allow, CallVerdict.Defer], after);
    }

    private static async Task OutageRun(Action<RedisServer> breakIt, Action<RedisServer> repair)
    {
        using var server = new RedisServer();
        var compliance = new ChinaDialComplianceOptions { CallerIdRate = { Limit = 5, Window = TimeSpan.FromSeconds(30) } };
        using var node = new RedisNode(server, "outage", options => options.OperationTimeout = Timeout, compliance);
        var recorder = new RecordingPolicy(node.CallerIdRate);
        var evaluator = new OutboundCallEvaluator([recorder], new OutboundCallEvaluatorOptions(), TimeProvider.System);
        var call = new OutboundCall("+12065550100", "+8613800138000", CallPurpose.Service);
        await WarmUp(node);

        // Before: the whole quota of the window is used.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(CallVerdict.Allow, (await evaluator.EvaluateAsync(call)).Verdict);
        }

        breakIt(server);
        var slowest = TimeSpan.Zero;
        var outage = Stopwatch.StartNew();
        var during = new List<string>(); // "ms deciding + ms in the 10 ms pause after", for the failure messages
        while (outage.Elapsed < TimeSpan.FromSeconds(2))
        {
            var started = Stopwatch.GetTimestamp();
            var decision = await evaluator.EvaluateAsync(call);
            var took = Stopwatch.GetElapsedTime(started);
            slowest = took > slowest ? took : slowest;
            Assert.Equal(CallVerdict.Deny, decision.Verdict);
            Assert.Equal(ReasonCodeSet.Of(ReasonCode.PolicyError), decision.Reasons);
            var pause = Stopwatch.GetTimestamp();
            await Task.Delay(10);
            during.Add($"{took.TotalMilliseconds:F0}+{Stopwatch.GetElapsedTime(pause).TotalMilliseconds:F0}");
        }

        var each = $"each decision (ms deciding + ms pausing): {string.Join(", ", during)}";
        Assert.True(slowest <= Timeout + Slack, $"slowest decision during the outage: {slowest.TotalMilliseconds} ms; {each}");
        Assert.True(during.Count > 20, $"{during.Count} decisions; {each}");

        // After: the same evaluator and connection recover; the quota used before the outage still counts.
        repair(server);
        CallDecision after = default;
        await Eventually(async () => !(after = await evaluator.EvaluateAsync(call)).Reasons.Contains(ReasonCode.PolicyError));
        Assert.Equal(CallVerdict.Defer, after.Verdict);
        for (var i = 0; i < 20; i++)
        {
            Assert.NotEqual(CallVerdict.Allow, (await evaluator.EvaluateAsync(call)).Verdict);
        }

        // Another caller ID, untouched before the outage, gets exactly its quota.
        var other = new RecordingPolicy(node.CallerIdRate);
        var otherEvaluator = new OutboundCallEvaluator([other], new OutboundCallEvaluatorOptions(), TimeProvider.System);
        for (var i = 0; i < 20; i++)
        {
            await otherEvaluator.EvaluateAsync(call with { CallerId = "+12065550101" });
        }

        Assert.Equal(5, other.Admitted.Count);

        var admitted = recorder.Admitted.Order().ToList();
        var window = 30_000_000L;
        foreach (var t in admitted)
        {
            Assert.True(admitted.Count(s => s > t - window && s <= t) <= 5, "over-admission after recovery");
        }
    }

    /// <summary>Before the run: the connection is up, the script is loaded and the decision path has been compiled (the
    /// first decision of a fresh process and connection may take longer than the timeout on a loaded machine). The
    /// warm-up decisions are for a caller ID the run does not use.</summary>
    private static async Task WarmUp(RedisNode node)
    {
        await Eventually(async () => (await new RedisComplianceHealthCheck(node.Gateway).CheckHealthAsync(new HealthCheckContext())).Status == HealthStatus.Healthy);
        var warmUp = new OutboundCallEvaluator([node.CallerIdRate], new OutboundCallEvaluatorOptions(), TimeProvider.System);
        await Eventually(async () => (await warmUp.EvaluateAsync(new OutboundCall("+12065550199", "+8613800138000", CallPurpose.Service))).IsAllowed);
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "did not recover within 20 s");
            await Task.Delay(100);
        }
    }
}
