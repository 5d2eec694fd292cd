using System;

namespace ChinaDial.Compliance.Cli.Input;

/// <summary>
/// The fast path of <see cref="CallsFile.Timestamp"/> for the form tools write, <c>yyyy-MM-ddTHH:mm:ss[.f{1,7}](Z|±hh:mm)</c>,
/// straight from UTF-8: the same instant and offset as <see cref="DateTimeOffset.TryParse(string, IFormatProvider, System.Globalization.DateTimeStyles, out DateTimeOffset)"/>
/// gives, without decoding. Anything else (other forms, out-of-range fields) is left to that general parser.
/// </summary>
internal static class Iso8601Timestamp
{
    private static readonly int[] DaysToMonth = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

    public static bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 20
            || text[4] != (byte)'-' || text[7] != (byte)'-' || text[10] != (byte)'T' || text[13] != (byte)':' || text[16] != (byte)':'
            || !TryDigits(text, 0, 4, out var year) || !TryDigits(text, 5, 2, out var month) || !TryDigits(text, 8, 2, out var day)
            || !TryDigits(text, 11, 2, out var hour) || !TryDigits(text, 14, 2, out var minute) || !TryDigits(text, 17, 2, out var second)
            || year is < 1 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var i = 19;
        long fraction = 0;
        if (text[i] == (byte)'.')
        {
            var digits = 0;
            for (i++; i < text.Length && (uint)(text[i] - '0') <= 9; i++, digits++)
            {
                if (digits == 7)
                {
                    return false;
                }

                fraction = (fraction * 10) + (text[i] - '0');
            }

            if (digits == 0)
            {
                return false;
            }

            for (; digits < 7; digits++)
            {
                fraction *= 10;
            }
        }

        TimeSpan offset;
        var rest = text[i..];
        if (rest.Length == 1 && rest[0] == (byte)'Z')
        {
            offset = TimeSpan.Zero;
        }
        else if (rest.Length == 6 && rest[0] is (byte)'+' or (byte)'-' && rest[3] == (byte)':'
            && TryDigits(rest, 1, 2, out var offsetHours) && TryDigits(rest, 4, 2, out var offsetMinutes)
            && offsetMinutes <= 59 && (offsetHours * 60) + offsetMinutes <= 14 * 60)
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            offset = rest[0] == (byte)'-' ? -offset : offset;
        }
        else
        {
            return false;
        }

        var local = (DaysBefore(year, month) + day - 1) * TimeSpan.TicksPerDay
            + (hour * TimeSpan.TicksPerHour) + (minute * TimeSpan.TicksPerMinute) + (second * TimeSpan.TicksPerSecond) + fraction;
        var utc = local - offset.Ticks;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(local, offset);
        return true;
    }

    /// <summary>Days from 0001-01-01 to the first of <paramref name="month"/> of <paramref name="year"/> (proleptic Gregorian).</summary>
    private static long DaysBefore(int year, int month)
    {
        var y = year - 1L;
        var leap = DateTime.IsLeapYear(year) && month > 2 ? 1 : 0;
        return (y * 365) + (y / 4) - (y / 100) + (y / 400) + DaysToMonth[month - 1] + leap;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + (int)digit;
        }

        return true;
    }
}
