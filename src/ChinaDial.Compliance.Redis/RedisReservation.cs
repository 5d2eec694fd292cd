using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Threading;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>A call admitted by the distributed sliding log: its entry in each key, removed again if the call is not placed.</summary>
/// <remarks>An entry names its call by node and sequence number (<see cref="WriteName"/>): a random node id fixed for
/// the process and this node's count of decisions, so no other call of any node has the same name.</remarks>
internal sealed class RedisReservation(RedisKey[] keys, long sequence)
{
    /// <summary>The bytes of a call's name.</summary>
    public const int NameLength = 16;

    private static readonly byte[] NodeId = RandomNumberGenerator.GetBytes(8);
    private static long _sequence;

    public RedisKey[] Keys { get; } = keys;

    public long Sequence { get; } = sequence;

    /// <summary>The next sequence number of this node.</summary>
    public static long NextSequence() => Interlocked.Increment(ref _sequence);

    /// <summary>Writes the name of call <paramref name="sequence"/> of this node: the node id, then the sequence number
    /// (big-endian), <see cref="NameLength"/> bytes.</summary>
    public static void WriteName(Span<byte> destination, long sequence)
    {
        NodeId.CopyTo(destination);
        BinaryPrimitives.WriteInt64BigEndian(destination[NodeId.Length..], sequence);
    }

    /// <summary>The name of call <paramref name="sequence"/> of this node, as a new array (see <see cref="WriteName"/>).</summary>
    public static byte[] Name(long sequence)
    {
        var name = new byte[NameLength];
        WriteName(name, sequence);
        return name;
    }

    /// <summary>Removes the entry from every key (best effort: an entry left behind only makes the limit stricter
    /// until it leaves the window).</summary>
    public void GiveBack(RedisGateway gateway)
    {
        var name = Name(Sequence);
        gateway.FireAndForget(database => SlidingLogScript.Release.Send(database, Keys, [name]));
    }
}
