using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Threading;

namespace ChinaDial.Compliance;

/// <summary>
/// Makes decision ids: version-7 UUIDs (time-ordered by the millisecond), whose random part is a per-process random
/// seed plus a counter — unique within a process, and across processes by the seed — without asking the operating
/// system for randomness on every call as <see cref="Guid.CreateVersion7(DateTimeOffset)"/> does.
/// </summary>
internal static class DecisionIds
{
    private static readonly ulong Seed = BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(8));
    private static long _counter;

    public static Guid Next(DateTimeOffset now)
    {
        var count = (ulong)Interlocked.Increment(ref _counter);
        var milliseconds = (ulong)now.ToUnixTimeMilliseconds() & 0xFFFF_FFFF_FFFF;
        var randomA = (Seed >> 52) & 0xFFF;
        var randomB = (Seed + count) & 0x3FFF_FFFF_FFFF_FFFF;
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, (milliseconds << 16) | 0x7000 | randomA);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], 0x8000_0000_0000_0000 | randomB);
        return new Guid(bytes, bigEndian: true);
    }
}
