using System.Buffers.Binary;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis.Tests;

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
        var before = node.CallerIdRate.State!.RoundTrips;

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
        var trips = node.CallerIdRate.State!.RoundTrips - before;
        Assert.True(trips < 200, $"{trips} round trips for 300 concurrent decisions");
    }

    [Fact]
    public async Task An_admission_keeps_the_keys_TTL_while_the_expiry_it_records_covers_the_window_and_renews_it_when_not()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        var database = connection.GetDatabase();
        RedisKey key = $"ttl-{Guid.NewGuid():N}:{{subject}}";

        Assert.True((long)(await Admit(database, key))[0] > 0);
        var value = (byte[])(await database.StringGetAsync(key))!;
        Assert.Equal(8 + 8, value.Length); // the recorded expiry, one entry
        var recorded = DateTimeOffset.FromUnixTimeMilliseconds((long)BinaryPrimitives.ReadDoubleBigEndian(value));
        Assert.InRange(recorded - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(68), TimeSpan.FromSeconds(70));
        Assert.InRange((await database.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromSeconds(68), TimeSpan.FromSeconds(70));

        // The expiry still covers the window: the next admission writes with KEEPTTL (a TTL set by hand survives it).
        await database.KeyExpireAsync(key, TimeSpan.FromSeconds(300));
        Assert.True((long)(await Admit(database, key))[0] > 0);
        Assert.InRange((await database.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromSeconds(290), TimeSpan.FromSeconds(300));
        Assert.Equal(8 + (2 * 8), ((byte[])(await database.StringGetAsync(key))!).Length);

        // The recorded expiry would end before the window of a new call: the admission renews the key to its full TTL.
        value = (byte[])(await database.StringGetAsync(key))!;
        BinaryPrimitives.WriteDoubleBigEndian(value, DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeMilliseconds());
        await database.StringSetAsync(key, value, TimeSpan.FromSeconds(30));
        Assert.True((long)(await Admit(database, key))[0] > 0);
        Assert.InRange((await database.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromSeconds(68), TimeSpan.FromSeconds(70));
        value = (byte[])(await database.StringGetAsync(key))!;
        recorded = DateTimeOffset.FromUnixTimeMilliseconds((long)BinaryPrimitives.ReadDoubleBigEndian(value));
        Assert.InRange(recorded - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(68), TimeSpan.FromSeconds(70));
        Assert.Equal(8 + (3 * 8), value.Length);
    }

    [Fact]
    public async Task Giving_a_reservation_back_removes_only_its_entry_and_keeps_the_TTL()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        var database = connection.GetDatabase();
        RedisKey key = $"release-{Guid.NewGuid():N}:{{subject}}";
        var instants = await AdmitEach(3, () => Rates(Admit(database, key)));

        await database.KeyExpireAsync(key, TimeSpan.FromSeconds(300));
        await SlidingLogScript.Release.EvaluateAsync(database, [key], [instants[1]]);

        Assert.Equal([instants[0], instants[2]], await EntriesAsync(database, key));
        Assert.InRange((await database.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromSeconds(290), TimeSpan.FromSeconds(300));
    }

    [Fact]
    public async Task Of_two_calls_admitted_at_one_instant_giving_one_back_removes_one_entry()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        var database = connection.GetDatabase();
        RedisKey key = $"release-{Guid.NewGuid():N}:{{subject}}";

        // Two decisions on the same key in one run: both admitted at the run's instant.
        var answers = (RedisResult[])(await Admit(database, key, key))!;
        var instant = (long)answers[0];
        Assert.Equal(instant, (long)answers[1]);

        await SlidingLogScript.Release.EvaluateAsync(database, [key], [instant]);
        Assert.Equal([instant], await EntriesAsync(database, key));
        await SlidingLogScript.Release.EvaluateAsync(database, [key], [instant]);
        Assert.Empty(await EntriesAsync(database, key));
        await SlidingLogScript.Release.EvaluateAsync(database, [key], [instant]); // nothing left at that instant: no change
        Assert.Empty(await EntriesAsync(database, key));
    }

    [Fact]
    public async Task A_full_key_keeps_only_the_entries_that_a_window_can_still_count()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        var database = connection.GetDatabase();

        // One window, 2 calls in 100 ms: a third call 150 ms after the second proves the first out of the window, and
        // the key keeps only the newest two.
        RedisKey rate = $"trim-{Guid.NewGuid():N}:{{subject}}";
        var admitted = await AdmitEach(3, () => Rates(SlidingLogScript.Acquire.EvaluateAsync(database, [rate], [70_000, 1, 100_000, 1, 2, 100_000])), TimeSpan.FromMilliseconds(150));
        Assert.Equal(admitted[1..], await EntriesAsync(database, rate));

        // The largest limit on the shorter window (3 in 30 ms, 2 in 200 ms): a full key keeps what the 200 ms window
        // still counts (here only the new call), not the newest two.
        RedisKey caps = $"trim-{Guid.NewGuid():N}:{{subject}}";
        admitted = await AdmitEach(4, () => Rates(SlidingLogScript.Acquire.EvaluateAsync(database, [caps], [70_000, 1, 200_000, 2, 3, 30_000, 2, 200_000])), TimeSpan.FromMilliseconds(250));
        Assert.Equal(admitted[3..], await EntriesAsync(database, caps));
    }

    [Fact]
    public async Task Caller_ID_logs_are_fields_of_one_hash_that_has_a_TTL()
    {
        var prefix = $"rate-hash-{Guid.NewGuid():N}";
        var compliance = new ChinaDialComplianceOptions { CallerIdRate = { Limit = 2, Window = TimeSpan.FromSeconds(10) } };
        using var node = new RedisNode(server, prefix, compliance: compliance);
        foreach (var callerId in new[] { "+12065550101", "+12065550102", "+12065550103" })
        {
            Assert.Equal(CallVerdict.Allow, (await node.CallerIdRate.EvaluateAsync(RedisNode.Context(callerId), default)).Verdict);
        }

        var database = node.Connection.GetDatabase();
        var redis = node.Connection.GetServer(node.Connection.GetEndPoints()[0]);
        var key = Assert.Single(redis.Keys(pattern: $"{prefix}:*"));
        Assert.Equal($"{prefix}:rate", (string)key!);
        Assert.Equal(RedisType.Hash, await database.KeyTypeAsync(key));
        Assert.InRange((await database.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromSeconds(65), TimeSpan.FromSeconds(70));
        var fields = (await database.HashKeysAsync(key)).Select(f => (string)f!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(4, fields.Length); // three caller IDs and the hash's own record
        Assert.Equal("~", fields[^1]);
        Assert.All(fields[..^1], field => Assert.Matches("^[A-Za-z0-9_-]{22}$", field));
    }

    [Fact]
    public async Task The_hash_TTL_is_renewed_only_when_its_recorded_expiry_no_longer_covers_the_window()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        var database = connection.GetDatabase();
        RedisKey hash = $"hash-ttl-{Guid.NewGuid():N}";
        Task<long[]> Admit() => AdmitInHash(database, hash, 60_000_000, "caller");

        Assert.True((await Admit())[0] > 0);
        Assert.InRange((await database.KeyTimeToLiveAsync(hash))!.Value, TimeSpan.FromSeconds(68), TimeSpan.FromSeconds(70));

        // The recorded expiry still covers the window: no renewal (a TTL set by hand survives the admission).
        await database.KeyExpireAsync(hash, TimeSpan.FromSeconds(300));
        Assert.True((await Admit())[0] > 0);
        Assert.InRange((await database.KeyTimeToLiveAsync(hash))!.Value, TimeSpan.FromSeconds(290), TimeSpan.FromSeconds(300));

        // It would end within the window of a new call: the admission renews the hash to its full TTL.
        var meta = (byte[])(await database.HashGetAsync(hash, "~"))!;
        BinaryPrimitives.WriteDoubleBigEndian(meta, DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeMilliseconds());
        await database.HashSetAsync(hash, "~", meta);
        await database.KeyExpireAsync(hash, TimeSpan.FromSeconds(30));
        Assert.True((await Admit())[0] > 0);
        Assert.InRange((await database.KeyTimeToLiveAsync(hash))!.Value, TimeSpan.FromSeconds(68), TimeSpan.FromSeconds(70));
        Assert.Equal(3, (await FieldEntriesAsync(database, hash, "caller")).Length);
    }

    [Fact]
    public async Task At_most_once_a_second_a_run_deletes_the_fields_that_no_window_counts_any_more()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        var database = connection.GetDatabase();
        RedisKey hash = $"hash-sweep-{Guid.NewGuid():N}";
        const long Window = 1_000_000; // µs: a generous margin for "just admitted" on a loaded machine

        await AdmitInHash(database, hash, Window, "a"); // the hash's first run sweeps: nothing to delete
        await Task.Delay(TimeSpan.FromMilliseconds(1_200));
        await LastSwept(DateTimeOffset.UtcNow);
        await AdmitInHash(database, hash, Window, "b"); // "a" is out of its window, but the last sweep was < 1 s ago
        Assert.Equal(["a", "b", "~"], await Fields());

        await LastSwept(DateTimeOffset.UnixEpoch);
        await AdmitInHash(database, hash, Window, "c"); // sweeps: "a" goes, "b" (just admitted) stays
        Assert.Equal(["b", "c", "~"], await Fields());

        await Task.Delay(TimeSpan.FromMilliseconds(1_200));
        await LastSwept(DateTimeOffset.UtcNow);
        await AdmitInHash(database, hash, Window, "d"); // "b" and "c" are out of their window: no sweep within the second
        Assert.Equal(["b", "c", "d", "~"], await Fields());

        await LastSwept(DateTimeOffset.UnixEpoch);
        await AdmitInHash(database, hash, Window, "e");
        Assert.Equal(["d", "e", "~"], await Fields());

        async Task<string[]> Fields() => (await database.HashKeysAsync(hash)).Select(f => (string)f!).Order(StringComparer.Ordinal).ToArray();

        // Rewrites the instant of the hash's last sweep (ms, after its expiry in the field "~").
        async Task LastSwept(DateTimeOffset at)
        {
            var meta = (byte[])(await database.HashGetAsync(hash, "~"))!;
            BinaryPrimitives.WriteDoubleBigEndian(meta.AsSpan(8), at.ToUnixTimeMilliseconds());
            await database.HashSetAsync(hash, "~", meta);
        }
    }

    [Fact]
    public async Task Giving_back_a_call_admitted_into_the_hash_removes_one_entry_at_its_instant()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        var database = connection.GetDatabase();
        RedisKey hash = $"hash-release-{Guid.NewGuid():N}";
        var answers = await AdmitInHash(database, hash, 60_000_000, "caller", "caller", "other");
        var instant = answers[0];
        Assert.Equal(instant, answers[1]);

        await CallerIdScript.Release.EvaluateAsync(database, [hash], ["caller", instant, 0]);

        Assert.Equal([instant], await FieldEntriesAsync(database, hash, "caller"));
        Assert.Equal([answers[2]], await FieldEntriesAsync(database, hash, "other"));
    }

    [Fact]
    public async Task A_full_field_keeps_only_its_newest_entries_and_a_field_at_its_limit_defers_until_the_oldest_leaves_the_window()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        var database = connection.GetDatabase();
        RedisKey hash = $"hash-full-{Guid.NewGuid():N}";

        // A 1 µs window: every call is admitted, and a full field drops its oldest entry.
        var admitted = await AdmitEach(7, () => AdmitInHash(database, hash, 1, "caller"));

        Assert.Equal(admitted[2..], await FieldEntriesAsync(database, hash, "caller"));

        // A 60 s window: the sixth call in one run waits for the first to leave it.
        var answers = await AdmitInHash(database, hash, 60_000_000, "other", "other", "other", "other", "other", "other");
        Assert.All(answers[..5], answer => Assert.Equal(answers[0], answer));
        Assert.Equal(-(answers[0] + 60_000_000), answers[5]);
        Assert.Equal(Enumerable.Repeat(answers[0], 5), await FieldEntriesAsync(database, hash, "other"));
    }

    [Fact]
    public async Task When_the_server_clock_is_behind_the_latest_instant_stamped_a_run_stamps_its_calls_with_that_instant()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        var database = connection.GetDatabase();
        RedisKey hash = $"hash-clock-{Guid.NewGuid():N}";
        var first = (await AdmitInHash(database, hash, 60_000_000, "caller"))[0];

        // As if the clock had stepped back 10 s since the last run: the hash's record says it stamped a later instant.
        var latest = first + 10_000_000;
        var record = (byte[])(await database.HashGetAsync(hash, "~"))!;
        BinaryPrimitives.WriteDoubleBigEndian(record.AsSpan(16), latest);
        await database.HashSetAsync(hash, "~", record);

        var answers = await AdmitInHash(database, hash, 60_000_000, "caller", "other");
        Assert.Equal([latest, latest], answers);
        Assert.Equal([first, latest], await FieldEntriesAsync(database, hash, "caller"));
        record = (byte[])(await database.HashGetAsync(hash, "~"))!;
        Assert.Equal(latest, (long)BinaryPrimitives.ReadDoubleBigEndian(record.AsSpan(16)));
    }

    [Fact]
    public void A_cluster_slot_is_the_CRC16_of_the_hash_tag_and_every_slot_has_a_tag_of_its_own()
    {
        // The values of Redis's CLUSTER KEYSLOT documentation, and CRC16-XMODEM's check value (0x31C3).
        Assert.Equal(11058, ClusterSlots.Of("somekey"u8));
        Assert.Equal(2515, ClusterSlots.Of("hash_tag"u8));
        Assert.Equal(0x31C3 & 0x3FFF, ClusterSlots.Of("123456789"u8));

        var keyspace = new RedisKeyspace("p", RedisNode.Secret);
        for (var slot = 0; slot < ClusterSlots.Count; slot++)
        {
            var tag = ClusterSlots.Tag(slot);
            Assert.Equal(slot, ClusterSlots.Of(System.Text.Encoding.ASCII.GetBytes(tag)));
            Assert.Equal($"p:rate:{{{tag}}}", (string)keyspace.CallerIdRateHash(slot)!);
        }

        Assert.Equal("p:rate", (string)keyspace.CallerIdRateHash(-1)!);
    }

    /// <summary>One run of the caller-ID script deciding one call per field given, the rate alone: TTL 70 s, 5 calls in
    /// <paramref name="window"/> µs; the rate answers.</summary>
    private static async Task<long[]> AdmitInHash(IDatabase database, RedisKey hash, long window, params string[] fields)
    {
        var answers = (RedisResult[])(await CallerIdScript.Decide.EvaluateAsync(database, [hash], [70_000, 5, window, 0, 0, 0, .. fields.SelectMany(f => new RedisValue[] { f, 0 })]))!;
        return [.. Enumerable.Range(0, fields.Length).Select(d => (long)answers[3 * d])];
    }

    /// <summary>Runs <paramref name="admit"/> (one run deciding one call) <paramref name="count"/> times,
    /// <paramref name="spacing"/> apart, each call admitted; their instants.</summary>
    private static async Task<long[]> AdmitEach(int count, Func<Task<long[]>> admit, TimeSpan spacing = default)
    {
        var admitted = new long[count];
        for (var i = 0; i < count; i++)
        {
            if (i > 0 && spacing > TimeSpan.Zero)
            {
                await Task.Delay(spacing);
            }

            admitted[i] = (await admit())[0];
            Assert.True(admitted[i] > 0, $"call {i} was not admitted");
        }

        return admitted;
    }

    /// <summary>A run's answers as integers.</summary>
    private static async Task<long[]> Rates(Task<RedisResult> run) => [.. ((RedisResult[])(await run)!).Select(a => (long)a)];

    /// <summary>One run of the script deciding one call per key given (one key per decision): TTL 70 s, the key's only
    /// window 5 calls in 60 s.</summary>
    private static Task<RedisResult> Admit(IDatabase database, params RedisKey[] keys)
        => SlidingLogScript.Acquire.EvaluateAsync(database, keys, [70_000, 1, 60_000_000, 1, 5, 60_000_000]);

    /// <summary>The instants held in a sliding-log key (after its 8-byte expiry).</summary>
    private static async Task<long[]> EntriesAsync(IDatabase database, RedisKey key)
        => Instants(((byte[])(await database.StringGetAsync(key))!).AsSpan(8));

    /// <summary>The instants held in a field of the hash layout.</summary>
    private static async Task<long[]> FieldEntriesAsync(IDatabase database, RedisKey hash, RedisValue field)
        => Instants((byte[])(await database.HashGetAsync(hash, field))!);

    private static long[] Instants(ReadOnlySpan<byte> entries)
    {
        var instants = new long[entries.Length / 8];
        for (var i = 0; i < instants.Length; i++)
        {
            instants[i] = (long)BinaryPrimitives.ReadDoubleBigEndian(entries[(8 * i)..]);
        }

        return instants;
    }
}
