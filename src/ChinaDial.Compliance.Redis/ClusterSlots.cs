using System;
using System.Globalization;
using System.Text;
using System.Threading;

namespace ChinaDial.Compliance.Redis;

/// <summary>Redis Cluster's hash slots: the slot of a key (CRC16-XMODEM of its hash tag, mod 16,384) and, for each
/// slot, the shortest decimal string that hashes to it, so that a key can be put in a slot chosen beforehand.</summary>
internal static class ClusterSlots
{
    /// <summary>The slots of a cluster.</summary>
    public const int Count = 16_384;

    private static string[]? _tags;

    /// <summary>The slot of <paramref name="tag"/> (the part of a key between its first braces, or the whole key).</summary>
    public static int Of(ReadOnlySpan<byte> tag)
    {
        var crc = 0;
        foreach (var b in tag)
        {
            crc ^= b << 8;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }

        return crc & (Count - 1);
    }

    /// <summary>The shortest decimal number (as text) whose slot is <paramref name="slot"/>. The table of all 16,384 is
    /// made once, on first use (about 170,000 candidates).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slot"/> is not a slot.</exception>
    public static string Tag(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, Count);
        return (Volatile.Read(ref _tags) ?? Build())[slot];
    }

    private static string[] Build()
    {
        var tags = new string[Count];
        var left = Count;
        Span<byte> digits = stackalloc byte[20];
        for (var n = 0L; left > 0; n++)
        {
            n.TryFormat(digits, out var length, default, CultureInfo.InvariantCulture);
            var slot = Of(digits[..length]);
            if (tags[slot] is null)
            {
                tags[slot] = Encoding.ASCII.GetString(digits[..length]);
                left--;
            }
        }

        Interlocked.CompareExchange(ref _tags, tags, null);
        return Volatile.Read(ref _tags)!;
    }
}
