using System;
using System.Buffers;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ChinaDial.Compliance.Cli.Output;
using ChinaDial.Compliance.Cli.Input;

namespace ChinaDial.Compliance.Cli.Commands;

/// <summary>
/// <c>chinadial evidence NUMBER --audit FILE... --consents FILE --policy FILE</c>: for one number, every audit record
/// about it (found by the number's keyed hash with the policy's <c>Audit:Pepper</c>: the audit files never hold the
/// number), in time order, each decision with the consent it relied on and that consent's row in the consents file.
/// One JSON line per record; exit 0 when every allowed call that needed consent relied on a consent with proof found in
/// the consents file, 1 when one did not (an evidence gap), 2 on bad input.
/// </summary>
internal static class EvidenceCommand
{

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var number = new Argument<string>("NUMBER") { Description = "The callee (E.164), e.g. +8613800138000." };
        var audit = new Option<string[]>("--audit") { Description = "A JSON Lines audit file (repeatable).", Required = true };
        var consents = new Option<string>("--consents") { Description = "The consents file (CSV: number,purpose,granted_at,revoked_at,proof[,id]).", Required = true };
        var policy = new Option<string>("--policy") { Description = "The policy file whose Audit:Pepper hashed the audit records.", Required = true };
        var command = new Command("evidence", "Show, for one number, every decision about it and the consent each relied on (for the 12321 centre or a carrier).") { number, audit, consents, policy };
        command.SetAction(parsed =>
        {
            var options = PolicyFile.Load(parsed.GetValue(policy), stderr);
            var pseudonymizer = AuditFiles.Pseudonymizer(options, "evidence");
            var text = parsed.GetValue(number)!;
            var callee = PhoneNumberClassifier.Classify(text);
            if (!callee.IsParsed)
            {
                throw new InputException($"evidence: '{InputFile.Show(text)}' is not an E.164 number (e.g. +8613800138000).");
            }

            var hash = pseudonymizer.Hash(callee);
            var consentsPath = parsed.GetValue(consents)!;
            var rows = ConsentsFile.Read(consentsPath, options.Consent).Where(r => r.Number.Key == callee.Key).ToList();
            var records = new List<(string File, AuditLine Record)>();
            foreach (var path in parsed.GetValue(audit) ?? [])
            {
                foreach (var record in AuditFiles.Read(path))
                {
                    if (record.Text("destinationHash") == hash)
                    {
                        records.Add((path, record));
                    }
                }
            }

            var tally = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (file, record) in records.OrderBy(r => r.Record.At).ThenBy(r => r.File, StringComparer.Ordinal).ThenBy(r => r.Record.Line))
            {
                var status = Write(stdout, file, record, rows, consentsPath, options.Consent);
                tally[status] = tally.GetValueOrDefault(status) + 1;
            }

            var gaps = tally.Where(t => t.Key is "consent_not_in_file" or "no_consent_recorded" or "no_proof").Sum(t => t.Value);
            stderr.WriteLine($"{records.Count} audit record(s) of {callee.ToMaskedString()} in {parsed.GetValue(audit)!.Length} file(s); {rows.Count} consent row(s) in {consentsPath}");
            foreach (var (status, count) in tally.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                stderr.WriteLine($"  {status}: {count}");
            }

            stderr.WriteLine(gaps == 0 ? "every allowed call that needed consent relied on a consent with proof in the consents file" : $"{gaps} allowed call(s) without the evidence of their consent");
            return gaps == 0 ? ExitCodes.AllPassed : ExitCodes.SomeFailed;
        });
        return command;
    }

    /// <summary>Writes one record with its consent evidence; returns the evidence status.</summary>
    private static string Write(TextWriter stdout, string file, AuditLine record, List<ConsentRow> rows, string consentsPath, ConsentOptions consent)
    {
        var json = record.Json;
        var allowed = record.Text("verdict") == "allow";
        var purpose = record.Text("purpose");
        var needsConsent = Enum.TryParse<CallPurpose>(purpose, ignoreCase: true, out var callPurpose) && consent.RequiredFor.Contains(callPurpose);
        var reasons = json.TryGetProperty("reasons", out var r) && r.ValueKind == JsonValueKind.Array ? r.EnumerateArray().Select(e => e.GetString()).ToList() : [];
        var relied = json.TryGetProperty("consent", out var c) && c.ValueKind == JsonValueKind.Object ? c : (JsonElement?)null;
        ConsentRow? row = null;
        if (relied is { } evidence)
        {
            var id = evidence.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
            var granted = evidence.TryGetProperty("grantedAt", out var g) && g.ValueKind == JsonValueKind.String && g.TryGetDateTimeOffset(out var at) ? at : (DateTimeOffset?)null;
            row = rows.FirstOrDefault(x => id is not null && x.Id == id)
                ?? rows.FirstOrDefault(x => x.Purpose == callPurpose && granted is { } when && Math.Abs((x.GrantedAt - when).Ticks) < TimeSpan.TicksPerMillisecond);
        }

        var status = record.Event != "decision" ? "not_a_decision"
            : !allowed && reasons.Contains("no_consent") && relied is not null ? "consent_without_proof"
            : !allowed ? "refused"
            : !needsConsent ? "consent_not_needed"
            : relied is null ? "no_consent_recorded"
            : row is null ? "consent_not_in_file"
            : string.IsNullOrWhiteSpace(row.Proof) ? "no_proof"
            : "proven";

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("file", file);
            writer.WriteNumber("line", record.Line);
            foreach (var name in new[] { "id", "event", "at", "verdict", "purpose", "campaignId", "destination" })
            {
                if (json.TryGetProperty(name, out var value))
                {
                    writer.WritePropertyName(name);
                    value.WriteTo(writer);
                }
            }

            if (json.TryGetProperty("reasons", out var reasonList))
            {
                writer.WritePropertyName("reasons");
                reasonList.WriteTo(writer);
            }

            writer.WritePropertyName("consent");
            if (relied is { } reliedOn)
            {
                reliedOn.WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WritePropertyName("consentRecord");
            if (row is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteString("file", consentsPath);
                writer.WriteNumber("line", row.Line);
                writer.WriteString("id", row.Id);
                writer.WriteString("purpose", row.Purpose.ToString().ToLowerInvariant());
                writer.WriteString("grantedAt", row.GrantedAt);
                if (row.RevokedAt is { } revoked)
                {
                    writer.WriteString("revokedAt", revoked);
                }
                else
                {
                    writer.WriteNull("revokedAt");
                }

                writer.WriteString("proof", row.Proof);
                writer.WriteEndObject();
            }

            writer.WriteString("evidence", status);
            writer.WriteEndObject();
        }

        stdout.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
        return status;
    }
}
