using System;

namespace ChinaDial.Compliance;

/// <summary>
/// Turns a phone number into a keyed hash (HMAC-SHA256 of its digits with a secret pepper, first 16 bytes as hex),
/// so audit records can be joined per number without holding the number. Without the pepper the hash cannot be
/// reversed by trying every number.
/// </summary>
public sealed class NumberPseudonymizer
{
    private readonly byte[] _pepper;

    /// <summary>Creates a pseudonymizer with <paramref name="pepper"/> (at least 16 bytes; keep it secret and stable).</summary>
    /// <exception cref="ArgumentException">The pepper is shorter than 16 bytes.</exception>
    public NumberPseudonymizer(ReadOnlySpan<byte> pepper)
    {
        if (pepper.Length < 16)
        {
            throw new ArgumentException("The pepper must be at least 16 bytes.", nameof(pepper));
        }

        _pepper = pepper.ToArray();
    }

    /// <summary>The keyed hash of <paramref name="number"/> (32 hex characters), or <c>invalid</c> when it was not parsed.</summary>
    public string Hash(PhoneNumberInfo number)
    {
        if (!number.IsParsed)
        {
            return "invalid";
        }

        Span<byte> mac = stackalloc byte[32];
        HmacSha256.OfNumber(_pepper, number.Key, mac);
        return Convert.ToHexStringLower(mac[..16]);
    }
}
