using System;
using System.Buffers;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Text;
using System.Text.Json;
using ChinaDial.Compliance.Cli.Output;
using ChinaDial.Compliance.Cli.Input;

namespace ChinaDial.Compliance.Cli.Commands;

/// <summary>
/// <c>chinadial audit prune --audit FILE... --policy FILE [--now ISO-8601] [--forget NUMBER]...</c>: enforces
/// <c>Retention:AuditRecords</c> on JSON Lines audit files (records older than the retention before <c>--now</c> are
/// removed) and erases the records of the numbers given with <c>--forget</c> (found by their keyed hash with the
/// policy's <c>Audit:Pepper</c>), rewriting each file atomically. Every file is read and checked before any is
/// rewritten. One <c>{"file","kept","expired","forgotten"}</c> line per file; exit 0, or 2 on bad input.
/// </summary>
internal static class AuditCommand
{

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var audit = new Option<string[]>("--audit") { Description = "A JSON Lines audit file (repeatable).", Required = true };
        var policy = new Option<string>("--policy") { Description = "The policy file: Retention:AuditRecords, and Audit:Pepper for --forget.", Required = true };
        var now = new Option<string?>("--now") { Description = "The instant the retention counts back from (ISO-8601 with offset); the system clock when absent." };
        var forget = new Option<string[]>("--forget") { Description = "A number whose records are erased (repeatable; PIPL Art. 47)." };
        var prune = new Command("prune", "Remove audit records older than Retention:AuditRecords, and every record of the --forget numbers, from JSON Lines audit files.") { audit, policy, now, forget };
        prune.SetAction(parsed =>
        {
            var options = PolicyFile.Load(parsed.GetValue(policy), stderr);
            var instant = parsed.GetValue(now) is { } text ? CallsFile.Timestamp(text, "--now", 0, "--now") : TimeProvider.System.GetUtcNow();
            var cutoff = instant.UtcTicks - options.Retention.AuditRecords.Ticks < DateTimeOffset.MinValue.UtcTicks ? DateTimeOffset.MinValue : instant - options.Retention.AuditRecords;
            var numbers = parsed.GetValue(forget) ?? [];
            var hashes = new HashSet<string>(StringComparer.Ordinal);
            if (numbers.Length > 0)
            {
                var pseudonymizer = AuditFiles.Pseudonymizer(options, "--forget");
                foreach (var number in numbers)
                {
                    var parsedNumber = PhoneNumberClassifier.Classify(number);
                    if (!parsedNumber.IsParsed)
                    {
                        throw new InputException($"--forget '{InputFile.Show(number)}' is not an E.164 number (e.g. +8613800138000).");
                    }

                    hashes.Add(pseudonymizer.Hash(parsedNumber));
                }
            }

            var files = parsed.GetValue(audit) ?? [];
            foreach (var path in files)
            {
                AuditFiles.Read(path); // every file checked before any is rewritten
            }

            foreach (var path in files)
            {
                long expired = 0, forgotten = 0, line = 0;
                var (kept, _) = AuditFileRewriter.Rewrite(path, bytes =>
                {
                    var record = AuditFiles.Parse(Encoding.UTF8.GetString(bytes), path, ++line);
                    if (record.At < cutoff)
                    {
                        expired++;
                        return false;
                    }

                    if (hashes.Count > 0 && (hashes.Contains(record.Text("destinationHash") ?? string.Empty) || hashes.Contains(record.Text("callerIdHash") ?? string.Empty)))
                    {
                        forgotten++;
                        return false;
                    }

                    return true;
                });
                Write(stdout, path, kept, expired, forgotten);
                stderr.WriteLine($"{path}: kept {kept}, removed {expired} older than {cutoff:yyyy-MM-dd'T'HH:mm:ss'Z'} (Retention:AuditRecords {OptionText(options.Retention.AuditRecords)}) and {forgotten} of the forgotten number(s)");
            }

            return ExitCodes.AllPassed;
        });
        return new Command("audit", "Audit files: retention and erasure.") { prune };
    }

    private static string OptionText(TimeSpan value) => value.ToString("c", System.Globalization.CultureInfo.InvariantCulture);

    private static void Write(TextWriter stdout, string path, long kept, long expired, long forgotten)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("file", path);
            json.WriteNumber("kept", kept);
            json.WriteNumber("expired", expired);
            json.WriteNumber("forgotten", forgotten);
            json.WriteEndObject();
        }

        stdout.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
