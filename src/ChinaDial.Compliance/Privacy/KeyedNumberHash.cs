using System;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ChinaDial.Compliance;

/// <summary>
/// A number's key where a store must not hold the number: the first 64 bits of the HMAC-SHA256 of its 64-bit key
/// (<see cref="PhoneNumberInfo.Key"/>) under a secret. One definition for the in-memory suppressions and refuse lists
/// and the Redis adapter's callee keys, so that they cannot drift apart.
/// </summary>
public static class KeyedNumberHash
{
    /// <summary>64 bits of the HMAC-SHA256 of <paramref name="number"/> (big-endian) under <paramref name="secret"/>.</summary>
    /// <param name="secret">The secret (any length; keep it out of the store).</param>
    /// <param name="number">A number's <see cref="PhoneNumberInfo.Key"/>.</param>
    /// <returns>The number's key in the store.</returns>
    public static ulong Of(ReadOnlySpan<byte> secret, ulong number)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HmacSha256.OfNumber(secret, number, mac);
        return BinaryPrimitives.ReadUInt64BigEndian(mac);
    }
}
