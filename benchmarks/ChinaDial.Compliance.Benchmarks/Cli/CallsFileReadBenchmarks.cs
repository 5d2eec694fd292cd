using System;
using System.Globalization;
using System.IO;
using System.Text;
using BenchmarkDotNet.Attributes;
using ChinaDial.Compliance.Cli.Input;
using CsvHelper;

namespace ChinaDial.Compliance.Benchmarks.Cli;

/// <summary>
/// Reading a calls file for <c>chinadial screen</c>: CsvHelper with the field parsing the tool used before (strings per
/// field, <c>DateTimeOffset.TryParse</c>; the baseline a team would write) against our UTF-8 reader producing the same
/// rows, and the checking pass that reads every row before the first decision is printed. 100,000 rows of the shape
/// of <c>benchmarks/screen/generate_calls.py</c>; time per row.
/// </summary>
[MemoryDiagnoser]
public class CallsFileReadBenchmarks
{
    private const int Rows = 100_000;
    private string _path = string.Empty;

    [GlobalSetup]
    public void WriteFile()
    {
        _path = Path.Combine(Path.GetTempPath(), $"chinadial-calls-bench-{Environment.ProcessId}.csv");
        var random = new Random(8);
        var start = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.FromHours(8));
        var csv = new StringBuilder("id,at,caller_id,destination,purpose,client_ip,answered,duration_s\n");
        string[] purposes = ["service", "marketing", "callback"];
        for (var i = 0; i < Rows; i++)
        {
            var answered = i % 2 == 0 ? (random.Next(3) > 0 ? "true" : "false") : string.Empty;
            var duration = answered == "true" ? random.Next(1, 600).ToString(CultureInfo.InvariantCulture) : answered == "false" ? "0" : string.Empty;
            var ip = i % 3 == 2 ? $"203.0.113.{random.Next(1, 255)}" : string.Empty;
            csv.Append(CultureInfo.InvariantCulture, $"c{i},{start.AddMilliseconds(i * 50L):yyyy-MM-dd'T'HH:mm:ss.fffzzz},+1206555{random.Next(0, 200):0000},+86138{random.Next(0, 5_000_000):00000000},{purposes[i % 3]},{ip},{answered},{duration}\n");
        }

        File.WriteAllText(_path, csv.ToString());
    }

    [GlobalCleanup]
    public void DeleteFile() => File.Delete(_path);

    /// <summary>The tool's calls reader before the UTF-8 reader (commit 9d0000f): CsvHelper through the tool's
    /// <c>CsvFile</c> rules of then (kept below, the tool no longer has them), a string per field,
    /// <c>DateTimeOffset.Parse</c>.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public long CsvHelper_read_rows()
    {
        using var csv = CsvFile.Open(_path);
        int id = CsvFile.Column(csv, _path, "id"), at = CsvFile.Column(csv, _path, "at"), callerId = CsvFile.Column(csv, _path, "caller_id");
        int destination = CsvFile.Column(csv, _path, "destination"), purpose = CsvFile.Column(csv, _path, "purpose");
        int clientIp = CsvFile.Column(csv, _path, "client_ip"), answered = CsvFile.Column(csv, _path, "answered"), duration = CsvFile.Column(csv, _path, "duration_s");
        long sum = 0, index = 0;
        while (csv.Read())
        {
            var line = csv.LineNumber;
            var answer = csv.GetString(answered).Trim().ToUpperInvariant() switch { "" => (bool?)null, "TRUE" => true, _ => false };
            var seconds = csv.GetString(duration);
            var row = new CallRow(
                line,
                index++,
                csv.GetString(id),
                DateTimeOffset.Parse(csv.GetString(at), CultureInfo.InvariantCulture, DateTimeStyles.None),
                csv.GetString(callerId),
                csv.GetString(destination),
                CallsFile.Purpose(csv.GetString(purpose), _path, line),
                csv.GetString(clientIp) is { Length: > 0 } ip ? ip : null,
                answer,
                string.IsNullOrWhiteSpace(seconds) ? null : double.Parse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture));
            sum += row.At.UtcTicks + row.Id.Length;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public long Utf8_reader_read_rows()
    {
        long sum = 0;
        foreach (var row in CallsFile.Read(_path))
        {
            sum += row.At.UtcTicks + row.Id.Length;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public bool Utf8_reader_check_every_row() => CallsFile.IsInTimeOrder(_path);

    /// <summary>The tool's CsvHelper rules before every CSV file moved to the UTF-8 reader.</summary>
    private static class CsvFile
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

        public static CsvReader Open(string path) => CsvReader.Create(new StreamReader(path), Options, leaveOpen: false);

        public static int Column(CsvReader csv, string path, string name)
        {
            for (var i = 0; i < csv.Headers.Count; i++)
            {
                if (csv.Headers[i].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            throw new InvalidDataException($"{path}: no '{name}' column.");
        }
    }
}
