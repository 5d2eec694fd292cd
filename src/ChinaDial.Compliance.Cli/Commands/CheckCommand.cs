using System;
using System.Buffers;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ChinaDial.Compliance.Cli.Output;
using ChinaDial.Compliance.Cli.Input;

namespace ChinaDial.Compliance.Cli.Commands;

/// <summary>
/// <c>chinadial check [--calls FILE]... [--consents FILE]... [--opt-outs FILE]... [--policy FILE]... [--numbers FILE]...</c>:
/// reads each file as <c>screen</c>, <c>report</c> and <c>audit-numbers</c> would, each on its own, without replaying
/// anything: one <c>{"file","kind","readable","rows","problem"}</c> line per file (the first problem, as those commands
/// would name it), so a folder of exports is checked in one run before a long replay. Exit 0 when every file can be
/// read, 2 when one cannot.
/// </summary>
internal static class CheckCommand
{

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var kinds = new (string Kind, Option<string[]> Option, Func<string, long?> Read)[]
        {
            ("calls", new("--calls") { Description = "A calls file (repeatable)." }, path => CallsFile.Check(path).Rows),
            ("consents", new("--consents") { Description = "A consents file (repeatable; checked against the default Consent:RequireProof: marketing consents need a proof)." }, path => ConsentsFile.LoadInto(path, new InMemoryConsentStore(), new ConsentOptions())),
            ("opt-outs", new("--opt-outs") { Description = "An opt-outs file (repeatable)." }, path => OptOutsFile.LoadInto(path, new InMemoryConsentStore())),
            ("policy", new("--policy") { Description = "A policy JSON file (repeatable; with the call-back verifications file it names)." }, path => { PolicyFile.CheckVerifications(PolicyFile.Load(path), path); return null; }),
            ("refuse-list", new("--refuse-list") { Description = "A refuse list file, [NAME=]FILE as screen takes it: one E.164 number per line or a CSV with a 'number' column (repeatable); rows are its distinct numbers." }, path => RefuseListsOption.Check(path)),
            ("numbers", new("--numbers") { Description = "A caller-ID inventory, as audit-numbers reads it (repeatable)." }, path => NumberListReader.Read(path).LongCount()),
        };
        var command = new Command("check", "Check that input files can be read (each on its own, nothing replayed): one line per file, exit 2 when one cannot.");
        foreach (var (_, option, _) in kinds)
        {
            command.Add(option);
        }

        command.SetAction(parsed =>
        {
            var files = kinds.SelectMany(k => (parsed.GetValue(k.Option) ?? []).Select(path => (k.Kind, Path: path, k.Read))).ToList();
            if (files.Count == 0)
            {
                throw new InputException("check: name at least one file (--calls, --consents, --opt-outs, --policy, --refuse-list or --numbers).");
            }

            var unreadable = 0;
            foreach (var (kind, path, read) in files)
            {
                var (rows, problem) = Check(path, read);
                Write(stdout, path, kind, rows, problem);
                if (problem is not null)
                {
                    unreadable++;
                    stderr.WriteLine($"chinadial: {problem}");
                }
            }

            stderr.WriteLine($"checked {files.Count} file(s): {files.Count - unreadable} readable, {unreadable} not");
            return unreadable == 0 ? ExitCodes.AllPassed : ExitCodes.BadInput;
        });
        return command;
    }

    /// <summary>Reads one file: its rows, or the problem that stops it (a defect, too, is that file's problem: the
    /// other files are still checked).</summary>
    private static (long? Rows, string? Problem) Check(string path, Func<string, long?> read)
    {
        try
        {
            return (read(path), null);
        }
        catch (InputException error)
        {
            return (null, error.Message);
        }
#pragma warning disable CA1031 // One file's defect is reported as that file's problem; the run goes on.
        catch (Exception error)
#pragma warning restore CA1031
        {
            return (null, $"{path}: internal error: {error.GetType().Name}: {error.Message.ReplaceLineEndings(" ")} (a defect in chinadial: please report it)");
        }
    }

    private static void Write(TextWriter stdout, string path, string kind, long? rows, string? problem)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("file", path);
            json.WriteString("kind", kind);
            json.WriteBoolean("readable", problem is null);
            if (rows is { } count)
            {
                json.WriteNumber("rows", count);
            }
            else
            {
                json.WriteNull("rows");
            }

            if (problem is null)
            {
                json.WriteNull("problem");
            }
            else
            {
                json.WriteString("problem", problem);
            }

            json.WriteEndObject();
        }

        stdout.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
