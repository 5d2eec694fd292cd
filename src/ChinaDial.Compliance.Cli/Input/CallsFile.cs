using System;
using System.Collections.Generic;
using System.Globalization;

namespace ChinaDial.Compliance.Cli.Input;

/// <summary>
/// Streams a calls file (CSV: <c>id,at,caller_id,destination,purpose</c>, optional <c>client_ip,answered,duration_s</c>)
/// and holds the column parsers the tool's CSV files share. A row that cannot be read (bad timestamp, unknown purpose,
/// missing column, an outcome out of bounds or half given) stops the run with a message naming file, line and column;
/// a row whose phone numbers are invalid is read as it is: the evaluator decides about it.
/// </summary>
internal static class CallsFile
{
    /// <summary>The longest call <c>duration_s</c> may give: one day (86,400 s). Longer is taken for a unit or export
    /// error, not a call.</summary>
    public const double MaxDurationSeconds = 86_400;

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
    public static bool IsInTimeOrder(string path) => Check(path).InTimeOrder;

    /// <summary>Checks every row of <paramref name="path"/> (the numbers and ids are not decoded): how many rows it
    /// has and whether they are in <c>at</c> order.</summary>
    /// <exception cref="InputException">A row cannot be read.</exception>
    public static (long Rows, bool InTimeOrder) Check(string path)
    {
        using var reader = CallsFileReader.Open(path);
        var last = long.MinValue;
        var ordered = true;
        long rows = 0;
        while (reader.Read())
        {
            var at = reader.At.UtcTicks;
            ordered &= at >= last;
            last = Math.Max(last, at);
            rows++;
        }

        return (rows, ordered);
    }

    /// <summary>Parses a timestamp column: ISO-8601 with date, time and offset (<see cref="Iso8601Timestamp"/>).</summary>
    public static DateTimeOffset Timestamp(string text, string path, long line, string column)
        => Iso8601Timestamp.Parse(text, out var value) switch
        {
            Iso8601Timestamp.Result.Parsed => value,
            Iso8601Timestamp.Result.OutOfRange => throw new InputException(path, line, $"'{column}' is '{InputFile.Show(text)}', outside 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z."),
            _ => throw new InputException(path, line, $"'{column}' is '{InputFile.Show(text)}', not {Iso8601Timestamp.Expected}."),
        };

    /// <summary>Parses a purpose column (<c>marketing</c>, <c>service</c>, <c>callback</c>, any case).</summary>
    public static CallPurpose Purpose(string text, string path, long line) => text.Trim().ToUpperInvariant() switch
    {
        "MARKETING" => CallPurpose.Marketing,
        "SERVICE" => CallPurpose.Service,
        "CALLBACK" => CallPurpose.Callback,
        _ => throw new InputException(path, line, $"'purpose' is '{InputFile.Show(text)}'; expected marketing, service or callback."),
    };

    internal static bool? Answered(string text, string path, long line) => text.Trim().ToUpperInvariant() switch
    {
        "" => null,
        "TRUE" or "1" or "YES" => true,
        "FALSE" or "0" or "NO" => false,
        _ => throw new InputException(path, line, $"'answered' is '{InputFile.Show(text)}'; expected true or false."),
    };

    internal static double? Duration(string text, string path, long line)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && IsDuration(seconds)
            ? seconds
            : throw new InputException(path, line, $"'duration_s' is '{InputFile.Show(text)}'; expected a number of seconds from 0 to {MaxDurationSeconds:0} (one day).");
    }

    /// <summary>Whether <paramref name="seconds"/> is a call duration: from 0 to <see cref="MaxDurationSeconds"/> (not NaN).</summary>
    internal static bool IsDuration(double seconds) => seconds is >= 0 and <= MaxDurationSeconds;

    /// <summary>Checks that a row's outcome is whole: <c>answered</c> and <c>duration_s</c> both or neither, except
    /// that an unanswered call may leave its duration empty.</summary>
    internal static void CheckOutcome(bool? answered, double? duration, string path, long line)
    {
        if (answered is null && duration is not null)
        {
            throw new InputException(path, line, "'duration_s' is given but 'answered' is empty; give both (the call's outcome) or neither.");
        }

        if (answered == true && duration is null)
        {
            throw new InputException(path, line, "'answered' is true but 'duration_s' is empty; an answered call needs its duration.");
        }
    }
}
