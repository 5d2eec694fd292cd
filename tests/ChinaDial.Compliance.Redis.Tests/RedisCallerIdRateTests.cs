
namespace ChinaDial.Compliance.Redis.Tests;

[Collection(SharedRedis.Name)]
public class RedisCallerIdRateTests(RedisServer server)
{
    [Fact]
    public async Task Four_nodes_hammering_one_caller_ID_for_ten_seconds_never_admit_more_than_the_limit_in_any_window()
    {
        var compliance = new ChinaDialComplianceOptions { CallerIdRate = { Limit = 5, Window = TimeSpan.FromSeconds(1) } };
        var prefix = $"hammer-{Guid.NewGuid():N}";
        var nodes = Enumerable.Range(0, 4).Select(_ => new RedisNode(server, prefix, compliance: compliance)).ToArray();
        try
        {
            var admitted = new List<long>();
            var released = 0;
            var until = TimeProvider.System.GetTimestamp() + (10 * TimeProvider.System.TimestampFrequency);

            // Each node runs 4 callers on a seeded arrival schedule: bursts of back-to-back attempts, short and long gaps.
            // One admitted call in ten is then "denied by another policy" and gives its slot back.
            var callers = nodes.SelectMany((node, n) => Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
            {
                var random = new Random((n * 4) + c);
                var mine = new List<long>();
                while (TimeProvider.System.GetTimestamp() < until)
                {
                    for (var burst = random.Next(1, 8); burst > 0; burst--)
                    {
                        var context = RedisNode.Context();
                        var result = await node.CallerIdRate.EvaluateAsync(context, CancellationToken.None);
                        if (result.Verdict != CallVerdict.Allow)
                        {
                            Assert.Equal(ReasonCodeSet.Of(ReasonCode.CallerIdRateLimited), result.Reasons);
                            continue;
                        }

                        if (random.Next(10) == 0)
                        {
                            node.CallerIdRate.Release(context, result);
                            Interlocked.Increment(ref released);
                        }
                        else
                        {
                            mine.Add(result.ReservationValue);
                        }
                    }

                    await Task.Delay(random.Next(0, 4) switch { 0 => 0, 1 => 3, 2 => 17, _ => 120 });
                }

                lock (admitted)
                {
                    admitted.AddRange(mine);
                }
            }))).ToArray();
            await Task.WhenAll(callers);

            admitted.Sort();
            var window = 1_000_000L; // µs
            for (var i = 0; i < admitted.Count; i++)
            {
                var inWindow = admitted.Count(t => t > admitted[i] - window && t <= admitted[i]);
                Assert.True(inWindow <= 5, $"{inWindow} admitted calls in the second ending at {admitted[i]}");
            }

            // Ten seconds at 5 per second: close to 50 admitted calls (the limit is reached, not merely respected).
            Assert.InRange(admitted.Count, 40, 55);
            Assert.True(released > 0);
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_deferred_caller_ID_is_answered_locally_until_its_not_before_without_a_round_trip()
    {
        var compliance = new ChinaDialComplianceOptions { CallerIdRate = { Limit = 2, Window = TimeSpan.FromMinutes(1) } };
        using var node = new RedisNode(server, $"local-{Guid.NewGuid():N}", compliance: compliance);
        Assert.Equal(CallVerdict.Allow, (await node.CallerIdRate.EvaluateAsync(RedisNode.Context(), default)).Verdict);
        Assert.Equal(CallVerdict.Allow, (await node.CallerIdRate.EvaluateAsync(RedisNode.Context(), default)).Verdict);
        var deferred = await node.CallerIdRate.EvaluateAsync(RedisNode.Context(), default);
        Assert.Equal(CallVerdict.Defer, deferred.Verdict);
        var trips = node.CallerIdRate.State!.RoundTrips;

        for (var i = 0; i < 100; i++)
        {
            var again = await node.CallerIdRate.EvaluateAsync(RedisNode.Context(), default);
            Assert.Equal(CallVerdict.Defer, again.Verdict);
            Assert.Equal(deferred.NotBefore, again.NotBefore);
        }

        Assert.Equal(trips, node.CallerIdRate.State!.RoundTrips);

        // The first instant it admits again, by the server's clock: a minute after the first admission.
        Assert.InRange(deferred.NotBefore!.Value - TimeProvider.System.GetUtcNow(), TimeSpan.FromSeconds(50), TimeSpan.FromMinutes(1));
        Assert.Equal(CallVerdict.Allow, (await node.CallerIdRate.EvaluateAsync(RedisNode.Context("+12065550101"), default)).Verdict);
    }

    [Fact]
    public async Task A_reservation_given_back_on_another_node_frees_the_slot_for_every_node()
    {
        var compliance = new ChinaDialComplianceOptions { CallerIdRate = { Limit = 1, Window = TimeSpan.FromMinutes(1) } };
        var prefix = $"release-{Guid.NewGuid():N}";
        using var a = new RedisNode(server, prefix, compliance: compliance);
        using var b = new RedisNode(server, prefix, compliance: compliance);
        var context = RedisNode.Context();
        var first = await a.CallerIdRate.EvaluateAsync(context, default);
        Assert.Equal(CallVerdict.Allow, first.Verdict);
        a.CallerIdRate.Release(context, first);
        await a.Connection.GetDatabase().PingAsync(); // the release is fire-and-forget on the same connection: flushed before

        Assert.Equal(CallVerdict.Allow, (await b.CallerIdRate.EvaluateAsync(RedisNode.Context(), default)).Verdict);
        Assert.Equal(CallVerdict.Defer, (await a.CallerIdRate.EvaluateAsync(RedisNode.Context(), default)).Verdict);
    }

    [Fact]
    public async Task Destination_caps_hold_across_nodes_per_callee_and_per_pair_in_one_round_trip()
    {
        var compliance = new ChinaDialComplianceOptions
        {
            DestinationFrequency = { PerDestination = [new FrequencyCap(3, TimeSpan.FromMinutes(1))], PerCallerIdAndDestination = [new FrequencyCap(2, TimeSpan.FromMinutes(1))] },
        };
        var prefix = $"freq-{Guid.NewGuid():N}";
        using var a = new RedisNode(server, prefix, compliance: compliance);
        using var b = new RedisNode(server, prefix, compliance: compliance);

        Assert.Equal(CallVerdict.Allow, (await a.DestinationFrequency.EvaluateAsync(RedisNode.Context("+12065550100"), default)).Verdict);
        Assert.Equal(CallVerdict.Allow, (await b.DestinationFrequency.EvaluateAsync(RedisNode.Context("+12065550100"), default)).Verdict);
        var pair = await a.DestinationFrequency.EvaluateAsync(RedisNode.Context("+12065550100"), default);
        Assert.Equal(CallVerdict.Defer, pair.Verdict); // third call of the pair
        Assert.Equal(ReasonCodeSet.Of(ReasonCode.DestinationFrequencyExceeded), pair.Reasons);

        Assert.Equal(CallVerdict.Allow, (await b.DestinationFrequency.EvaluateAsync(RedisNode.Context("+12065550101"), default)).Verdict);
        Assert.Equal(CallVerdict.Defer, (await a.DestinationFrequency.EvaluateAsync(RedisNode.Context("+12065550102"), default)).Verdict); // fourth call of the callee
        Assert.Equal(CallVerdict.Allow, (await a.DestinationFrequency.EvaluateAsync(RedisNode.Context("+12065550102", "+8613900139000"), default)).Verdict);
    }
}
