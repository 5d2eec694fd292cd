using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Threading;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>A call admitted by the distributed sliding log: its member in each key, removed again if the call is not placed.</summary>
internal sealed class RedisReservation(RedisKey[] keys, RedisValue member)
{
    private static readonly string Node = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
    private static long _sequence;

    public RedisKey[] Keys { get; } = keys;

    public RedisValue Member { get; } = member;

    /// <summary>A member no other call of any node uses: a random node id and a sequence number.</summary>
    public static RedisValue NewMember() => string.Create(CultureInfo.InvariantCulture, $"{Node}:{Interlocked.Increment(ref _sequence)}");

    /// <summary>Removes the member from every key (best effort: a member left behind only makes the limit stricter
    /// until it leaves the window).</summary>
    public void GiveBack(RedisGateway gateway)
        => gateway.FireAndForget(database =>
        {
            foreach (var key in Keys)
            {
                database.SortedSetRemove(key, Member, CommandFlags.FireAndForget);
            }
        });
}
