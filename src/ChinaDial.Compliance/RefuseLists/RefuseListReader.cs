using System;
using System.IO;
using System.Text;

namespace ChinaDial.Compliance;

/// <summary>
/// Reads a refuse list file: one E.164 number per line, or a CSV file whose header has a <c>number</c> column (other
/// columns ignored, RFC 4180 quotes around a field removed). UTF-8 (a byte-order mark is skipped); blank lines and lines
/// starting with <c>#</c> are skipped. A line that is not a number is an error naming the line: the whole file is
/// refused, since a list read in part would let the people it misses be called.
/// </summary>
public static class RefuseListReader
{
    /// <summary>Reads every number of <paramref name="source"/> (their <see cref="PhoneNumberInfo.Key"/>s, in file
    /// order), calling <paramref name="add"/> for each.</summary>
    /// <param name="source">The file's bytes; left open.</param>
    /// <param name="add">Called with each number's key (a number listed twice is passed twice).</param>
    /// <returns>How many numbers were read.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="add"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">A line is not a number, the CSV header has no <c>number</c> column, the
    /// text is not UTF-8, or the file holds no number.</exception>
    public static long Read(Stream source, Action<ulong> add)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(add);
        using var reader = new StreamReader(source, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        var column = -1; // -1: one number per line
        var headerRead = false;
        long line = 0, numbers = 0;
        string? text;
        try
        {
            while ((text = reader.ReadLine()) is not null)
            {
                line++;
                var span = text.AsSpan();
                if (line == 1 && span.Length > 0 && span[0] == '\uFEFF')
                {
                    span = span[1..];
                }

                span = span.Trim();
                if (span.IsEmpty || span[0] == '#')
                {
                    continue;
                }

                if (!headerRead)
                {
                    headerRead = true;
                    if (span.Contains(',') || !PhoneNumberClassifier.Classify(Unquote(span)).IsParsed)
                    {
                        column = NumberColumn(span, line);
                        continue;
                    }
                }

                var field = column < 0 ? span : Field(span, column, line);
                var number = PhoneNumberClassifier.Classify(Unquote(field));
                if (!number.IsParsed)
                {
                    throw new InvalidDataException($"line {line}: '{Show(field)}' is not an E.164 number (e.g. +8613800138000); the list was not loaded.");
                }

                add(number.Key);
                numbers++;
            }
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"line {line + 1}: not UTF-8 text; save the list as UTF-8. The list was not loaded.", e);
        }

        return numbers > 0 ? numbers : throw new InvalidDataException("the file holds no number (an empty list is a failed export more often than an empty registry); the list was not loaded.");
    }

    private static int NumberColumn(ReadOnlySpan<char> header, long line)
    {
        var index = 0;
        foreach (var range in header.Split(','))
        {
            if (Unquote(header[range].Trim()).Equals("number", StringComparison.OrdinalIgnoreCase))
            {
                return index;
            }

            index++;
        }

        throw new InvalidDataException($"line {line}: neither a number nor a CSV header with a 'number' column ('{Show(header)}'); the list was not loaded.");
    }

    private static ReadOnlySpan<char> Field(ReadOnlySpan<char> row, int column, long line)
    {
        var index = 0;
        foreach (var range in row.Split(','))
        {
            if (index++ == column)
            {
                return row[range].Trim();
            }
        }

        throw new InvalidDataException($"line {line}: no field {column + 1} (the 'number' column); the list was not loaded.");
    }

    private static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> field)
        => field.Length >= 2 && field[0] == '"' && field[^1] == '"' ? field[1..^1].Trim() : field;

    /// <summary>At most 40 characters of a field, control characters escaped.</summary>
    private static string Show(ReadOnlySpan<char> field)
    {
        var builder = new StringBuilder();
        foreach (var c in field[..Math.Min(field.Length, 40)])
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.ToString();
    }
}
