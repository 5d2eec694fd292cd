using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace ChinaDial.Compliance.Cli.Tests.EndToEnd;

/// <summary>
/// The sample files (samples/data), mutated (bytes, fields, quotes, columns, rows, timestamps, numbers, encodings, policy
/// keys and values) and given to the built tool as a process. Each case mutates <see cref="Batch"/> inputs (one file of
/// a sample set each); <c>chinadial check</c> reads all of them in one process, and the first <see cref="FullRuns"/> also
/// go through the command that uses them (<c>screen</c>, <c>report</c> or <c>audit-numbers</c>, the other inputs the
/// samples). Every run exits 0, 1 or 2, prints no stack trace and reports no internal error; <c>check</c> gives every
/// file a line; a full run exits 2 exactly when <c>check</c> found its file unreadable, with the same message, and then
/// prints no decision.
/// </summary>
/// <remarks>A failing case shrinks towards fewer and simpler mutations (every field of a <see cref="Mutation"/> shrinks
/// towards 0). The processes run with tiered compilation on (the tool ships with it off, for long replays): the same
/// code, started about twice as fast.</remarks>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Batch = 20;
    private const int FullRuns = 3;
    private const int Cases = 25; // 500 mutated inputs, 75 of them also run in full

    private static readonly Dictionary<string, string> FastStart = new() { ["DOTNET_TieredCompilation"] = "1", ["DOTNET_TieredPGO"] = "0" };

    private static readonly string Samples = Path.Combine(RepositoryRoot.Path, "samples", "data");

    private enum Target
    {
        Calls,
        Consents,
        OptOuts,
        Policy,
        Inventory,
    }

    /// <summary>One mutation, all of it numbers (FsCheck shrinks each towards 0, the simplest); see <see cref="Apply"/>.</summary>
    public readonly record struct Mutation(byte Target, byte Kind, byte Row, byte Column, ushort Value, int Seed, byte More, bool Report);

    private static readonly string[] FieldValues =
    [
        "", " ", "\"", "x", "0", "-1", "-0", "1e20", "9e11", "NaN", "Infinity", "-Infinity", "∞", "86400", "86401", "1e-300", "0x10",
        "true", "false", "yes", "maybe", "TRUE", "1", "+8613800138000", "+864001234567", "+85221234567", "+80012345678", "+8695588",
        "+18002345678", "+", "+0", "++86", "８６１３８", "+8613800138000000000000", "+86 138 0013 8000", "tel:+8613800138000",
        "all", "ALL", "Marketing", "service ", "callback", "robocall", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59.9999999Z",
        "9999-12-31T20:00:00-03:59", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00+08:00", "1969-12-31T23:59:59Z", "1900-01-01T00:00:00+08:00",
        "2026-11-23T10:00:00+14:00", "2026-11-23T10:00:00-14:00", "2026-11-23T10:00:00+15:00", "10:00:00+08:00", "2026-11-23Z",
        "11/23/2026 10:00:00 +08:00", "23 Nov 2026 10:00:00 +08:00", "2026-02-29T10:00:00Z", "2028-02-29T23:59:59.9999999+08:00",
        "2026-11-23T10:00:00.12345678Z", "2026-11-23t10:00z", "2026-11-23 10:00:00+08:00", "\u0000", "\u202E", "🙂", "\u00A0",
        "10.0.0.1", "::1", "999.999.999.999", new string('9', 5_000), new string('x', 70_000),
    ];

    private static readonly string[] JsonValues =
    [
        "7", "-1", "0", "\"7\"", "1e308", "-1e308", "1.5", "\"\"", "null", "true", "[]", "{}", "\"99999999.00:00:00\"",
        "\"10675199.02:48:05.4775807\"", "\"-00:00:01\"", "\"00:00:00\"", "\"00:00:00.0000001\"", "\"24:00\"", "\"23:59:59.9999999\"",
        "\"Observe\"", "\"observe\"", "\"Enforce\"", "\"x\"", "[7]", "[\"Monday\",\"Funday\"]", "[\"+8613800138000\"]",
        "[\"+18002345678\"]", "{\"a\":1}", "\"9999-12-31\"", "\"Asia/Nowhere\"", "\"UTC\"", "\"Etc/GMT+14\"", "2147483648",
        "[{\"Limit\":0,\"Window\":\"00:00:00\"}]", "[{\"Limit\":2147483647,\"Window\":\"10675199.00:00:00\"}]", "{\"caller-id\":\"Observe\",\"nope\":\"Observe\"}",
    ];

    private static readonly string[] PolicyPaths =
    [
        "CallerIds:Approved", "CallerIds:ProhibitedRegions", "CallerIds:ProhibitTollFree", "CallerIds:ApprovedDestinations", "Destinations:AllowedCountries",
        "Destinations:DeniedPrefixes", "Destinations:AllowedKinds", "CallerIdRate:Limit", "CallerIdRate:Window", "CallerIdRate:Algorithm", "CallerIdRate:Burst",
        "CallerIdRate:Enabled", "CallingHours:Start", "CallingHours:End", "CallingHours:TimeZone", "CallingHours:Days", "CallingHours:RestrictedDates",
        "CallingHours:StopBeforeEnd", "CallingHours:Purposes", "CallingHours:CountryTimeZones", "Consent:RequiredFor", "DestinationFrequency:PerDestination",
        "DestinationFrequency:PerCallerIdAndDestination", "DestinationFrequency:Enabled", "Concurrency:MaxCallsInProgress", "CallerIdHealth:MinimumCalls",
        "CallerIdHealth:QuarantineCoolDown", "CallerIdHealth:Window", "CallerIdHealth:ShortCallThreshold", "CallerIdHealth:AnswerRate",
        "Evaluator:TicketLifetime", "Evaluator:PolicyTimeout", "Evaluator:PolicyModes", "Audit:Pepper",
    ];

    [Fact]
    public void Mutated_sample_files_never_crash_the_built_tool()
    {
        var one = ArbMap.Default.ArbFor<Mutation>();
        var batches = Arb.From(
            one.Generator.ArrayOf(Batch),
            batch => Enumerable.Range(0, batch.Length).SelectMany(i => one.Shrinker(batch[i]).Select(smaller => batch.Select((m, j) => j == i ? smaller : m).ToArray())));
        int inputs = 0, processes = 0;
        var clock = Stopwatch.StartNew();

        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(Cases),
            Prop.ForAll(batches, batch =>
            {
                var failure = RunBatch(batch);
                Interlocked.Add(ref inputs, batch.Length);
                Interlocked.Add(ref processes, 1 + FullRuns);
                return failure is null ? true.ToProperty() : false.Label(failure);
            }));

        output.WriteLine($"{inputs} mutated inputs, {processes} runs of the built tool, in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(inputs >= 500, $"{inputs} mutated inputs");
    }

    /// <summary>Writes the mutated inputs of <paramref name="batch"/>, checks them all in one run and the first
    /// <see cref="FullRuns"/> in full, side by side; tells what went wrong (null: nothing).</summary>
    private static string? RunBatch(Mutation[] batch)
    {
        var folder = Directory.CreateTempSubdirectory("chinadial-fuzz-");
        try
        {
            var inputs = batch.Select((mutation, i) => Input.Write(Path.Combine(folder.FullName, i.ToString(CultureInfo.InvariantCulture)), mutation)).ToArray();
            var checkArgs = new List<string> { "check" };
            foreach (var input in inputs)
            {
                checkArgs.Add(input.Target switch
                {
                    Target.Calls => "--calls",
                    Target.Consents => "--consents",
                    Target.OptOuts => "--opt-outs",
                    Target.Policy => "--policy",
                    _ => "--numbers",
                });
                checkArgs.Add(input.Mutated);
            }

            var runs = new BuiltCli[1 + FullRuns];
            var args = new[] { checkArgs.ToArray() }.Concat(inputs.Take(FullRuns).Select(i => i.FullRun)).ToArray();
            Parallel.For(0, args.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => runs[i] = BuiltCli.Run(FastStart, args[i]));

            var check = runs[0];
            if (Judge(check, decisionsOnFailure: true) is { } checkProblem)
            {
                // The input named in the message, or all of them.
                var named = inputs.Where(i => check.Stdout.Contains($"\"{i.Mutated}\",\"kind\"", StringComparison.Ordinal) && check.Stderr.Contains(i.Mutated, StringComparison.Ordinal)).ToList();
                return Describe(checkProblem, "check", checkArgs, check, named.Count > 0 ? named : inputs);
            }

            var lines = check.Lines.ToDictionary(l => l.GetProperty("file").GetString()!);
            if (lines.Count != inputs.Length || !inputs.All(i => lines.ContainsKey(i.Mutated)))
            {
                return Describe("check did not give every file its line", "check", checkArgs, check, []);
            }

            if (check.ExitCode != (lines.Values.All(l => l.GetProperty("readable").GetBoolean()) ? 0 : 2))
            {
                return Describe("check's exit code does not match its lines", "check", checkArgs, check, []);
            }

            for (var i = 0; i < FullRuns; i++)
            {
                var run = runs[1 + i];
                var line = lines[inputs[i].Mutated];
                var readable = line.GetProperty("readable").GetBoolean();
                var problem = Judge(run, decisionsOnFailure: false)
                    ?? (readable && run.ExitCode == 2 ? "check read the file, the full run did not" : null)
                    ?? (!readable && run.ExitCode != 2 ? "check did not read the file, the full run did" : null)
                    ?? (!readable && !WithoutNotices(run.Stderr).StartsWith($"chinadial: {line.GetProperty("problem").GetString()}", StringComparison.Ordinal) ? "check and the full run name different problems" : null)
                    ?? (readable && inputs[i].FullRun[0] != "report" && run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length != Rows(inputs[i], line) ? "not one output line per row" : null);
                if (problem is not null)
                {
                    return Describe(problem, "full run", inputs[i].FullRun, run, [inputs[i]]) + $"\ncheck said: {line}";
                }
            }

            return null;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The rows the full run of <paramref name="input"/> answers: those of its calls file, or of its
    /// inventory for <c>audit-numbers</c> (check's count when that file is the mutated one).</summary>
    private static long Rows(Input input, JsonElement checkLine)
        => input.Target is Target.Calls or Target.Inventory ? checkLine.GetProperty("rows").GetInt64()
            : File.ReadLines(Path.Combine(Samples, "calls.csv")).Count() - 1;

    private static string Describe(string problem, string what, IEnumerable<string> args, BuiltCli run, IEnumerable<Input> inputs)
        => $"{what}: {problem}\nargs: {string.Join(' ', args)}\nexit: {run.ExitCode}\nstderr: {Cut(run.Stderr)}\nstdout: {Cut(run.Stdout)}\n"
            + string.Join('\n', inputs.Select(i => $"{i.Mutation} on {i.Target}: {Cut(i.Text)}"));

    /// <summary>One mutated input: a sample set in its own folder with one file mutated.</summary>
    private sealed record Input(Mutation Mutation, Target Target, string Mutated, string[] FullRun, string Text)
    {
        public static Input Write(string folder, Mutation mutation)
        {
            Directory.CreateDirectory(folder);
            var target = (Target)(mutation.Target % 5);
            var files = new Dictionary<Target, string>
            {
                [Target.Calls] = Path.Combine(folder, "calls.csv"),
                [Target.Consents] = Path.Combine(folder, "consents.csv"),
                [Target.OptOuts] = Path.Combine(folder, "opt-outs.csv"),
                [Target.Policy] = Path.Combine(folder, "policy.json"),
                [Target.Inventory] = Path.Combine(folder, "inventory.csv"),
            };
            File.Copy(Path.Combine(Samples, "calls.csv"), files[Target.Calls]);
            File.Copy(Path.Combine(Samples, "consents.csv"), files[Target.Consents]);
            File.Copy(Path.Combine(Samples, "opt-outs.csv"), files[Target.OptOuts]);
            File.Copy(Path.Combine(Samples, "policy.json"), files[Target.Policy]);
            File.Copy(Path.Combine(Samples, "caller-id-inventory.csv"), files[Target.Inventory]);
            File.Copy(Path.Combine(Samples, "callback-verifications.csv"), Path.Combine(folder, "callback-verifications.csv")); // the policy names it
            File.Copy(Path.Combine(Samples, "refuse-call.csv"), Path.Combine(folder, "refuse-call.csv"));

            var random = new Random(mutation.Seed);
            var bytes = Apply(target, mutation, File.ReadAllBytes(files[target]), random);
            for (var i = 0; i < mutation.More % 3; i++)
            {
                bytes = Apply(target, mutation with { Kind = (byte)random.Next(256), Row = (byte)random.Next(256), Column = (byte)random.Next(256), Value = (ushort)random.Next(65536) }, bytes, random);
            }

            File.WriteAllBytes(files[target], bytes);
            string[] fullRun = target == Target.Inventory
                ? ["audit-numbers", files[Target.Inventory], .. mutation.Report ? new[] { "--policy", Path.Combine(Samples, "policy.json") } : []]
                : [mutation.Report ? "report" : "screen", "--calls", files[Target.Calls], "--policy", files[Target.Policy], "--consents", files[Target.Consents], "--opt-outs", files[Target.OptOuts], "--refuse-list", "carrier-refuse-call=" + Path.Combine(folder, "refuse-call.csv"), .. mutation.Report ? new[] { "--out", Path.Combine(folder, "report.html") } : []];
            return new Input(mutation, target, files[target], fullRun, Encoding.UTF8.GetString(bytes));
        }
    }

    /// <summary>What is wrong with a run whatever its input (null: nothing): an exit code other than 0, 1, 2, a stack
    /// trace, an internal error, decisions printed by a run that failed (unless <paramref name="decisionsOnFailure"/>:
    /// check's lines), output that is not JSON objects.</summary>
    private static string? Judge(BuiltCli run, bool decisionsOnFailure)
    {
        if (run.ExitCode is not (0 or 1 or 2))
        {
            return $"exit {run.ExitCode}";
        }

        if (run.Stderr.Contains("Unhandled exception", StringComparison.Ordinal) || run.Stderr.Split('\n').Any(line => line.StartsWith("   at ", StringComparison.Ordinal)))
        {
            return "a stack trace";
        }

        if (run.Stderr.Contains("internal error", StringComparison.Ordinal))
        {
            return "an internal error";
        }

        if (run.ExitCode == 2 && run.Stdout.Length > 0 && !decisionsOnFailure)
        {
            return "exit 2 after printing decisions";
        }

        foreach (var line in run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                using var json = JsonDocument.Parse(line);
                if (json.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return $"not a JSON object: {Cut(line)}";
                }
            }
            catch (JsonException)
            {
                return $"not JSON: {Cut(line)}";
            }
        }

        return null;
    }

    private static string Cut(string text) => text.Length <= 600 ? text : text[..600] + "…";

    private static byte[] Apply(Target target, Mutation mutation, byte[] input, Random random)
        => target == Target.Policy ? MutatePolicy(mutation, input, random) : MutateCsv(target, mutation, input, random);

    private static byte[] MutateCsv(Target target, Mutation m, byte[] input, Random random)
    {
        var text = Encoding.UTF8.GetString(input);
        var lines = text.Split('\n').Where(l => l.Length > 0).ToList();
        var row = lines.Count == 0 ? 0 : m.Row % lines.Count;
        string[] Fields(int r) => lines[r].Split(',');
        string Join() => string.Join('\n', lines) + "\n";
        void SetField(int r, int column, string value)
        {
            var fields = Fields(r);
            fields[column % fields.Length] = value;
            lines[r] = string.Join(',', fields);
        }

        string Quoted(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        string Value() => FieldValues[m.Value % FieldValues.Length];

        switch (m.Kind % 13)
        {
            case 0 when lines.Count > 1: // a field, raw (a comma or quote in it changes the row's shape too)
                SetField(1 + (m.Row % (lines.Count - 1)), m.Column, Value());
                return Encoding.UTF8.GetBytes(Join());
            case 1 when lines.Count > 1: // a field, quoted as RFC 4180 wants
                SetField(1 + (m.Row % (lines.Count - 1)), m.Column, Quoted(Value()));
                return Encoding.UTF8.GetBytes(Join());
            case 2 when lines.Count > 1: // a timestamp column: a timestamp of random parts
                SetField(1 + (m.Row % (lines.Count - 1)), TimestampColumn(target, Fields(0), m.Column), RandomTimestamp(random));
                return Encoding.UTF8.GetBytes(Join());
            case 3 when lines.Count > 0: // a quote somewhere in a line
                lines[row] = lines[row].Insert(m.Column % (lines[row].Length + 1), random.Next(3) == 0 ? "\"\"" : "\"");
                return Encoding.UTF8.GetBytes(Join());
            case 4 when lines.Count > 0: // the header: a column named twice, renamed, dropped, or two swapped
                var header = Fields(0).ToList();
                var column = m.Column % header.Count;
                switch (m.Value % 4)
                {
                    case 0: header.Add(header[column].ToUpperInvariant()); break;
                    case 1: header[column] = Value(); break;
                    case 2: header.RemoveAt(column); break;
                    default: (header[column], header[(column + 1) % header.Count]) = (header[(column + 1) % header.Count], header[column]); break;
                }

                lines[0] = string.Join(',', header);
                return Encoding.UTF8.GetBytes(Join());
            case 5 when lines.Count > 0: // a column dropped from every line, or a field more or less in one line
                if (m.Value % 3 == 0)
                {
                    for (var r = 0; r < lines.Count; r++)
                    {
                        var fields = Fields(r).ToList();
                        fields.RemoveAt(m.Column % fields.Count);
                        lines[r] = string.Join(',', fields);
                    }
                }
                else
                {
                    lines[row] = m.Value % 3 == 1 ? lines[row] + "," + Value() : string.Join(',', Fields(row).SkipLast(1));
                }

                return Encoding.UTF8.GetBytes(Join());
            case 6 when lines.Count > 1: // rows: one doubled, one dropped, or all shuffled
                var data = lines.Skip(1).ToList();
                switch (m.Value % 3)
                {
                    case 0: data.Insert(m.Row % data.Count, data[m.Column % data.Count]); break;
                    case 1: data.RemoveAt(m.Row % data.Count); break;
                    default: random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(data)); break;
                }

                lines = [lines[0], .. data];
                return Encoding.UTF8.GetBytes(Join());
            case 7: // bytes replaced
                var flipped = input.ToArray();
                for (var i = 0; i < 1 + (m.Value % 3) && flipped.Length > 0; i++)
                {
                    flipped[random.Next(flipped.Length)] = NastyByte(random);
                }

                return flipped;
            case 8: // bytes inserted
                var at = input.Length == 0 ? 0 : m.Value % (input.Length + 1);
                return [.. input.AsSpan(0, at), .. Enumerable.Range(0, 1 + (m.Column % 4)).Select(_ => NastyByte(random)), .. input.AsSpan(at)];
            case 9: // cut short, or a range taken out
                var from = input.Length == 0 ? 0 : m.Value % input.Length;
                return m.Column % 2 == 0 ? input[..from] : [.. input.AsSpan(0, from), .. input.AsSpan(Math.Min(input.Length, from + 1 + (m.Row % 40)))];
            case 10: // other encodings and line ends
                return (m.Value % 6) switch
                {
                    0 => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
                    1 => Encoding.Unicode.GetBytes(text),
                    2 => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
                    3 => Encoding.UTF8.GetBytes("\uFEFF\uFEFF" + text),
                    4 => Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal)),
                    _ => Encoding.UTF8.GetBytes(text.Replace("\n", "\r", StringComparison.Ordinal)),
                };
            case 11 when lines.Count > 1 && target == Target.Calls: // an outcome: answered and duration
                var outcome = Fields(0).ToList();
                var answered = outcome.FindIndex(h => h == "answered");
                var duration = outcome.FindIndex(h => h == "duration_s");
                if (answered >= 0 && duration >= 0)
                {
                    var r = 1 + (m.Row % (lines.Count - 1));
                    SetField(r, answered, FieldValues[(m.Column * 7) % FieldValues.Length]);
                    SetField(r, duration, Value());
                }

                return Encoding.UTF8.GetBytes(Join());
            case 12: // blank lines and blanks around fields
                lines.Insert(m.Row % (lines.Count + 1), m.Value % 2 == 0 ? string.Empty : " \t ");
                return Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
            default:
                return [.. input, .. Encoding.UTF8.GetBytes(Value())];
        }
    }

    private static int TimestampColumn(Target target, string[] header, byte column)
    {
        var names = target switch
        {
            Target.Calls => new[] { "at" },
            Target.Consents => ["granted_at", "revoked_at"],
            Target.OptOuts => ["at"],
            _ => ["number"],
        };
        var index = Array.IndexOf(header, names[column % names.Length]);
        return index < 0 ? column : index;
    }

    private static string RandomTimestamp(Random random)
    {
        int Part(int usual, int max) => random.Next(4) == 0 ? random.Next(max + 1) : usual;
        var year = random.Next(5) switch
        {
            0 => 1,
            1 => 9999,
            2 => random.Next(1, 10_000),
            3 => 1969,
            _ => 2026,
        };
        var text = string.Create(CultureInfo.InvariantCulture, $"{year:0000}-{Part(11, 13):00}-{Part(23, 32):00}T{Part(10, 25):00}:{Part(0, 61):00}:{Part(0, 61):00}");
        text += random.Next(3) == 0 ? "." + random.Next(0, 100_000_000).ToString(CultureInfo.InvariantCulture)[..random.Next(1, 9)] : string.Empty;
        return text + random.Next(5) switch
        {
            0 => "Z",
            1 => string.Empty,
            2 => string.Create(CultureInfo.InvariantCulture, $"{(random.Next(2) == 0 ? '+' : '-')}{random.Next(0, 16):00}:{random.Next(0, 60):00}"),
            3 => "+08:00",
            _ => "-14:00",
        };
    }

    private static byte NastyByte(Random random)
    {
        byte[] nasty = [0, (byte)'"', (byte)',', (byte)'\n', (byte)'\r', 0xFF, 0xFE, 0xC3, 0x80, 0xE2, (byte)' ', (byte)'\t', (byte)'+', (byte)'9', (byte)'{', (byte)'}'];
        return random.Next(3) == 0 ? (byte)random.Next(256) : nasty[random.Next(nasty.Length)];
    }

    private static byte[] MutatePolicy(Mutation m, byte[] input, Random random)
    {
        if (m.Kind % 5 >= 3)
        {
            // The text itself: bytes replaced, inserted or cut.
            return MutateCsv(Target.Policy, m with { Kind = (byte)(7 + (m.Kind % 3)) }, input, random);
        }

        try
        {
            return MutatePolicyJson(m, input);
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            // Text an earlier mutation left no JSON (or not UTF-8): one more byte mutation.
            return MutateCsv(Target.Policy, m with { Kind = (byte)(7 + (m.Column % 3)) }, input, random);
        }
    }

    private static byte[] MutatePolicyJson(Mutation m, byte[] input)
    {
        if (JsonNode.Parse(input)?["ChinaDialCompliance"] is not JsonObject section)
        {
            return input;
        }

        var root = section.Root;

        var path = PolicyPaths[m.Value % PolicyPaths.Length].Split(':');
        var parent = section[path[0]] as JsonObject ?? new JsonObject();
        section[path[0]] = parent;
        switch (m.Kind % 5)
        {
            case 0: // a value replaced
                parent[path[1]] = JsonNode.Parse(JsonValues[(m.Column + m.Row) % JsonValues.Length]);
                break;
            case 1: // a key removed, or the whole section
                if (m.Column % 4 == 0)
                {
                    section.Remove(path[0]);
                }
                else
                {
                    parent.Remove(path[1]);
                }

                break;
            default: // a key nobody knows, or a known one misspelt
                parent[m.Column % 2 == 0 ? path[1] + "s" : "Unknown" + m.Row] = JsonNode.Parse(JsonValues[m.Column % JsonValues.Length]);
                break;
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    /// <summary>stderr without the notices a run prints before its inputs are read (a refuse list given on the command
    /// line that the policy does not name applies to marketing calls): the problem comes after them.</summary>
    private static string WithoutNotices(string stderr)
        => string.Join('\n', stderr.Split('\n').Where(l => !l.Contains("is not named in the policy (RefuseLists:Lists)", StringComparison.Ordinal)));
}
