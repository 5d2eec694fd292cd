using System;
using System.Buffers;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ChinaDial.Compliance.Cli.Output;
using ChinaDial.Compliance.Cli.Input;

namespace ChinaDial.Compliance.Cli.Commands;

/// <summary>
/// <c>chinadial verify-callback CALLER_ID --policy FILE --connect-version VERSION [--at ISO-8601] [--by NAME]</c>:
/// records that a call-back to an approved caller ID was tested and reached the right flow and queue: appends a row
/// to the policy's <c>CallerIds:VerificationsFile</c> (created with its header when missing). Exit 0 when recorded,
/// 2 on bad input (a caller ID not approved or never usable, no verifications file in the policy, an instant ahead of
/// the clock).
/// </summary>
internal static class VerifyCallbackCommand
{

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var callerId = new Argument<string>("CALLER_ID") { Description = "The approved caller ID whose call-back was tested (E.164)." };
        var policy = new Option<string>("--policy") { Description = "The policy file: CallerIds:Approved and CallerIds:VerificationsFile.", Required = true };
        var version = new Option<string>("--connect-version") { Description = "The Amazon Connect configuration (flows, queues, routing) version tested against.", Required = true };
        var at = new Option<string?>("--at") { Description = "When the call-back was tested (ISO-8601 with offset); now when absent." };
        var by = new Option<string?>("--by") { Description = "Who tested it (kept in the file for people)." };
        var command = new Command("verify-callback", "Record that a caller ID's call-back was tested, in the policy's CallerIds:VerificationsFile.") { callerId, policy, version, at, by };
        command.SetAction(parsed =>
        {
            var policyPath = parsed.GetValue(policy)!;
            var options = PolicyFile.Load(policyPath, stderr);
            if (options.CallerIds.VerificationsFile is not { Length: > 0 } file)
            {
                throw new InputException($"{InputFile.Show(policyPath)}: the policy names no CallerIds:VerificationsFile to record verifications in.");
            }

            var path = PolicyFile.VerificationsPath(file, policyPath);
            var text = parsed.GetValue(callerId)!;
            var number = PhoneNumberClassifier.Classify(text);
            var problems = new CallerIdInspector(options.CallerIds).Inspect(number);
            if (!problems.IsEmpty)
            {
                throw new InputException($"verify-callback: '{InputFile.Show(text)}' can never be a caller ID: {CallerIdInspector.Describe(problems)}.");
            }

            if (!options.CallerIds.Approved.Any(a => PhoneNumberClassifier.Classify(a).Key == number.Key))
            {
                throw new InputException($"verify-callback: {number.ToE164String()} is not in the policy's CallerIds:Approved.");
            }

            var connectVersion = parsed.GetValue(version)!.Trim();
            if (connectVersion.Length == 0 || connectVersion.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                throw new InputException("--connect-version must be a non-empty text without commas, quotes or line breaks.");
            }

            var who = parsed.GetValue(by)?.Trim() ?? string.Empty;
            if (who.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                throw new InputException("--by must be a text without commas, quotes or line breaks.");
            }

            var now = TimeProvider.System.GetUtcNow();
            var verifiedAt = parsed.GetValue(at) is { } atText ? CallsFile.Timestamp(atText, "--at", 0, "--at") : now;
            if (verifiedAt > now.AddMinutes(1))
            {
                throw new InputException($"--at {verifiedAt:O} is ahead of the clock ({now:O}): a verification is recorded when it was done.");
            }

            if (File.Exists(path) && !CallbackVerificationsFile.TryValidate(path, out var problem)) // append only to a file that reads
            {
                throw new InputException($"{InputFile.Show(path)}: {InputFile.Show(problem)}; fix it before recording more.");
            }

            // The row follows the file's own header (its columns in its order, others left empty), on a line of its own.
            var exists = File.Exists(path) && new FileInfo(path).Length > 0;
            var columns = exists ? HeaderOf(path) : CallbackVerificationsFile.Header.Split(',');
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["caller_id"] = number.ToE164String(),
                ["verified_at"] = verifiedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
                ["connect_version"] = connectVersion,
                ["verified_by"] = who,
            };
            var row = string.Join(',', columns.Select(c => values.GetValueOrDefault(c.Trim(), string.Empty))) + "\n";
            var header = exists ? (EndsWithNewLine(path) ? string.Empty : "\n") : CallbackVerificationsFile.Header + "\n";
            using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read))
            {
                var bytes = Encoding.UTF8.GetBytes(header + row);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            var buffer = new ArrayBufferWriter<byte>();
            using (var json = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
            {
                json.WriteStartObject();
                json.WriteString("callerId", number.ToE164String());
                json.WriteString("verifiedAt", verifiedAt);
                json.WriteString("connectVersion", connectVersion);
                json.WriteString("file", path);
                json.WriteEndObject();
            }

            stdout.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
            stderr.WriteLine($"recorded the call-back verification of {number.ToMaskedString()} at {verifiedAt:O} against '{connectVersion}' in {path}");
            return ExitCodes.AllPassed;
        });
        return command;
    }

    /// <summary>The columns of the verifications file's header (its first line that is neither blank nor a comment).</summary>
    private static string[] HeaderOf(string path)
        => File.ReadLines(path).Select(l => l.TrimStart('\uFEFF')).First(l => !string.IsNullOrWhiteSpace(l) && !l.TrimStart().StartsWith('#')).Split(',');

    private static bool EndsWithNewLine(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Seek(-1, SeekOrigin.End);
        return file.ReadByte() == '\n';
    }
}
