using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using ChinaDial.Compliance.Cli.Input;
using ChinaDial.Compliance.Cli.Output;
using ChinaDial.Compliance.Connect;

namespace ChinaDial.Compliance.Cli.Commands.Connect;

/// <summary>
/// <c>chinadial connect audit --instance ID [--region R] | --file FILE [--policy POLICY.json]</c>: every number claimed
/// to the instance (<c>ListPhoneNumbersV2</c>, all pages) or in the JSON of <c>aws connect list-phone-numbers-v2</c>,
/// judged as a caller ID for China: one JSON object per number, a summary on stderr, exit 0 when every number is
/// compliant, 1 when any is not, 2 on bad usage, unreadable or partial input, or an error from Connect.
/// </summary>
internal static class ConnectAuditCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var instance = new Option<string?>("--instance") { Description = "The Amazon Connect instance id: audit its numbers live (AWS credentials from the standard chain)." };
        var file = new Option<string?>("--file") { Description = "The JSON output of 'aws connect list-phone-numbers-v2' (every page: a NextToken is refused)." };
        var region = ConnectCliSupport.Region();
        var endpoint = ConnectCliSupport.Endpoint();
        var policy = new Option<string?>("--policy") { Description = "A policy JSON file (section ChinaDialCompliance); its caller-ID rules and approved list apply." };
        var command = new Command("audit", "Audit the numbers claimed in Amazon Connect as caller IDs for calling China: type (toll-free, UIFN, short code), region, approval.")
        {
            instance, file, region, endpoint, policy,
        };
        command.SetAction(parsed =>
        {
            var instanceId = parsed.GetValue(instance);
            var path = parsed.GetValue(file);
            if ((instanceId is null) == (path is null))
            {
                throw new InputException("connect audit: give either --instance ID (live) or --file FILE.");
            }

            var callerIds = PolicyFile.Load(parsed.GetValue(policy)).CallerIds;
            IReadOnlyList<ConnectPhoneNumberAuditRow> rows = instanceId is not null
                ? ConnectCliSupport.RunLive(parsed.GetValue(region), parsed.GetValue(endpoint), api => ConnectPhoneNumberAudit.AuditAsync(api, instanceId, callerIds))
                : ConnectCliSupport.ReadFile(path!, stream => ConnectPhoneNumberAudit.Audit(stream, callerIds));

            var tally = new ReasonTally();
            var compliant = 0;
            foreach (var row in rows)
            {
                ConnectCliSupport.WriteLine(stdout, json =>
                {
                    ConnectCliSupport.WriteStringOrNull(json, "phoneNumberId", row.PhoneNumberId);
                    json.WriteString("number", row.MaskedNumber);
                    ConnectCliSupport.WriteStringOrNull(json, "type", row.ConnectType);
                    ConnectCliSupport.WriteStringOrNull(json, "region", row.Region);
                    json.WriteBoolean("approved", row.Approved);
                    json.WriteBoolean("compliant", row.IsCompliant);
                    json.WriteStartArray("problems");
                    foreach (var code in row.Problems)
                    {
                        json.WriteStringValue(code.ToJsonName());
                    }

                    json.WriteEndArray();
                    json.WriteString("typeJudgement", row.TypeJudgement);
                });
                tally.Add(row.Problems);
                compliant += row.IsCompliant ? 1 : 0;
            }

            stderr.WriteLine($"audited {rows.Count} number(s) {(instanceId is not null ? "claimed to instance " + instanceId : "in " + path)}: {compliant} compliant, {rows.Count - compliant} not");
            tally.WriteTo(stderr, "  ");
            return compliant == rows.Count ? ExitCodes.AllPassed : ExitCodes.SomeFailed;
        });
        return command;
    }
}
