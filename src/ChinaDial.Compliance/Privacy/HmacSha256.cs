using System;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ChinaDial.Compliance;

/// <summary>
/// HMAC-SHA256 of short inputs under a few long-lived keys, the same bytes as <see cref="HMACSHA256.HashData(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>
/// at a fraction of its cost: each thread keeps a keyed <see cref="IncrementalHash"/> for each of the last
/// <see cref="KeysPerThread"/> keys it used, so a number's hash is one reset and two compressions rather than a new
/// native HMAC context (algorithm fetch, key schedule, allocations) per call. Used for the audit trail's pseudonyms and
/// the stores' keyed number hashes, the measured cost of an audited decision.
/// </summary>
internal static class HmacSha256
{
    /// <summary>Keys a thread keeps contexts for (the audit pepper, a store's secret, …); a further key replaces the
    /// least recently added one.</summary>
    internal const int KeysPerThread = 4;

    [ThreadStatic]
    private static Entry[]? _entries;

    [ThreadStatic]
    private static int _next;

    /// <summary>Writes the HMAC-SHA256 of <paramref name="data"/> under <paramref name="key"/> to
    /// <paramref name="destination"/> (32 bytes).</summary>
    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var hmac = For(key);
        hmac.AppendData(data);
        if (!hmac.TryGetHashAndReset(destination, out var written) || written != HMACSHA256.HashSizeInBytes)
        {
            throw new CryptographicException("HMAC-SHA256 did not produce 32 bytes.");
        }
    }

    /// <summary>Writes the HMAC-SHA256 of a number's <see cref="PhoneNumberInfo.Key"/> (its eight bytes, big-endian)
    /// under <paramref name="key"/> to <paramref name="destination"/> (32 bytes): the one input both the audit
    /// pseudonyms and the stores' keyed hashes take of a number.</summary>
    public static void OfNumber(ReadOnlySpan<byte> key, ulong number, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64BigEndian(input, number);
        Compute(key, input, destination);
    }

    private static IncrementalHash For(ReadOnlySpan<byte> key)
    {
        var entries = _entries ??= new Entry[KeysPerThread];
        foreach (var entry in entries)
        {
            if (entry.Key is { } cached && key.SequenceEqual(cached))
            {
                return entry.Hmac!;
            }
        }

        var slot = _next;
        _next = (slot + 1) % KeysPerThread;
        entries[slot].Hmac?.Dispose();
        var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        entries[slot] = new Entry(key.ToArray(), hmac);
        return hmac;
    }

    private record struct Entry(byte[]? Key, IncrementalHash? Hmac);
}
