using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ChinaDial.Compliance.Cli.Input;
using FsCheck.Xunit;

namespace ChinaDial.Compliance.Cli.Tests.Input;

public partial class Iso8601TimestampTests
{
    /// <summary>The form, written out: date, T, hours and minutes, optional seconds and fraction, Z or an offset.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Form();

    private static Iso8601Timestamp.Result Parse(string text, out DateTimeOffset value) => Iso8601Timestamp.Parse(text.AsSpan(), out value);

    [Property(MaxTest = 10_000)]
    public bool Every_instant_from_year_1_to_9999_written_with_any_offset_reads_back_as_itself(long ticks, short offsetMinutes, byte form)
    {
        var offset = TimeSpan.FromMinutes(offsetMinutes % (14 * 60 + 1));
        var utc = (long)((ulong)ticks % (ulong)(DateTimeOffset.MaxValue.UtcTicks + 1));
        var local = utc + offset.Ticks;
        if (local < 0 || local > DateTime.MaxValue.Ticks)
        {
            return true; // the local clock reading itself is outside years 1-9999: it has no text
        }

        var instant = new DateTimeOffset(local, offset);
        var text = instant.ToString((form % 3) switch
        {
            0 => "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz",
            1 => "yyyy-MM-dd'T'HH:mm:sszzz",
            _ => "yyyy-MM-dd'T'HH:mmzzz",
        }, CultureInfo.InvariantCulture);
        var expected = (form % 3) switch
        {
            0 => instant,
            1 => new DateTimeOffset(local - (local % TimeSpan.TicksPerSecond), offset),
            _ => new DateTimeOffset(local - (local % TimeSpan.TicksPerMinute), offset),
        };

        return Parse(text, out var value) == Iso8601Timestamp.Result.Parsed && value == expected && value.Offset == offset;
    }

    /// <summary>Mutates a valid timestamp (a character replaced, inserted or removed, anywhere): whatever the parser
    /// accepts is of the form and means what <see cref="DateTimeOffset.TryParse(string, IFormatProvider, DateTimeStyles, out DateTimeOffset)"/> says.</summary>
    [Property(MaxTest = 20_000)]
    public bool Nothing_outside_the_form_is_accepted(byte kind, byte position, char replacement, byte valid)
    {
        string[] seeds = ["2026-11-23T09:00:00+08:00", "2026-11-23T01:00:00.1234567Z", "1969-07-20T20:17:40-05:00", "9999-12-31T23:59:59Z", "0001-01-01T00:00Z", "2026-02-28t23:59:59.5z"];
        const string Alphabet = "0123456789-:+.TtZz /,AMP\u00A0\u0660";
        var text = new StringBuilder(seeds[valid % seeds.Length]);
        var at = position % (text.Length + 1);
        var character = replacement < 128 && (replacement % 3 == 0) ? replacement : Alphabet[replacement % Alphabet.Length];
        switch (kind % 3)
        {
            case 0 when at < text.Length:
                text[at] = character;
                break;
            case 1:
                text.Insert(at, character);
                break;
            default:
                text.Remove(Math.Min(at, text.Length - 1), 1);
                break;
        }

        var mutated = text.ToString();
        if (Parse(mutated, out var value) != Iso8601Timestamp.Result.Parsed)
        {
            return true;
        }

        return Form().IsMatch(mutated)
            && DateTimeOffset.TryParse(mutated, CultureInfo.InvariantCulture, DateTimeStyles.None, out var expected)
            && expected == value && expected.Offset == value.Offset;
    }

    [Theory]
    [InlineData("10:00:00+08:00")]
    [InlineData("2026-11-23Z")]
    [InlineData("2026-11-23")]
    [InlineData("11/23/2026 10:00:00 +08:00")]
    [InlineData("23 Nov 2026 10:00:00 +08:00")]
    [InlineData("Mon, 23 Nov 2026 10:00:00 GMT")]
    [InlineData("2026-11-23T10:00:00")]
    [InlineData("2026-11-23 10:00:00+08:00")]
    [InlineData("2026-11-23T10:00:00+0800")]
    [InlineData("2026-11-23T10:00:00+08")]
    [InlineData("2026-11-23T10:00:00 +08:00")]
    [InlineData("20261123T100000Z")]
    [InlineData("2026-11-23T10Z")]
    [InlineData("2026-11-23T10:00:00.12345678Z")]
    [InlineData("2026-11-23T10:00:00.Z")]
    [InlineData("2026-11-23T10:00:60Z")]
    [InlineData("2026-11-23T24:00:00Z")]
    [InlineData("2026-11-23T10:00:00+14:01")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("+12026-11-23T10:00:00Z")]
    [InlineData("2026-11-23T10:00:00\u0660Z")]
    [InlineData("")]
    public void Anything_but_date_time_and_offset_is_refused(string text)
        => Assert.Equal(Iso8601Timestamp.Result.Malformed, Parse(text, out _));

    [Theory]
    [InlineData("0001-01-01T00:00:00+00:01")]
    [InlineData("9999-12-31T23:59:59-00:01")]
    public void An_instant_outside_years_1_to_9999_is_refused_as_out_of_range(string text)
        => Assert.Equal(Iso8601Timestamp.Result.OutOfRange, Parse(text, out _));

    [Theory]
    [InlineData("1900-01-01T00:00:00Z")]
    [InlineData("1969-12-31T23:59:59.9999999Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    [InlineData("9999-12-31T23:59:59+14:00")]
    public void Instants_before_1970_and_up_to_9999_are_read_as_they_are(string text)
    {
        Assert.Equal(Iso8601Timestamp.Result.Parsed, Parse(text, out var value));
        Assert.Equal(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture), value);
    }
}
