using System;
using System.IO;
using CsvHelper;

namespace ChinaDial.Compliance.Cli.Input;

/// <summary>Opens the tool's CSV inputs with one set of rules, and turns CsvHelper's errors into messages naming file and line.</summary>
internal static class CsvFile
{
    private static readonly CsvReaderOptions Options = new()
    {
        HasHeader = true,
        TrackLineNumbers = true,
        TrimWhitespace = true,
        SkipEmptyLines = true,
        MalformedData = CsvMalformedDataHandling.Throw,
        FieldCountMismatch = CsvFieldCountHandling.Throw,
    };

    public static CsvReader Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: file not found.");
        }

        return CsvReader.Create(new StreamReader(path), Options, leaveOpen: false);
    }

    /// <summary>The index of the column named <paramref name="name"/> (case-insensitive), or -1 when optional and absent.</summary>
    public static int Column(CsvReader csv, string path, string name, bool required = true)
    {
        var headers = Headers(csv, path);
        for (var i = 0; i < headers.Count; i++)
        {
            if (headers[i].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return required
            ? throw new InputException(path, 1, $"no '{name}' column (columns: {string.Join(", ", headers)}).")
            : -1;
    }

    public static bool Advance(CsvReader csv, string path)
    {
        try
        {
            return csv.Read();
        }
        catch (CsvFormatException error)
        {
            throw new InputException(path, error.LineNumber, error.Message);
        }
    }

    private static System.Collections.Generic.IReadOnlyList<string> Headers(CsvReader csv, string path)
    {
        try
        {
            return csv.Headers;
        }
        catch (CsvFormatException error)
        {
            throw new InputException(path, error.LineNumber, error.Message);
        }
    }
}
