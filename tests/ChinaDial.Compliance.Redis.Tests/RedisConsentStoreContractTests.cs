using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis.Tests;

/// <summary>A redis-server without fsync on every write, for tests that write a lot and never kill the server.</summary>
public sealed class FastRedis : IDisposable
{
    public FastRedis()
    {
        Server = new RedisServer(["--appendonly", "no"]);
        Connection = RedisGateway.Connect(Server.Configuration);
    }

    public RedisServer Server { get; }

    public ConnectionMultiplexer Connection { get; }

    /// <summary>A gateway with a key prefix of its own (a fresh store) on the shared connection.</summary>
    internal RedisGateway Gateway(string? prefix = null) => new(Connection, new RedisComplianceOptions
    {
        Configuration = Server.Configuration,
        KeyPrefix = prefix ?? $"c-{Guid.NewGuid():N}",
        KeySecret = RedisNode.Secret,
        OperationTimeout = TimeSpan.FromSeconds(5),
    });

    public void Dispose()
    {
        Connection.Dispose();
        Server.Dispose();
    }
}

/// <summary>The consent store contract on Redis: the same facts the in-memory store passes.</summary>
public sealed class RedisConsentStoreContractTests(FastRedis redis) : ConsentStoreContractTests, IClassFixture<FastRedis>
{
    protected override int Cases => 400;

    protected override IConsentStore NewStore() => new RedisConsentStore(redis.Gateway());

    protected override Task GrantAsync(IConsentStore store, ConsentRecord record) => ((RedisConsentStore)store).GrantAsync(record);

    protected override Task RevokeAsync(IConsentStore store, string number, CallPurpose purpose, DateTimeOffset at) => ((RedisConsentStore)store).RevokeAsync(number, purpose, at);

    protected override Task OptOutAsync(IConsentStore store, string number, CallPurpose? purpose, DateTimeOffset at) => ((RedisConsentStore)store).OptOutAsync(number, purpose, at);
}
