using System;
using System.Collections.Generic;
using System.Globalization;

namespace ChinaDial.Compliance.Cli.Input;

/// <summary>
/// Streams a calls file (CSV: <c>id,at,caller_id,destination,purpose</c>, optional <c>client_ip,answered,duration_s</c>).
/// A row that cannot be read (bad timestamp, unknown purpose, missing column) stops the run with a message naming
/// file and line; a row whose phone numbers are invalid is read as it is: the evaluator decides about it.
/// </summary>
internal static class CallsFile
{
    /// <summary>Every row of <paramref name="path"/>, in file order.</summary>
    public static IEnumerable<CallRow> Read(string path)
    {
        using var reader = CallsFileReader.Open(path);
        while (reader.Read())
        {
            yield return reader.ToRow();
        }
    }

    /// <summary>Checks every row of <paramref name="path"/> (the numbers and ids are not decoded) and tells whether
    /// the rows are in <c>at</c> order.</summary>
    /// <exception cref="InputException">A row cannot be read.</exception>
    public static bool IsInTimeOrder(string path)
    {
        using var reader = CallsFileReader.Open(path);
        var last = long.MinValue;
        var ordered = true;
        while (reader.Read())
        {
            var at = reader.At.UtcTicks;
            ordered &= at >= last;
            last = Math.Max(last, at);
        }

        return ordered;
    }

    /// <summary>Parses an ISO-8601 timestamp that carries an offset (<c>2026-11-23T09:00:00+08:00</c>, or <c>Z</c>).</summary>
    public static DateTimeOffset Timestamp(string text, string path, long line, string column)
    {
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && (text[^6] is '+' or '-') && text[^3] == ':');
        if (!hasOffset || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            throw new InputException(path, line, $"'{column}' is '{text}', not an ISO-8601 timestamp with an offset (e.g. 2026-11-23T09:00:00+08:00).");
        }

        return value;
    }

    /// <summary>Parses a purpose column (<c>marketing</c>, <c>service</c>, <c>callback</c>, any case).</summary>
    public static CallPurpose Purpose(string text, string path, long line) => text.Trim().ToUpperInvariant() switch
    {
        "MARKETING" => CallPurpose.Marketing,
        "SERVICE" => CallPurpose.Service,
        "CALLBACK" => CallPurpose.Callback,
        _ => throw new InputException(path, line, $"'purpose' is '{text}'; expected marketing, service or callback."),
    };

    internal static bool? Answered(string text, string path, long line) => text.Trim().ToUpperInvariant() switch
    {
        "" => null,
        "TRUE" or "1" or "YES" => true,
        "FALSE" or "0" or "NO" => false,
        _ => throw new InputException(path, line, $"'answered' is '{text}'; expected true or false."),
    };

    internal static double? Duration(string text, string path, long line)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && double.IsFinite(seconds)
            ? seconds
            : throw new InputException(path, line, $"'duration_s' is '{text}'; expected a number of seconds >= 0.");
    }
}
