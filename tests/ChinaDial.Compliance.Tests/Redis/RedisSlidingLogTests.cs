using System.Buffers.Binary;
using ChinaDial.Compliance.Redis;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Tests.Redis;

/// <summary>How the distributed sliding log sends its decisions (coalesced runs) and keeps its keys (the packed value
/// and its TTL).</summary>
[Collection(SharedRedis.Name)]
public class RedisSlidingLogTests(RedisServer server)
{
    [Fact]
    public async Task Concurrent_decisions_share_round_trips_and_each_caller_ID_still_gets_exactly_its_limit()
    {
        var compliance = new ChinaDialComplianceOptions { CallerIdRate = { Limit = 2, Window = TimeSpan.FromMinutes(1) } };
        using var node = new RedisNode(server, $"coalesce-{Guid.NewGuid():N}", compliance: compliance);
        Assert.Equal(CallVerdict.Allow, (await node.CallerIdRate.EvaluateAsync(RedisNode.Context("+12065550199"), default)).Verdict); // warm-up
        var before = node.CallerIdRate.Log!.RoundTrips;

        // 100 caller IDs, 3 concurrent attempts each, all at once.
        var callerIds = Enumerable.Range(0, 100).Select(i => $"+1206555{3000 + i}").ToArray();
        var attempts = Enumerable.Range(0, 300).Select(i => callerIds[i % 100]).ToArray();
        var results = await Task.WhenAll(attempts.Select(callerId => Task.Run(async () => (callerId, result: await node.CallerIdRate.EvaluateAsync(RedisNode.Context(callerId), default)))));

        foreach (var group in results.GroupBy(r => r.callerId))
        {
            Assert.Equal(2, group.Count(r => r.result.Verdict == CallVerdict.Allow));
            var deferred = Assert.Single(group, r => r.result.Verdict != CallVerdict.Allow).result;
            Assert.Equal(CallVerdict.Defer, deferred.Verdict);
            Assert.InRange(deferred.NotBefore!.Value - TimeProvider.System.GetUtcNow(), TimeSpan.FromSeconds(50), TimeSpan.FromMinutes(1));
        }

        // At least the 200 admissions were decided by Redis; one run per decision would be 200 round trips or more.
        var trips = node.CallerIdRate.Log.RoundTrips - before;
        Assert.True(trips < 200, $"{trips} round trips for 300 concurrent decisions");
    }

    [Fact]
    public async Task An_admission_keeps_the_keys_TTL_while_the_expiry_it_records_covers_the_window_and_renews_it_when_not()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        var database = connection.GetDatabase();
        RedisKey key = $"ttl-{Guid.NewGuid():N}:{{subject}}";
        var sequence = 0L;
        Task<RedisResult> Admit() => AdmitOne(database, key, RedisReservation.Name(++sequence));

        Assert.True((long)(await Admit())[0] > 0);
        var value = (byte[])(await database.StringGetAsync(key))!;
        Assert.Equal(8 + 24, value.Length); // the recorded expiry, one entry
        var recorded = DateTimeOffset.FromUnixTimeMilliseconds((long)BinaryPrimitives.ReadDoubleBigEndian(value));
        Assert.InRange(recorded - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(68), TimeSpan.FromSeconds(70));
        Assert.InRange((await database.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromSeconds(68), TimeSpan.FromSeconds(70));

        // The expiry still covers the window: the next admission writes with KEEPTTL (a TTL set by hand survives it).
        await database.KeyExpireAsync(key, TimeSpan.FromSeconds(300));
        Assert.True((long)(await Admit())[0] > 0);
        Assert.InRange((await database.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromSeconds(290), TimeSpan.FromSeconds(300));
        Assert.Equal(8 + (2 * 24), ((byte[])(await database.StringGetAsync(key))!).Length);

        // The recorded expiry would end before the window of a new call: the admission renews the key to its full TTL.
        value = (byte[])(await database.StringGetAsync(key))!;
        BinaryPrimitives.WriteDoubleBigEndian(value, DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeMilliseconds());
        await database.StringSetAsync(key, value, TimeSpan.FromSeconds(30));
        Assert.True((long)(await Admit())[0] > 0);
        Assert.InRange((await database.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromSeconds(68), TimeSpan.FromSeconds(70));
        value = (byte[])(await database.StringGetAsync(key))!;
        recorded = DateTimeOffset.FromUnixTimeMilliseconds((long)BinaryPrimitives.ReadDoubleBigEndian(value));
        Assert.InRange(recorded - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(68), TimeSpan.FromSeconds(70));
        Assert.Equal(8 + (3 * 24), value.Length);
    }

    [Fact]
    public async Task Giving_a_reservation_back_removes_only_its_entry_and_keeps_the_TTL()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        var database = connection.GetDatabase();
        RedisKey key = $"release-{Guid.NewGuid():N}:{{subject}}";
        var names = Enumerable.Range(1, 3).Select(i => RedisReservation.Name(1_000_000 + i)).ToArray();
        foreach (var name in names)
        {
            await AdmitOne(database, key, name);
        }

        await database.KeyExpireAsync(key, TimeSpan.FromSeconds(300));
        await SlidingLogScript.Release.EvaluateAsync(database, [key], [names[1]]);

        var value = (byte[])(await database.StringGetAsync(key))!;
        Assert.Equal(8 + (2 * 24), value.Length);
        Assert.Equal(names[0], value.AsSpan(8 + 8, 16).ToArray());
        Assert.Equal(names[2], value.AsSpan(8 + 24 + 8, 16).ToArray());
        Assert.InRange((await database.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromSeconds(290), TimeSpan.FromSeconds(300));
    }

    /// <summary>One decision of the script for one key: TTL 70 s, its only window 5 calls in 60 s.</summary>
    private static Task<RedisResult> AdmitOne(IDatabase database, RedisKey key, byte[] name)
        => SlidingLogScript.Acquire.EvaluateAsync(database, [key], [70_000, 1, 60_000_000, 1, 5, 60_000_000, name]);
}
