using System;

namespace ChinaDial.Compliance;

/// <summary>A consent to be called: the proof that a marketing call may be placed.</summary>
/// <param name="Number">The callee (E.164).</param>
/// <param name="Purpose">The purpose consented to.</param>
/// <param name="GrantedAt">When the consent was given.</param>
/// <param name="RevokedAt">When it was withdrawn; <see langword="null"/> while active.</param>
/// <param name="Proof">Where the proof is kept (form id, recording id, ...). Required for the purposes in
/// <see cref="ConsentOptions.RequireProof"/> (default: marketing): a consent without it is no consent there. Must not
/// hold a phone number.</param>
/// <param name="Id">The record's own reference (your CRM's consent id), written with every call that relies on it
/// (<see cref="ConsentEvidence.Id"/>). Must not hold a phone number.</param>
public sealed record ConsentRecord(string Number, CallPurpose Purpose, DateTimeOffset GrantedAt, DateTimeOffset? RevokedAt = null, string? Proof = null, string? Id = null)
{
    /// <summary>Refuses a record that cannot be kept: revoked before it was granted, or a proof or id holding the
    /// callee's number (they are written into audit records as they are, which never hold a number).</summary>
    /// <param name="record">The record.</param>
    /// <param name="callee">The record's <see cref="Number"/>, classified.</param>
    /// <exception cref="ArgumentException">The record is one of those.</exception>
    public static void Check(ConsentRecord record, PhoneNumberInfo callee)
    {
        if (record.RevokedAt is { } revoked && revoked < record.GrantedAt)
        {
            throw new ArgumentException($"The consent is revoked ({revoked:O}) before it was granted ({record.GrantedAt:O}).", nameof(record));
        }

        if (HoldsNumber(record.Proof, callee) || HoldsNumber(record.Id, callee))
        {
            throw new ArgumentException("The consent's proof or id holds the callee's phone number: they are written into audit records, which never hold a number. Use a reference that does not contain it.", nameof(record));
        }
    }

    /// <summary>Whether the digits of <paramref name="text"/> hold <paramref name="number"/>'s national number.</summary>
    internal static bool HoldsNumber(string? text, PhoneNumberInfo number)
    {
        if (string.IsNullOrEmpty(text) || !number.IsParsed)
        {
            return false;
        }

        var e164 = number.ToE164String();
        var national = e164[(number.CountryCode >= 100 ? 4 : number.CountryCode >= 10 ? 3 : 2)..];
        var digits = new string(Array.FindAll(text.ToCharArray(), char.IsAsciiDigit));
        return national.Length > 0 && digits.Contains(national, StringComparison.Ordinal);
    }
}
