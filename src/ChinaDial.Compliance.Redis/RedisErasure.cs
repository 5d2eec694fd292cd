using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>What erasing a number from Redis takes beyond a known key: finding the keys of a pattern.</summary>
internal static class RedisErasure
{
    /// <summary>Deletes every key matching <paramref name="pattern"/> on every master (one <c>SCAN</c> of each master's
    /// keyspace: erasures are rare; batch them off-peak on a large keyspace). Returns how many were deleted.</summary>
    /// <exception cref="RedisException">A master did not answer: erase again.</exception>
    public static async Task<long> DeleteMatchingAsync(RedisGateway gateway, RedisValue pattern, CancellationToken cancellationToken)
    {
        long deleted = 0;
        foreach (var endPoint in gateway.Connection.GetEndPoints())
        {
            var server = gateway.Connection.GetServer(endPoint);
            if (server.IsReplica)
            {
                continue;
            }

            if (!server.IsConnected)
            {
                throw new RedisException($"{endPoint} is not connected: the number may have keys there; erase again.");
            }

            var keys = new List<RedisKey>();
            await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: 1000).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                keys.Add(key);
            }

            foreach (var key in keys)
            {
                deleted += await gateway.ExecuteAsync(
                    static (database, key) => database.KeyDeleteAsync(key),
                    key,
                    cancellationToken,
                    key).ConfigureAwait(false) ? 1 : 0;
            }
        }

        return deleted;
    }

    /// <summary>Deletes one key (through the gateway's timeout and circuit breaker).</summary>
    public static async ValueTask DeleteAsync(RedisGateway gateway, RedisKey key, CancellationToken cancellationToken)
        => await gateway.ExecuteAsync(static (database, key) => database.KeyDeleteAsync(key), key, cancellationToken, key).ConfigureAwait(false);
}
