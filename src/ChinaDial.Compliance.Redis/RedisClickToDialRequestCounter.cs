using System;
using System.Buffers.Binary;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// The click-to-dial request caps shared by every node (per client address, narrow and wide network, and number, each
/// over <see cref="ClickToDialOptions.Window"/>): one script run per request counts all of them on the Redis server's
/// clock, so a client has one quota for the whole fleet. Registered as the guard's
/// <see cref="IClickToDialRequestCounter"/> by <c>AddChinaDialComplianceRedis</c>.
/// </summary>
/// <remarks>
/// Every key is a keyed hash of the address, network or number (HMAC-SHA256 with
/// <see cref="RedisComplianceOptions.KeySecret"/>): no address or number is written to Redis. The keys of one request
/// share the hash tag <c>{c2d}</c>, so that one script decides them together on Redis Cluster too (click-to-dial
/// traffic is small next to dialling: one slot holds it all). Each key holds the instants of the requests it counted
/// in the window and expires a minute after its window. A request that Redis does not answer within
/// <see cref="RedisComplianceOptions.OperationTimeout"/> is deflected with <c>policy_error</c> (fail closed).
/// </remarks>
internal sealed class RedisClickToDialRequestCounter : IClickToDialRequestCounter, IPersonalDataStore
{
    /// <summary>Counts one request against each key with room. KEYS: the request's keys. ARGV: the window (µs), the
    /// keys' TTL (ms), then each key's cap. Returns 1 when every key had room, 0 otherwise.</summary>
    internal static readonly RedisScript Count = new(LuaScripts.Read("click-to-dial-count"));

    private readonly RedisGateway _gateway;
    private readonly RedisValue[] _withNumber;
    private readonly RedisValue[] _withoutNumber;

    public RedisClickToDialRequestCounter(RedisGateway gateway, ClickToDialOptions options)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(options);
        _gateway = gateway;
        RedisValue window = SlidingLogScript.Microseconds(options.Window);
        RedisValue ttl = SlidingLogScript.Milliseconds(options.Window + TimeSpan.FromMinutes(1));
        _withoutNumber = [window, ttl, options.PerIpLimit, options.PerNarrowNetworkLimit, options.PerWideNetworkLimit];
        _withNumber = [.. _withoutNumber, options.PerNumberLimit];
    }

    /// <inheritdoc />
    public async ValueTask<ClickToDialCount> CountAsync(IPAddress client, PhoneNumberInfo destination, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (address, narrow, wide) = ClickToDialKeys.Of(client);
        var keys = _gateway.Keys;
        RedisKey[] names = destination.IsParsed
            ? [keys.ClickToDial('a', Hash(keys, address)), keys.ClickToDial('n', Hash(keys, narrow)), keys.ClickToDial('w', Hash(keys, wide)), keys.ClickToDial('d', keys.Tag(destination.Key))]
            : [keys.ClickToDial('a', Hash(keys, address)), keys.ClickToDial('n', Hash(keys, narrow)), keys.ClickToDial('w', Hash(keys, wide))];
        var under = await _gateway.ExecuteAsync(
            static (database, state) => Count.EvaluateAsync(database, state.Names, state.Arguments),
            (Names: names, Arguments: destination.IsParsed ? _withNumber : _withoutNumber),
            cancellationToken,
            names[0]).ConfigureAwait(false);
        return (long)under == 1 ? ClickToDialCount.UnderCaps : ClickToDialCount.OverCap;
    }

    /// <summary>Erases the requests counted for the number (its addresses' counts hold no number).</summary>
    public ValueTask ForgetAsync(PhoneNumberInfo number, CancellationToken cancellationToken)
        => number.IsParsed ? RedisErasure.DeleteAsync(_gateway, _gateway.Keys.ClickToDial('d', _gateway.Keys.Tag(number.Key)), cancellationToken) : ValueTask.CompletedTask;

    private static string Hash(RedisKeyspace keys, UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return keys.Tag(bytes);
    }
}
