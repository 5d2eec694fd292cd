using Microsoft.Extensions.DependencyInjection;

namespace ChinaDial.Compliance.Redis.Tests;

/// <summary>State that every dialer node must share (issue 17): quarantine, calls in progress, click-to-dial caps.</summary>
[Collection(SharedRedis.Name)]
public class RedisSharedStateTests(RedisServer server)
{
    [Fact]
    public async Task A_caller_ID_quarantined_through_one_node_is_refused_on_another_at_its_next_decision_and_then_answered_there_without_a_round_trip()
    {
        var prefix = $"quarantine-{Guid.NewGuid():N}";
        void Health(ChinaDialComplianceOptions options)
        {
            options.CallerIdHealth.MinimumCalls = 5;
            options.CallerIdRate.Limit = 50;
            options.DestinationFrequency.Enabled = false;
        }

        using var a = new RedisDialerNode(server.Configuration, prefix, Health);
        using var b = new RedisDialerNode(server.Configuration, prefix, Health);
        Assert.True((await b.Evaluate()).IsAllowed);

        // Five calls through node A, none answered: A's monitor quarantines the caller ID (answer rate 0 < 0.15).
        for (var i = 0; i < 5; i++)
        {
            var decision = await a.Evaluate(destination: $"+86139{i:D8}");
            Assert.True(decision.IsAllowed, decision.Reasons.ToString());
            decision.Ticket!.Complete(new CallOutcome(Answered: false, Duration: TimeSpan.Zero));
        }

        Assert.True(a.Services.GetRequiredService<CallerIdHealthMonitor>().IsQuarantined(PhoneNumberClassifier.Classify(TestNumbers.UsCallerId), DateTimeOffset.UtcNow, out _));
        await a.Flush();

        var refused = await b.Evaluate();
        Assert.Equal(CallVerdict.Deny, refused.Verdict);
        Assert.Equal(ReasonCodeSet.Of(ReasonCode.CallerIdQuarantined), refused.Reasons);
        Assert.True((await b.Evaluate(TestNumbers.UsCallerId2)).IsAllowed);

        var rate = (RedisCallerIdRatePolicy)b.Evaluator.Policies.Single(p => p.Name == BuiltInPolicyNames.CallerIdRate);
        var trips = rate.State!.RoundTrips;
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(ReasonCodeSet.Of(ReasonCode.CallerIdQuarantined), (await b.Evaluate()).Reasons);
        }

        Assert.Equal(trips, rate.State.RoundTrips);
    }

    [Fact]
    public async Task Calls_in_progress_are_capped_across_nodes_and_a_completed_cancelled_or_lapsed_ticket_frees_its_place()
    {
        var prefix = $"in-progress-{Guid.NewGuid():N}";
        void Cap(ChinaDialComplianceOptions options)
        {
            options.Concurrency.MaxCallsInProgress = 2;
            options.CallerIdRate.Limit = 50;
            options.DestinationFrequency.Enabled = false;
            options.Evaluator.TicketLifetime = TimeSpan.FromSeconds(3);
        }

        using var a = new RedisDialerNode(server.Configuration, prefix, Cap);
        using var b = new RedisDialerNode(server.Configuration, prefix, Cap);

        var first = await a.Evaluate();
        var second = await b.Evaluate();
        Assert.True(first.IsAllowed && second.IsAllowed);
        var third = await a.Evaluate();
        Assert.Equal((CallVerdict.Defer, ReasonCodeSet.Of(ReasonCode.ConcurrencyLimited)), (third.Verdict, third.Reasons));
        Assert.InRange(third.NotBefore!.Value - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        Assert.True((await b.Evaluate(TestNumbers.UsCallerId2)).IsAllowed); // another caller ID has its own places

        // Completed on A: the place is free for B.
        Assert.True(first.Ticket!.Complete(new CallOutcome(true, TimeSpan.FromSeconds(40))));
        await a.Flush();
        var fourth = await b.Evaluate();
        Assert.True(fourth.IsAllowed, fourth.Reasons.ToString());
        Assert.Equal(ReasonCodeSet.Of(ReasonCode.ConcurrencyLimited), (await a.Evaluate()).Reasons);

        // Cancelled on B: free again.
        Assert.True(fourth.Ticket!.Cancel());
        await b.Flush();
        var fifth = await a.Evaluate();
        Assert.True(fifth.IsAllowed, fifth.Reasons.ToString());

        // Neither completed nor cancelled: both places lapse with their tickets (3 s on the server's clock).
        Assert.Equal(ReasonCodeSet.Of(ReasonCode.ConcurrencyLimited), (await b.Evaluate()).Reasons);
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        Assert.True((await b.Evaluate()).IsAllowed);
    }

    [Fact]
    public async Task Click_to_dial_caps_are_shared_by_the_guards_of_every_node()
    {
        var prefix = $"c2d-{Guid.NewGuid():N}";
        void Caps(ChinaDialComplianceOptions options)
        {
            options.ClickToDial.RequireAuthentication = false;
            options.ClickToDial.PerIpLimit = 2;
            options.ClickToDial.PerNumberLimit = 2;
        }

        using var a = new RedisDialerNode(server.Configuration, prefix, Caps);
        using var b = new RedisDialerNode(server.Configuration, prefix, Caps);

        // One address, three numbers, alternating nodes: the third request is over the address's cap of 2.
        Assert.Equal(ClickToDialOutcome.Accepted, (await a.Guard.EvaluateAsync(new("+8613800000001", "203.0.113.9", false))).Outcome);
        Assert.Equal(ClickToDialOutcome.Accepted, (await b.Guard.EvaluateAsync(new("+8613800000002", "203.0.113.9", false))).Outcome);
        var third = await a.Guard.EvaluateAsync(new("+8613800000003", "203.0.113.9", false));
        Assert.Equal((ClickToDialOutcome.ShadowAccepted, ReasonCodeSet.Of(ReasonCode.SuspectedFraud)), (third.Outcome, third.Reasons));

        // One number from many addresses: the number's cap of 2 holds across nodes too (the first is still pending).
        var number = "+8613800000009";
        var accepted = await b.Guard.EvaluateAsync(new(number, "198.51.100.1", false));
        Assert.True(await b.Guard.CompleteCallbackAsync(number, accepted.CallbackId));
        Assert.Equal(ClickToDialOutcome.Accepted, (await a.Guard.EvaluateAsync(new(number, "198.51.100.2", false))).Outcome);
        Assert.Equal(ReasonCodeSet.Of(ReasonCode.SuspectedFraud), (await b.Guard.EvaluateAsync(new(number, "198.51.100.3", false))).Reasons);
    }

    [Fact]
    public async Task Every_part_of_a_decision_answers_from_one_round_trip_of_each_script_and_a_denied_call_keeps_nothing()
    {
        var prefix = $"one-trip-{Guid.NewGuid():N}";
        using var node = new RedisDialerNode(server.Configuration, prefix, options => options.Concurrency.MaxCallsInProgress = 1);
        var rate = (RedisCallerIdRatePolicy)node.Evaluator.Policies.Single(p => p.Name == BuiltInPolicyNames.CallerIdRate);
        var decisions = node.Services.GetRequiredService<RedisDecisions>();

        // Marketing without consent: consent denies; the caller ID's rate entry and place are given back.
        var denied = await node.Evaluate(purpose: CallPurpose.Marketing);
        Assert.Equal(ReasonCodeSet.Of(ReasonCode.NoConsent), denied.Reasons);
        Assert.Equal(1, rate.State!.RoundTrips);
        Assert.Equal(0, decisions.Open);
        await node.Flush();

        var allowed = await node.Evaluate();
        Assert.True(allowed.IsAllowed, allowed.Reasons.ToString());
        Assert.Equal(2, rate.State.RoundTrips);
        Assert.Equal(0, decisions.Open);
    }

    [Fact]
    public async Task A_call_that_may_not_reserve_quota_a_preview_is_judged_for_quarantine_and_consent_and_takes_nothing()
    {
        var prefix = $"preview-{Guid.NewGuid():N}";
        using var node = new RedisDialerNode(server.Configuration, prefix);
        var decisions = node.Services.GetRequiredService<RedisDecisions>();
        var health = node.Evaluator.Policies.Single(p => p.Name == BuiltInPolicyNames.CallerIdHealth);
        var consent = node.Evaluator.Policies.Single(p => p.Name == BuiltInPolicyNames.Consent);
        var rate = node.Evaluator.Policies.Single(p => p.Name == BuiltInPolicyNames.CallerIdRate);

        // As the evaluator makes a preview: judged for a later instant, and only the policies that reserve nothing are asked.
        var preview = RedisNode.Preview();
        Assert.Equal(CallVerdict.Allow, (await health.EvaluateAsync(preview, default)).Verdict);
        Assert.Equal(CallVerdict.Allow, (await consent.EvaluateAsync(preview, default)).Verdict);
        Assert.Equal(0, decisions.Open);
        await Assert.ThrowsAsync<InvalidOperationException>(() => rate.EvaluateAsync(preview, default).AsTask());

        // Nothing was taken for the preview: the caller ID's hash holds no rate entry and no call in progress.
        var database = node.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>().GetDatabase();
        Assert.Equal(["~"], (await database.HashKeysAsync($"{prefix}:rate")).Select(f => (string)f!).ToArray());
        Assert.True((await node.Evaluate()).IsAllowed); // a call judged now takes its place
        Assert.Equal(3, (await database.HashKeysAsync($"{prefix}:rate")).Length);
    }

    [Fact]
    public async Task Health_is_judged_on_the_whole_fleets_calls_and_no_phone_number_reaches_the_outcome_stream()
    {
        var prefix = $"fleet-health-{Guid.NewGuid():N}";
        static void Options(ChinaDialComplianceOptions options)
        {
            options.CallerIdHealth.MinimumCalls = 10;
            options.CallerIdRate.Limit = 50;
            options.DestinationFrequency.Enabled = false;
        }

        using var a = new RedisDialerNode(server.Configuration, prefix, Options);
        using var b = new RedisDialerNode(server.Configuration, prefix, Options);
        var monitors = new[] { a, b }.Select(node => node.Services.GetRequiredService<CallerIdHealthMonitor>()).ToArray();
        var callerId = PhoneNumberClassifier.Classify(TestNumbers.UsCallerId);
        Assert.True((await a.Evaluate()).IsAllowed); // both nodes running: their outcome readers started
        Assert.True((await b.Evaluate()).IsAllowed);

        // Ten unanswered calls, five placed by each node: no node placed the ten calls its monitor needs to judge.
        var callees = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var callee = $"+86139{i:D8}";
            callees.Add(callee);
            var decision = await (i % 2 == 0 ? a : b).Evaluate(destination: callee);
            Assert.True(decision.IsAllowed, decision.Reasons.ToString());
            decision.Ticket!.Complete(new CallOutcome(Answered: false, Duration: TimeSpan.Zero));
        }

        // One callee reached by both nodes with two caller IDs: each monitor counts it once per caller ID.
        var shared = await a.Evaluate(TestNumbers.UsCallerId2, callees[1]);
        shared.Ticket!.Complete(new CallOutcome(Answered: true, Duration: TimeSpan.FromMinutes(2)));

        var feeds = new[] { a, b }.Select(node => node.Services.GetRequiredService<RedisOutcomeFeed>()).ToArray();
        await Eventually(() => monitors.All(m => m.IsQuarantined(callerId, DateTimeOffset.UtcNow, out _)), () => $"read {feeds[0].Read}/{feeds[1].Read}, unknown {feeds[0].Unknown}/{feeds[1].Unknown}, quarantined {string.Join(",", monitors.Select(m => m.IsQuarantined(callerId, DateTimeOffset.UtcNow, out _)))}, calls {string.Join(",", monitors.Select(m => m.GetReport(callerId, DateTimeOffset.UtcNow).Calls))}");
        await Eventually(() => monitors.All(m => m.CallerIdsToday(PhoneNumberClassifier.Classify(callees[1]), DateTimeOffset.UtcNow) == 2));
        Assert.Equal(ReasonCodeSet.Of(ReasonCode.CallerIdQuarantined), (await b.Evaluate()).Reasons);

        // The stream, like every key (click-to-dial counters too), holds keyed hashes only, and has a TTL.
        Assert.Equal(ClickToDialOutcome.Deflected, (await a.Guard.EvaluateAsync(new(callees[2], "203.0.113.77", false))).Outcome);
        var connection = a.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>();
        var database = connection.GetDatabase();
        var keys = connection.GetServer(connection.GetEndPoints()[0]).Keys(pattern: $"{prefix}:*").ToList();
        Assert.Contains(keys, key => ((string)key!).EndsWith(":outcomes", StringComparison.Ordinal));
        var forbidden = callees.Concat([TestNumbers.UsCallerId, TestNumbers.UsCallerId2, TestNumbers.CnMobile]).SelectMany(n => new[] { n.TrimStart('+'), n.TrimStart('+')[2..] }).ToArray();
        Assert.Contains(keys, key => ((string)key!).Contains(":c2d:", StringComparison.Ordinal));
        foreach (var key in keys)
        {
            var dump = System.Text.Encoding.Latin1.GetString(await database.KeyDumpAsync(key) ?? []);
            Assert.All(forbidden.Append("203.0.113.77"), digits => Assert.DoesNotContain(digits, (string)key! + dump, StringComparison.Ordinal));
            Assert.True(await database.KeyTimeToLiveAsync(key) is not null, $"{key} has no TTL");
        }
    }

    private static async Task Eventually(Func<bool> condition, Func<string>? state = null)
    {
        var waited = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!condition())
        {
            Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(waited) < TimeSpan.FromSeconds(20), $"not within 20 s: {state?.Invoke()}");
            await Task.Delay(50);
        }
    }
}
