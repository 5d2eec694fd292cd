namespace ChinaDial.Compliance.Redis.Tests;

/// <summary>One server shared by the Redis tests that do not break it; each test uses its own key prefix.</summary>
[CollectionDefinition(Name)]
public sealed class SharedRedis : ICollectionFixture<RedisServer>
{
    public const string Name = "Shared redis-server";
}
