using System.Buffers.Binary;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis.Tests;

/// <summary>The caller-ID script itself: calls in progress, quarantine, which check blocks which, the sweep.</summary>
[Collection(SharedRedis.Name)]
public class CallerIdScriptTests(RedisServer server)
{
    private const int All = CallerIdScript.QuarantineBlocks | CallerIdScript.RateBlocks | CallerIdScript.ConcurrencyBlocks;

    [Fact]
    public async Task Calls_in_progress_are_capped_until_one_is_given_back_or_lapses()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        var database = connection.GetDatabase();
        RedisKey hash = $"in-progress-{Guid.NewGuid():N}";
        const long Hold = 1_500_000; // µs

        var first = await Decide(database, hash, limit: 0, most: 2, hold: Hold, enforce: All, ("caller", 0));
        var second = await Decide(database, hash, limit: 0, most: 2, hold: Hold, enforce: All, ("caller", 0));
        var third = await Decide(database, hash, limit: 0, most: 2, hold: Hold, enforce: All, ("caller", 0));
        Assert.True(first[1] > 0 && second[1] > first[1]);
        Assert.Equal(-first[1], third[1]); // deferred to the first place's lapse
        Assert.Equal([0L, 0L], [third[0], third[2]]);

        await CallerIdScript.Release.EvaluateAsync(database, [hash], ["caller", 0, first[1]]);
        var fourth = await Decide(database, hash, limit: 0, most: 2, hold: Hold, enforce: All, ("caller", 0));
        Assert.True(fourth[1] > 0);
        Assert.Equal(2, (await Entries(database, hash, "caller:c")).Length);

        await Task.Delay(TimeSpan.FromMilliseconds(1_700));
        var fifth = await Decide(database, hash, limit: 0, most: 2, hold: Hold, enforce: All, ("caller", 0));
        Assert.True(fifth[1] > 0);
        Assert.Equal([fifth[1]], await Entries(database, hash, "caller:c")); // the lapsed ones were dropped with the write
    }

    [Fact]
    public async Task A_quarantine_claimed_by_a_node_is_recorded_and_takes_nothing_from_the_rate_or_the_calls_in_progress()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        var database = connection.GetDatabase();
        RedisKey hash = $"quarantine-{Guid.NewGuid():N}";
        var until = (DateTimeOffset.UtcNow.AddHours(1) - DateTimeOffset.UnixEpoch).Ticks / 10;

        var claimed = await Decide(database, hash, limit: 5, most: 5, hold: 60_000_000, enforce: All, ("caller", until));
        Assert.Equal([0L, 0L, until], claimed);
        Assert.Equal([0L, 0L, until], await Decide(database, hash, limit: 5, most: 5, hold: 60_000_000, enforce: All, ("caller", 0)));
        Assert.False(await database.HashExistsAsync(hash, "caller"));
        Assert.False(await database.HashExistsAsync(hash, "caller:c"));

        // An earlier end claimed later does not shorten it; the hash lives as long as the quarantine.
        await Decide(database, hash, limit: 5, most: 5, hold: 60_000_000, enforce: All, ("caller", until - 60_000_000));
        Assert.Equal([until], await Entries(database, hash, "caller:q"));
        Assert.InRange((await database.KeyTimeToLiveAsync(hash))!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));

        // A quarantine that only observes blocks nothing: the call is counted, and the quarantine still answered.
        var observed = await Decide(database, hash, limit: 5, most: 5, hold: 60_000_000, enforce: CallerIdScript.RateBlocks | CallerIdScript.ConcurrencyBlocks, ("caller", 0));
        Assert.True(observed[0] > 0 && observed[1] > 0);
        Assert.Equal(until, observed[2]);
    }

    [Fact]
    public async Task An_enforcing_check_that_refuses_keeps_the_other_from_counting_the_call_and_one_that_observes_does_not()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        var database = connection.GetDatabase();
        RedisKey hash = $"blocks-{Guid.NewGuid():N}";

        // One call in progress at most, five per minute: the second call is refused by the cap and takes no rate entry.
        Assert.True((await Decide(database, hash, limit: 5, most: 1, hold: 60_000_000, enforce: All, ("caller", 0)))[0] > 0);
        var capped = await Decide(database, hash, limit: 5, most: 1, hold: 60_000_000, enforce: All, ("caller", 0));
        Assert.Equal(0, capped[0]);
        Assert.True(capped[1] < 0);
        Assert.Single(await Entries(database, hash, "caller"));

        // The cap only observes: the rate counts the call.
        var observed = await Decide(database, hash, limit: 5, most: 1, hold: 60_000_000, enforce: CallerIdScript.QuarantineBlocks | CallerIdScript.RateBlocks, ("caller", 0));
        Assert.True(observed[0] > 0 && observed[1] < 0);
        Assert.Equal(2, (await Entries(database, hash, "caller")).Length);

        // A full rate log (limit 2 now) keeps the call out of the calls in progress.
        var other = await Decide(database, hash, limit: 1, most: 3, hold: 60_000_000, enforce: All, ("other", 0), ("other", 0));
        Assert.True(other[0] > 0 && other[1] > 0);
        Assert.True(other[3] < 0);
        Assert.Equal(0, other[4]);
        Assert.Single(await Entries(database, hash, "other:c"));
    }

    [Fact]
    public async Task The_sweep_deletes_lapsed_calls_in_progress_and_ended_quarantines_and_keeps_current_ones()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        var database = connection.GetDatabase();
        RedisKey hash = $"sweep-{Guid.NewGuid():N}";
        var soon = (DateTimeOffset.UtcNow.AddMilliseconds(500) - DateTimeOffset.UnixEpoch).Ticks / 10;
        var later = (DateTimeOffset.UtcNow.AddHours(1) - DateTimeOffset.UnixEpoch).Ticks / 10;

        await Decide(database, hash, limit: 0, most: 2, hold: 300_000, enforce: All, ("short", 0), ("ending", soon), ("long", later));
        await Decide(database, hash, limit: 0, most: 2, hold: 60_000_000, enforce: All, ("kept", 0));
        Assert.Equal(["ending:q", "kept:c", "long:q", "short:c", "~"], await Fields(database, hash));

        await Task.Delay(TimeSpan.FromMilliseconds(700));
        var meta = (byte[])(await database.HashGetAsync(hash, "~"))!;
        BinaryPrimitives.WriteDoubleBigEndian(meta.AsSpan(8), 0); // the last sweep: long ago
        await database.HashSetAsync(hash, "~", meta);
        await Decide(database, hash, limit: 0, most: 2, hold: 60_000_000, enforce: All, ("another", 0));

        Assert.Equal(["another:c", "kept:c", "long:q", "~"], await Fields(database, hash));
    }

    [Fact]
    public async Task A_recorded_quarantine_keeps_the_later_end_and_makes_the_hash_live_until_it_ends()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        var database = connection.GetDatabase();
        RedisKey hash = $"quarantine-write-{Guid.NewGuid():N}";
        var until = (DateTimeOffset.UtcNow.AddHours(2) - DateTimeOffset.UnixEpoch).Ticks / 10;

        Assert.Equal(1, (long)await CallerIdScript.Quarantine.EvaluateAsync(database, [hash], ["caller", until]));
        Assert.Equal(0, (long)await CallerIdScript.Quarantine.EvaluateAsync(database, [hash], ["caller", until - 1_000_000]));
        Assert.Equal([until], await Entries(database, hash, "caller:q"));
        Assert.InRange((await database.KeyTimeToLiveAsync(hash))!.Value, TimeSpan.FromMinutes(120), TimeSpan.FromMinutes(122));
        Assert.Equal([0L, 0L, until], await Decide(database, hash, limit: 5, most: 5, hold: 60_000_000, enforce: All, ("caller", 0)));
    }

    /// <summary>One run: TTL 70 s, <paramref name="limit"/> calls a minute, <paramref name="most"/> in progress held
    /// <paramref name="hold"/> µs; the three answers of each decision, flat.</summary>
    private static async Task<long[]> Decide(IDatabase database, RedisKey hash, int limit, int most, long hold, int enforce, params (string Field, long Claimed)[] decisions)
    {
        RedisValue[] arguments = [70_000, limit, 60_000_000, most, hold, enforce, .. decisions.SelectMany(d => new RedisValue[] { d.Field, d.Claimed })];
        return [.. ((RedisResult[])(await CallerIdScript.Decide.EvaluateAsync(database, [hash], arguments))!).Select(a => (long)a)];
    }

    private static async Task<long[]> Entries(IDatabase database, RedisKey hash, string field)
    {
        var value = (byte[])(await database.HashGetAsync(hash, field))!;
        return [.. Enumerable.Range(0, value.Length / 8).Select(i => (long)BinaryPrimitives.ReadDoubleBigEndian(value.AsSpan(8 * i)))];
    }

    private static async Task<string[]> Fields(IDatabase database, RedisKey hash)
        => [.. (await database.HashKeysAsync(hash)).Select(f => (string)f!).Order(StringComparer.Ordinal)];
}
