using System;
using System.Globalization;
using System.Text;

namespace ChinaDial.Compliance.Cli.Input;

/// <summary>
/// Reads the rows of a calls file one at a time, checking the columns <see cref="CallsFile"/> parses (<c>at</c>,
/// <c>purpose</c>, <c>answered</c>, <c>duration_s</c>) straight from UTF-8; the ids and numbers become strings only in
/// <see cref="ToRow"/>. A value off the fast paths goes through <see cref="CallsFile"/>'s string parsers, so the same
/// values are accepted and the same messages given (timestamps have one parser, <see cref="Iso8601Timestamp"/>).
/// </summary>
internal sealed class CallsFileReader : IDisposable
{
    private readonly Utf8CsvReader _csv;
    private readonly string _path;
    private readonly int _id;
    private readonly int _at;
    private readonly int _callerId;
    private readonly int _destination;
    private readonly int _purpose;
    private readonly int _clientIp;
    private readonly int _answered;
    private readonly int _duration;
    private readonly Utf8StringCache _callerIds = new();
    private long _index = -1;

    private CallsFileReader(Utf8CsvReader csv, string path)
    {
        _csv = csv;
        _path = path;
        _id = csv.Column("id");
        _at = csv.Column("at");
        _callerId = csv.Column("caller_id");
        _destination = csv.Column("destination");
        _purpose = csv.Column("purpose");
        _clientIp = csv.Column("client_ip", required: false);
        _answered = csv.Column("answered", required: false);
        _duration = csv.Column("duration_s", required: false);
    }

    /// <summary>The current row's <c>at</c>.</summary>
    public DateTimeOffset At { get; private set; }

    /// <summary>The current row's purpose.</summary>
    public CallPurpose Purpose { get; private set; }

    /// <summary>The current row's <c>answered</c>; null when absent or empty.</summary>
    public bool? Answered { get; private set; }

    /// <summary>The current row's <c>duration_s</c>; null when absent or empty.</summary>
    public double? DurationSeconds { get; private set; }

    public static CallsFileReader Open(string path)
    {
        var csv = Utf8CsvReader.Open(path);
        try
        {
            return new CallsFileReader(csv, path);
        }
        catch
        {
            csv.Dispose();
            throw;
        }
    }

    /// <summary>Moves to the next row and checks it; false at the end of the file.</summary>
    /// <exception cref="InputException">The row cannot be read.</exception>
    public bool Read()
    {
        if (!_csv.Read())
        {
            return false;
        }

        _index++;
        var line = _csv.LineNumber;
        var at = _csv[_at];
        At = Iso8601Timestamp.TryParse(at, out var instant) ? instant : CallsFile.Timestamp(_csv.GetString(_at), _path, line, "at");
        Purpose = ParsePurpose(_csv[_purpose], out var purpose) ? purpose : CallsFile.Purpose(_csv.GetString(_purpose), _path, line);
        Answered = _answered < 0 ? null : ParseAnswered(_csv[_answered], out var answered) ? answered : CallsFile.Answered(_csv.GetString(_answered), _path, line);
        DurationSeconds = _duration < 0 ? null : ParseDuration(_csv[_duration], out var duration) ? duration : CallsFile.Duration(_csv.GetString(_duration), _path, line);
        CallsFile.CheckOutcome(Answered, DurationSeconds, _path, line);
        return true;
    }

    /// <summary>The current row with its ids and numbers as strings.</summary>
    public CallRow ToRow()
    {
        var clientIp = _clientIp < 0 || IsBlank(_csv[_clientIp]) ? null : _csv.GetString(_clientIp);
        return new CallRow(
            _csv.LineNumber,
            _index,
            _csv.GetString(_id),
            At,
            _callerIds.Get(_csv[_callerId]),
            _csv.GetString(_destination),
            Purpose,
            clientIp,
            Answered,
            DurationSeconds);
    }

    public void Dispose() => _csv.Dispose();

    private static bool ParsePurpose(ReadOnlySpan<byte> text, out CallPurpose purpose)
    {
        if (Ascii.EqualsIgnoreCase(text, "marketing"u8))
        {
            purpose = CallPurpose.Marketing;
            return true;
        }

        if (Ascii.EqualsIgnoreCase(text, "service"u8))
        {
            purpose = CallPurpose.Service;
            return true;
        }

        purpose = CallPurpose.Callback;
        return Ascii.EqualsIgnoreCase(text, "callback"u8);
    }

    private static bool ParseAnswered(ReadOnlySpan<byte> text, out bool? answered)
    {
        answered = text.Length == 0 ? null
            : Ascii.EqualsIgnoreCase(text, "true"u8) || text.SequenceEqual("1"u8) ? true
            : Ascii.EqualsIgnoreCase(text, "false"u8) || text.SequenceEqual("0"u8) ? false
            : null;
        return text.Length == 0 || answered.HasValue;
    }

    private static bool ParseDuration(ReadOnlySpan<byte> text, out double? seconds)
    {
        seconds = null;
        if (text.Length == 0)
        {
            return true;
        }

        if (text.Length <= 9 && text.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0)
        {
            var whole = 0;
            foreach (var digit in text)
            {
                whole = (whole * 10) + (digit - '0');
            }

            seconds = whole; // exact: what double.TryParse gives for up to 9 digits
            return CallsFile.IsDuration(whole);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && CallsFile.IsDuration(value))
        {
            seconds = value;
            return true;
        }

        return false;
    }

    private static bool IsBlank(ReadOnlySpan<byte> text) => text.Trim(" \t"u8).IsEmpty;
}
