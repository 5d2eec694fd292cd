using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace ChinaDial.Compliance;

/// <summary>One call-back verification of a caller ID: when, and against which Connect configuration version.</summary>
/// <param name="VerifiedAt">When the call-back was verified.</param>
/// <param name="ConnectVersion">The Connect configuration version it was verified against.</param>
internal readonly record struct CallbackVerification(DateTimeOffset VerifiedAt, string ConnectVersion);

/// <summary>
/// The inventory of call-back verifications (<see cref="CallerIdOptions.VerificationsFile"/>): per caller ID, its
/// verifications by instant. Immutable; a new file makes a new inventory.
/// </summary>
internal sealed class CallbackVerifications
{
    /// <summary>The columns every verifications file starts with.</summary>
    public const string Header = "caller_id,verified_at,connect_version,verified_by";

    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm'Z'",
    ];

    private readonly FrozenDictionary<ulong, CallbackVerification[]> _byCallerId;

    private CallbackVerifications(FrozenDictionary<ulong, CallbackVerification[]> byCallerId) => _byCallerId = byCallerId;

    /// <summary>How many caller IDs have a verification.</summary>
    public int Count => _byCallerId.Count;

    /// <summary>The latest verification of <paramref name="callerId"/> at or before <paramref name="at"/>.</summary>
    public CallbackVerification? Latest(PhoneNumberInfo callerId, DateTimeOffset at)
    {
        if (!_byCallerId.TryGetValue(callerId.Key, out var all))
        {
            return null;
        }

        CallbackVerification? latest = null;
        foreach (var verification in all)
        {
            if (verification.VerifiedAt <= at)
            {
                latest = verification; // sorted by instant
            }
        }

        return latest;
    }

    /// <summary>Reads a verifications file.</summary>
    /// <exception cref="InvalidDataException">A row cannot be read (the message names the line and column).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static CallbackVerifications Read(string path)
    {
        using var reader = new StreamReader(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        var byCallerId = new Dictionary<ulong, List<CallbackVerification>>();
        int callerIdColumn = -1, atColumn = -1, versionColumn = -1, columns = 0;
        long line = 0;
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text) || text.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var fields = text.Split(',');
            if (fields.Length == 0 || columns == 0)
            {
                columns = fields.Length;
                callerIdColumn = Array.FindIndex(fields, f => f.Trim().Equals("caller_id", StringComparison.OrdinalIgnoreCase));
                atColumn = Array.FindIndex(fields, f => f.Trim().Equals("verified_at", StringComparison.OrdinalIgnoreCase));
                versionColumn = Array.FindIndex(fields, f => f.Trim().Equals("connect_version", StringComparison.OrdinalIgnoreCase));
                if (callerIdColumn < 0 || atColumn < 0 || versionColumn < 0)
                {
                    throw new InvalidDataException($"{path}:{line}: the header must name the columns caller_id, verified_at and connect_version (e.g. {Header}).");
                }

                continue;
            }

            if (fields.Length != columns || text.Contains('"', StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{path}:{line}: {fields.Length} field(s) (no quotes or commas within a field), but the header has {columns}.");
            }

            var callerId = PhoneNumberClassifier.Classify(fields[callerIdColumn].Trim());
            if (!callerId.IsParsed)
            {
                throw new InvalidDataException($"{path}:{line}: 'caller_id' is not an E.164 number.");
            }

            if (!DateTimeOffset.TryParseExact(fields[atColumn].Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            {
                throw new InvalidDataException($"{path}:{line}: 'verified_at' is not an ISO-8601 instant with its offset (e.g. 2026-11-20T10:00:00+08:00).");
            }

            var version = fields[versionColumn].Trim();
            if (version.Length == 0)
            {
                throw new InvalidDataException($"{path}:{line}: 'connect_version' is empty: a verification is against a configuration.");
            }

            if (!byCallerId.TryGetValue(callerId.Key, out var list))
            {
                byCallerId[callerId.Key] = list = [];
            }

            list.Add(new CallbackVerification(at, version));
        }

        if (columns == 0)
        {
            throw new InvalidDataException($"{path}: empty: the first line must be the header {Header}.");
        }

        var frozen = new Dictionary<ulong, CallbackVerification[]>();
        foreach (var (key, list) in byCallerId)
        {
            list.Sort(static (a, b) => a.VerifiedAt.CompareTo(b.VerifiedAt));
            frozen[key] = [.. list];
        }

        return new CallbackVerifications(frozen.ToFrozenDictionary());
    }
}
