namespace ChinaDial.Compliance.Redis.Tests;

/// <summary>
/// The reserving-policy contract run by the Redis caller-ID rate limit against the shared real redis-server. Its clock
/// is the server's <c>TIME</c>, which a test cannot set: the clock-free facts run here, the sliding-window guarantee
/// under load is <see cref="RedisCallerIdRateTests"/>'s.
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class RedisCallerIdRateContractTests(RedisServer server) : ReservingPolicyContractTests, IDisposable
{
    private readonly List<RedisNode> _nodes = [];

    protected override IOutboundCallPolicy CreatePolicy(CallerIdRateOptions options, TimeProvider time)
    {
        var node = new RedisNode(server, $"contract-{Guid.NewGuid():N}", compliance: new ChinaDialComplianceOptions { CallerIdRate = options });
        _nodes.Add(node);
        return node.CallerIdRate;
    }

    /// <summary>A quota given back goes to the server on the node's connection: a round trip after it sees it done.</summary>
    protected override async Task QuotaReturnedAsync()
    {
        foreach (var node in _nodes)
        {
            await node.Connection.GetDatabase().PingAsync();
        }
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
    }
}
