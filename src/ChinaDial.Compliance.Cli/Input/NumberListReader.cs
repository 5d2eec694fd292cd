using System;
using System.Collections.Generic;
using System.IO;

namespace ChinaDial.Compliance.Cli.Input;

/// <summary>
/// Streams the numbers of an inventory file: either one number per line (blank lines and <c>#</c> comments skipped),
/// or a CSV file with a header that has a <c>number</c> column (detected by a comma or a lone <c>number</c> header
/// on the first line).
/// </summary>
internal static class NumberListReader
{
    public readonly record struct Row(long Line, string Number);

    public static IEnumerable<Row> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: file not found.");
        }

        return IsCsv(path) ? ReadCsv(path) : ReadLines(path);
    }

    private static bool IsCsv(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            return text.Contains(',', StringComparison.Ordinal) || text.Equals("number", StringComparison.OrdinalIgnoreCase);
        }

        return false;
    }

    private static IEnumerable<Row> ReadLines(string path)
    {
        long lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length > 0 && !text.StartsWith('#'))
            {
                yield return new Row(lineNumber, text);
            }
        }
    }

    private static IEnumerable<Row> ReadCsv(string path)
    {
        using var csv = CsvFile.Open(path);
        var column = CsvFile.Column(csv, path, "number");
        while (CsvFile.Advance(csv, path))
        {
            yield return new Row(csv.LineNumber, csv.GetString(column));
        }
    }
}
