using System;
using System.Collections.Generic;
using System.IO;

namespace ChinaDial.Compliance.Cli.Input;

/// <summary>One row of a consents file.</summary>
/// <param name="Line">Its line.</param>
/// <param name="Number">The callee, parsed.</param>
/// <param name="Purpose">The purpose consented to.</param>
/// <param name="GrantedAt">When the consent was given.</param>
/// <param name="RevokedAt">When it was withdrawn, if it was.</param>
/// <param name="Proof">Where its proof is kept (the <c>proof</c> column), if given.</param>
/// <param name="Id">The record's reference: the <c>id</c> column, or <c>FILE:LINE</c> when the file has none.</param>
internal sealed record ConsentRow(long Line, PhoneNumberInfo Number, CallPurpose Purpose, DateTimeOffset GrantedAt, DateTimeOffset? RevokedAt, string? Proof, string Id);

/// <summary>
/// Reads a consents file (CSV: <c>number,purpose,granted_at,revoked_at</c>, and <c>proof</c> — where the proof of the
/// consent is kept — and <c>id</c>, the record's own reference; <c>revoked_at</c>, <c>proof</c> and <c>id</c> may be
/// empty or absent). A consent store resolves the rows by their instants whatever their order. A row that cannot be read
/// (bad number, purpose or timestamp, missing column, <c>revoked_at</c> before <c>granted_at</c>, a proof or id that
/// holds the row's number) stops the run with a message naming file and line; so does a consent without proof for a
/// purpose in <c>Consent:RequireProof</c> (default: marketing), which would be no consent: a file of consents nobody can
/// prove is refused, not half used.
/// </summary>
internal static class ConsentsFile
{
    /// <summary>Reads every row of <paramref name="path"/>, checked against <paramref name="consent"/>.</summary>
    /// <exception cref="InputException">A row cannot be read, or lacks the proof its purpose needs.</exception>
    public static IEnumerable<ConsentRow> Read(string path, ConsentOptions consent)
    {
        ArgumentNullException.ThrowIfNull(consent);
        using var csv = Utf8CsvReader.Open(path);
        var number = csv.Column("number");
        var purpose = csv.Column("purpose");
        var granted = csv.Column("granted_at");
        var revoked = csv.Column("revoked_at");
        var proof = csv.Column("proof", required: false);
        var id = csv.Column("id", required: false);
        var name = Path.GetFileName(path);
        while (csv.Read())
        {
            var line = csv.LineNumber;
            var revokedText = csv.GetString(revoked);
            var grantedAt = CallsFile.Timestamp(csv.GetString(granted), path, line, "granted_at");
            var revokedAt = string.IsNullOrWhiteSpace(revokedText) ? (DateTimeOffset?)null : CallsFile.Timestamp(revokedText, path, line, "revoked_at");
            if (revokedAt < grantedAt)
            {
                throw new InputException(path, line, "'revoked_at' is before 'granted_at': a consent cannot end before it begins.");
            }

            var callee = PhoneNumberClassifier.Classify(NumberColumn.Read(csv.GetString(number), path, line));
            var rowPurpose = CallsFile.Purpose(csv.GetString(purpose), path, line);
            var proofText = Optional(csv, proof);
            var idText = Optional(csv, id) ?? $"{name}:{line}";
            if (proofText is null && consent.RequireProof.Contains(rowPurpose))
            {
                throw new InputException(path, line, $"a {rowPurpose.ToString().ToLowerInvariant()} consent without proof: Consent:RequireProof asks {rowPurpose.ToString().ToLowerInvariant()} consents for a proof reference (a 'proof' column saying where the proof is kept: a signed form's id, a recording's id), and one without it is no consent. Add the proof, or set Consent:RequireProof to [] in the policy to accept consents without one.");
            }

            Refuse(proofText, "proof", callee, path, line);
            Refuse(idText, "id", callee, path, line);
            yield return new ConsentRow(line, callee, rowPurpose, grantedAt, revokedAt, proofText, idText);
        }
    }

    /// <summary>Loads every row of <paramref name="path"/> into <paramref name="store"/>; returns how many.</summary>
    /// <exception cref="InputException">A row cannot be read, or lacks the proof its purpose needs.</exception>
    public static long LoadInto(string path, InMemoryConsentStore store, ConsentOptions consent)
    {
        long rows = 0;
        foreach (var row in Read(path, consent))
        {
            rows++;
            store.Grant(new ConsentRecord(row.Number.ToE164String(), row.Purpose, row.GrantedAt, row.RevokedAt, row.Proof, row.Id));
        }

        return rows;
    }

    private static string? Optional(Utf8CsvReader csv, int column)
    {
        if (column < 0)
        {
            return null;
        }

        var text = csv.GetString(column).Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>A proof or id goes into audit records as it is: one that holds the callee's number would put the number
    /// there.</summary>
    private static void Refuse(string? text, string column, PhoneNumberInfo callee, string path, long line)
    {
        if (text is null)
        {
            return;
        }

        var e164 = callee.ToE164String();
        var national = e164.Length > 4 ? e164[(callee.CountryCode >= 100 ? 4 : callee.CountryCode >= 10 ? 3 : 2)..] : e164;
        var digits = new string(Array.FindAll(text.ToCharArray(), char.IsAsciiDigit));
        if (digits.Contains(national, StringComparison.Ordinal))
        {
            throw new InputException(path, line, $"'{column}' holds the row's phone number: it is written into audit records, which never hold a number. Use a reference that does not contain it.");
        }
    }
}
