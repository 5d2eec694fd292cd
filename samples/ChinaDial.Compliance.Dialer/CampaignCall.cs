using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace ChinaDial.Compliance.Samples.Dialer;

/// <summary>One row of the campaign.</summary>
/// <param name="Id">The row id.</param>
/// <param name="CallerId">The caller ID to present; null: the selector picks one.</param>
/// <param name="Destination">The callee, as written in the file.</param>
/// <param name="Purpose">Why the call is made.</param>
/// <param name="SimulatedOutcome">How the fake dialer says the call ended; null: answered, 60 s.</param>
public sealed record CampaignCall(string Id, string? CallerId, string Destination, CallPurpose Purpose, CallOutcome? SimulatedOutcome);

/// <summary>Reads a campaign CSV (header row, comma separated, no quoted fields).</summary>
public static class CampaignFile
{
    /// <summary>Reads <paramref name="path"/>; throws <see cref="InvalidDataException"/> naming the file and line of a bad row.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The calls in file order.</returns>
    public static IReadOnlyList<CampaignCall> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0)
        {
            throw new InvalidDataException($"{path}: empty, expected a header row.");
        }

        var header = lines[0].Split(',');
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            columns[header[i].Trim()] = i;
        }

        foreach (var required in (string[])["id", "destination", "purpose"])
        {
            if (!columns.ContainsKey(required))
            {
                throw new InvalidDataException($"{path}:1: missing column '{required}'.");
            }
        }

        var calls = new List<CampaignCall>(lines.Length - 1);
        for (var n = 1; n < lines.Length; n++)
        {
            if (string.IsNullOrWhiteSpace(lines[n]))
            {
                continue;
            }

            var fields = lines[n].Split(',');
            string? Field(string name) => columns.TryGetValue(name, out var i) && i < fields.Length && fields[i].Trim() is { Length: > 0 } value ? value : null;
            var where = $"{path}:{n + 1}";
            if (!Enum.TryParse<CallPurpose>(Field("purpose"), ignoreCase: true, out var purpose) || !Enum.IsDefined(purpose))
            {
                throw new InvalidDataException($"{where}: purpose must be marketing, service or callback.");
            }

            CallOutcome? outcome = null;
            if (Field("answered") is { } answered)
            {
                if (!bool.TryParse(answered, out var isAnswered)
                    || !double.TryParse(Field("duration_s") ?? "0", NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                    || seconds < 0)
                {
                    throw new InvalidDataException($"{where}: answered must be true or false and duration_s a number of seconds.");
                }

                outcome = new CallOutcome(isAnswered, TimeSpan.FromSeconds(seconds));
            }

            calls.Add(new CampaignCall(Field("id") ?? $"line-{n + 1}", Field("caller_id"), Field("destination") ?? string.Empty, purpose, outcome));
        }

        return calls;
    }
}
