using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using ChinaDial.Compliance.Connect;

namespace ChinaDial.Compliance.Cli.Commands.Connect;

/// <summary>
/// <c>chinadial connect lint --instance ID [--region R] | --quick-connects FILE... [--flows FILE...]</c>: the paths by
/// which agents reach China without the guard. One JSON object per quick connect and per flow with its findings, a
/// summary on stderr, exit 0 when nothing was found, 1 when anything was, 2 on bad usage, unreadable input or an
/// error from Connect.
/// </summary>
internal static class ConnectLintCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var instance = new Option<string?>("--instance") { Description = "The Amazon Connect instance id: read its quick connects and their flows live (AWS credentials from the standard chain)." };
        var quickConnects = new Option<string[]>("--quick-connects") { Description = "Files of 'aws connect describe-quick-connect' output (or arrays of quick connects).", AllowMultipleArgumentsPerToken = true };
        var flows = new Option<string[]>("--flows") { Description = "Files of 'aws connect describe-contact-flow' output (or arrays of flows).", AllowMultipleArgumentsPerToken = true };
        var region = ConnectCliSupport.Region();
        var endpoint = ConnectCliSupport.Endpoint();
        var command = new Command("lint", "Lint Amazon Connect quick connects and flows against the China guidance: Queue quick connects, \"Transfer to queue\" flows, E.164 transfer numbers.")
        {
            instance, quickConnects, flows, region, endpoint,
        };
        command.SetAction(parsed =>
        {
            var instanceId = parsed.GetValue(instance);
            var quickConnectFiles = parsed.GetValue(quickConnects) ?? [];
            var flowFiles = parsed.GetValue(flows) ?? [];
            if ((instanceId is null) == (quickConnectFiles.Length == 0 && flowFiles.Length == 0))
            {
                throw new InputException("connect lint: give either --instance ID (live) or --quick-connects FILE... and/or --flows FILE....");
            }

            IReadOnlyList<ConnectLintRow> rows;
            if (instanceId is not null)
            {
                rows = ConnectCliSupport.RunLive(parsed.GetValue(region), parsed.GetValue(endpoint), api => ConnectConfigurationLint.LintAsync(api, instanceId));
            }
            else
            {
                var readQuickConnects = quickConnectFiles.SelectMany(path => ConnectCliSupport.ReadFile(path, ConnectConfigurationLint.ReadQuickConnects)).ToList();
                var readFlows = new Dictionary<string, ConnectContactFlow>(StringComparer.Ordinal);
                foreach (var flow in flowFiles.SelectMany(path => ConnectCliSupport.ReadFile(path, ConnectConfigurationLint.ReadContactFlows)))
                {
                    readFlows[flow.Id ?? flow.Name ?? $"flow-{readFlows.Count}"] = flow;
                }

                rows = ConnectConfigurationLint.Lint(readQuickConnects, readFlows);
            }

            var failing = 0;
            var byCode = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                ConnectCliSupport.WriteLine(stdout, json =>
                {
                    json.WriteString("kind", row.Kind);
                    ConnectCliSupport.WriteStringOrNull(json, "id", row.Id);
                    ConnectCliSupport.WriteStringOrNull(json, "name", row.Name);
                    ConnectCliSupport.WriteStringOrNull(json, "type", row.Type);
                    json.WriteBoolean("compliant", row.IsCompliant);
                    json.WriteStartArray("findings");
                    foreach (var finding in row.Findings)
                    {
                        json.WriteStartObject();
                        json.WriteString("code", finding.Code);
                        json.WriteString("message", finding.Message);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                });
                failing += row.IsCompliant ? 0 : 1;
                foreach (var finding in row.Findings)
                {
                    byCode[finding.Code] = byCode.GetValueOrDefault(finding.Code) + 1;
                }
            }

            stderr.WriteLine($"linted {rows.Count(r => r.Kind == "quick_connect")} quick connect(s) and {rows.Count(r => r.Kind == "contact_flow")} flow(s): {rows.Count - failing} pass, {failing} with findings");
            foreach (var (code, count) in byCode.OrderByDescending(p => p.Value))
            {
                stderr.WriteLine($"  {code}: {count}");
            }

            return failing == 0 ? ExitCodes.AllPassed : ExitCodes.SomeFailed;
        });
        return command;
    }
}
