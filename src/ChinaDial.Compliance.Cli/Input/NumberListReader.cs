using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Unicode;

namespace ChinaDial.Compliance.Cli.Input;

/// <summary>
/// Reads the numbers of an inventory file: either one number per line (blank lines and <c>#</c> comments skipped),
/// or a CSV file with a header that has a <c>number</c> column (detected by a comma or a lone <c>number</c> header
/// on the first line), read by <see cref="Utf8CsvReader"/>. UTF-8 only, as every input of the tool: other text stops
/// with file and line.
/// </summary>
internal static class NumberListReader
{
    public readonly record struct Row(long Line, string Number);

    public static IEnumerable<Row> Read(string path)
    {
        var lines = ReadLines(path);
        return IsCsv(lines) ? ReadCsv(path) : FromLines(lines);
    }

    private static bool IsCsv(List<(long Line, string Text)> lines)
    {
        foreach (var (_, text) in lines)
        {
            return text.Contains(',', StringComparison.Ordinal) || text.Equals("number", StringComparison.OrdinalIgnoreCase);
        }

        return false;
    }

    private static IEnumerable<Row> FromLines(List<(long Line, string Text)> lines)
    {
        foreach (var (line, text) in lines)
        {
            yield return new Row(line, text);
        }
    }

    /// <summary>The file's lines that are neither blank nor comments, trimmed, with their line numbers (an inventory
    /// is small: the file is read whole).</summary>
    private static List<(long Line, string Text)> ReadLines(string path)
    {
        byte[] bytes;
        using (var stream = InputFile.Open(path))
        {
            try
            {
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                bytes = copy.ToArray();
            }
            catch (IOException error)
            {
                throw new InputException($"{path}: cannot be read: {error.Message}", error);
            }
        }

        if (InputFile.ForeignByteOrderMark(bytes) is { } encoding)
        {
            throw new InputException(InputFile.NotUtf8($"{path}: {encoding} text"));
        }

        ReadOnlySpan<byte> rest = bytes;
        if (rest.StartsWith("\uFEFF"u8))
        {
            rest = rest[3..];
        }

        var lines = new List<(long, string)>();
        for (long number = 1; !rest.IsEmpty; number++)
        {
            var end = rest.IndexOfAny((byte)'\r', (byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + (rest[end] == (byte)'\r' && end + 1 < rest.Length && rest[end + 1] == (byte)'\n' ? 2 : 1))..];
            if (line.Contains((byte)0))
            {
                throw new InputException(path, number, InputFile.NotUtf8("a NUL byte (UTF-16 text?)"));
            }

            if (!Utf8.IsValid(line))
            {
                throw new InputException(path, number, InputFile.NotUtf8("an invalid UTF-8 sequence"));
            }

            var text = Encoding.UTF8.GetString(line).Trim();
            if (text.Length > 0 && !text.StartsWith('#'))
            {
                lines.Add((number, text));
            }
        }

        return lines;
    }

    private static IEnumerable<Row> ReadCsv(string path)
    {
        using var csv = Utf8CsvReader.Open(path);
        var column = csv.Column("number");
        while (csv.Read())
        {
            yield return new Row(csv.LineNumber, csv.GetString(column));
        }
    }
}
