using System.Buffers.Binary;
using System.Text;
using ChinaDial.Compliance.Redis.Tests.Privacy;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis.Tests;

/// <summary>
/// Erasure on a dialer node with the Redis adapter: after <see cref="PersonalDataEraser.EraseAsync"/>, a SCAN of every
/// key and a read of every value (by type: strings, hashes, streams) finds nothing derived from the number — its raw
/// digits, its keyed hash (key tag), its 64-bit callee hash, its key as bytes — but the suppression: its consent key
/// holding only an opt-out of every purpose. And the number is still refused.
/// </summary>
public sealed class RedisErasureTests(FastRedis redis) : IClassFixture<FastRedis>
{
    [Fact]
    public void After_erasure_Redis_holds_nothing_of_the_number_but_its_suppression_and_it_is_still_refused()
    {
        var prefix = $"erase-{Guid.NewGuid():N}";
        using var provider = new ServiceCollection()
            .AddSingleton<IAuditSink>(new InMemoryAuditSink())
            .AddChinaDialCompliance(o =>
            {
                o.CallerIds.Approved = [.. ErasureTests.CallerIds];
                o.CallingHours.Enabled = false;
                o.Audit.Pepper = "an erasure test pepper";
            })
            .AddChinaDialComplianceRedis(o =>
            {
                o.Configuration = redis.Server.Configuration;
                o.KeyPrefix = prefix;
                o.KeySecret = RedisNode.Secret;
                o.OperationTimeout = TimeSpan.FromSeconds(5);
            })
            .BuildServiceProvider();
        var evaluator = provider.GetRequiredService<OutboundCallEvaluator>();
        var keys = provider.GetRequiredService<RedisGateway>().Keys;
        var database = redis.Connection.GetDatabase();
        var server = redis.Connection.GetServer(redis.Connection.GetEndPoints()[0]);

        var property = Prop.ForAll(ArbMap.Default.ArbFor<ErasureTests.Happening[]>(), ArbMap.Default.ArbFor<int>(), (steps, seed) =>
        {
            var numbers = ErasureTests.NumbersOf(seed);
            ErasureTests.PlayAsync(provider, null, numbers, [.. steps.Take(12), new(2, 0, true), new(0, 0, false), new(4, 0, false)]).GetAwaiter().GetResult();
            database.Ping(); // after the fire-and-forget writes (outcomes) of this connection's node
            Assert.NotEmpty(Found(server, database, prefix, numbers[0], keys)); // the case left something to erase

            provider.GetRequiredService<PersonalDataEraser>().EraseAsync(numbers[0]).GetAwaiter().GetResult();

            var target = PhoneNumberClassifier.Classify(numbers[0]);
            var found = Found(server, database, prefix, numbers[0], keys);
            var suppression = keys.Consent(target.Key);
            var suppressed = database.HashGetAll(suppression).Select(e => ((string)e.Name!, (long)e.Value)).ToList();
            return found.SequenceEqual([(string)suppression!])
                && suppressed.SequenceEqual([("optout:all", DateTimeOffset.MinValue.ToUnixTimeMilliseconds())])
                && database.KeyTimeToLive(suppression) is null
                && !provider.GetRequiredService<CallerIdHealthMonitor>().Holds(target)
                && ErasureTests.StillRefusedAsync(evaluator, numbers[0]).GetAwaiter().GetResult();
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60), property);
    }

    /// <summary>The keys (under <paramref name="prefix"/>) whose name or value holds anything derived from
    /// <paramref name="number"/>.</summary>
    private static List<string> Found(IServer server, IDatabase database, string prefix, string number, RedisKeyspace keys)
    {
        var parsed = PhoneNumberClassifier.Classify(number);
        var tag = keys.Tag(parsed.Key);
        var callee = keys.CalleeKey(parsed.Key);
        var raw = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(raw, parsed.Key);
        var calleeBytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(calleeBytes, callee);
        byte[][] needles =
        [
            Encoding.ASCII.GetBytes(number[1..]), Encoding.ASCII.GetBytes(number[3..]), Encoding.ASCII.GetBytes(tag),
            Encoding.ASCII.GetBytes(callee.ToString(System.Globalization.CultureInfo.InvariantCulture)), raw, calleeBytes,
        ];
        var found = new List<string>();
        foreach (var key in server.Keys(pattern: $"{prefix}:*", pageSize: 1000))
        {
            var name = (string)key!;
            var values = database.KeyType(key) switch
            {
                RedisType.String => [(byte[])database.StringGet(key)!],
                RedisType.Hash => database.HashGetAll(key).SelectMany(e => new[] { (byte[])e.Name!, (byte[])e.Value! }).ToList(),
                RedisType.Stream => database.StreamRange(key).SelectMany(e => e.Values.SelectMany(v => new[] { (byte[])v.Name!, (byte[])v.Value! })).ToList(),
                RedisType.None => [],
                var other => throw new InvalidOperationException($"{name} is a {other}: read it here too"),
            };
            if (needles.Any(n => Encoding.ASCII.GetBytes(name).AsSpan().IndexOf(n) >= 0 || values.Any(v => v.AsSpan().IndexOf(n) >= 0)))
            {
                found.Add(name);
            }
        }

        return found;
    }
}
