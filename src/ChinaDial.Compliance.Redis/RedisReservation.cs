using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Threading;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>A call admitted by the distributed sliding log: its member in each key, removed again if the call is not placed.</summary>
/// <remarks>The member is <c>node:sequence</c>: a random node id fixed for the process and a sequence number, so no other
/// call of any node uses it. The script joins the two (<see cref="SlidingLogScript.Acquire"/>), so an admission sends
/// a cached string and a number and allocates no member string; only giving a reservation back spells it out.</remarks>
internal sealed class RedisReservation(RedisKey[] keys, long sequence)
{
    private static readonly string NodeId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
    private static long _sequence;

    /// <summary>The node id, as the script's first argument.</summary>
    public static readonly RedisValue Node = NodeId;

    public RedisKey[] Keys { get; } = keys;

    public long Sequence { get; } = sequence;

    /// <summary>The member the script added: <c>node:sequence</c>.</summary>
    public RedisValue Member => string.Create(CultureInfo.InvariantCulture, $"{NodeId}:{Sequence}");

    /// <summary>The next sequence number of this node.</summary>
    public static long NextSequence() => Interlocked.Increment(ref _sequence);

    /// <summary>Removes the member from every key (best effort: a member left behind only makes the limit stricter
    /// until it leaves the window).</summary>
    public void GiveBack(RedisGateway gateway)
        => gateway.FireAndForget(database =>
        {
            var member = Member;
            foreach (var key in Keys)
            {
                database.SortedSetRemove(key, member, CommandFlags.FireAndForget);
            }
        });
}
