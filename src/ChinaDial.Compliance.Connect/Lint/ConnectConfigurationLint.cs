using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance.Connect;

/// <summary>
/// Checks the paths by which agents reach China without the guard: quick connects and the flows they run. Amazon
/// Connect's China guidance: quick connects of the "Queue" type, running a "Transfer to queue" flow
/// (<c>QUEUE_TRANSFER</c>) whose "Transfer to phone number" block dials E.164. Finding codes:
/// <c>phone_number_quick_connect</c> (a <c>PHONE_NUMBER</c> quick connect to +86 or to a number that is not E.164: an
/// agent dials China unchecked), <c>user_quick_connect</c>, <c>flow_quick_connect</c> and
/// <c>unknown_quick_connect_type</c> (not of the Queue type), <c>flow_not_transfer_to_queue</c>,
/// <c>flow_missing</c> (the quick connect's flow was not found or not given), <c>transfer_number_not_e164</c>,
/// <c>transfer_number_dynamic</c> (set from an attribute: it cannot be checked), <c>flow_content_unreadable</c>.
/// </summary>
public static partial class ConnectConfigurationLint
{
    /// <summary>Lints quick connects and flows already read (from files or from Connect).</summary>
    /// <param name="quickConnects">The quick connects.</param>
    /// <param name="flows">The flows, by id (the quick connects' flows, and any other to check).</param>
    /// <returns>One row per quick connect, then one per flow.</returns>
    public static IReadOnlyList<ConnectLintRow> Lint(IReadOnlyList<ConnectQuickConnect> quickConnects, IReadOnlyDictionary<string, ConnectContactFlow> flows)
    {
        ArgumentNullException.ThrowIfNull(quickConnects);
        ArgumentNullException.ThrowIfNull(flows);
        var rows = new List<ConnectLintRow>();
        foreach (var quickConnect in quickConnects)
        {
            rows.Add(LintQuickConnect(quickConnect, flows));
        }

        foreach (var flow in flows.Values)
        {
            rows.Add(LintFlow(flow));
        }

        return rows;
    }

    /// <summary>Reads every quick connect of <paramref name="instanceId"/> (<c>ListQuickConnects</c>, all pages, then
    /// <c>DescribeQuickConnect</c>) and the flows they run (<c>DescribeContactFlow</c>), and lints them.</summary>
    /// <param name="api">Connect.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The rows, as <see cref="Lint"/>.</returns>
    /// <exception cref="InvalidDataException">Connect repeated a page token or never ended the listing.</exception>
    public static async Task<IReadOnlyList<ConnectLintRow>> LintAsync(IConnectApi api, string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        var summaries = await ConnectPages.ReadAllAsync("ListQuickConnects", (token, cancel) => api.ListQuickConnectsAsync(instanceId, token, cancel), cancellationToken).ConfigureAwait(false);

        var quickConnects = new List<ConnectQuickConnect>();
        var flows = new Dictionary<string, ConnectContactFlow>(StringComparer.Ordinal);
        foreach (var summary in summaries)
        {
            if (summary.Id is null)
            {
                quickConnects.Add(new ConnectQuickConnect(null, summary.Name, summary.QuickConnectType));
                continue;
            }

            var quickConnect = await api.DescribeQuickConnectAsync(instanceId, summary.Id, cancellationToken).ConfigureAwait(false);
            quickConnects.Add(quickConnect);
            if (quickConnect.ContactFlowId is { } flowId && !flows.ContainsKey(flowId))
            {
                try
                {
                    flows[flowId] = await api.DescribeContactFlowAsync(instanceId, flowId, cancellationToken).ConfigureAwait(false);
                }
                catch (ConnectServiceException missing) when ((int)missing.StatusCode == 404)
                {
                    // Reported as flow_missing on the quick connect.
                }
            }
        }

        return Lint(quickConnects, flows);
    }

    /// <summary>Reads quick connects from the JSON of <c>aws connect describe-quick-connect</c> (<c>{"QuickConnect": {...}}</c>),
    /// an array of those or of bare quick connects, or <c>{"QuickConnects": [...]}</c>.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The quick connects.</returns>
    /// <exception cref="InvalidDataException">Not one of those shapes.</exception>
    public static IReadOnlyList<ConnectQuickConnect> ReadQuickConnects(Stream json)
        => Read(json, "QuickConnect", "QuickConnects", "QuickConnectConfig", ConnectJson.QuickConnect);

    /// <summary>Reads flows from the JSON of <c>aws connect describe-contact-flow</c> (<c>{"ContactFlow": {...}}</c>),
    /// an array of those or of bare flows, or <c>{"ContactFlows": [...]}</c>.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The flows.</returns>
    /// <exception cref="InvalidDataException">Not one of those shapes.</exception>
    public static IReadOnlyList<ConnectContactFlow> ReadContactFlows(Stream json)
        => Read(json, "ContactFlow", "ContactFlows", "Content", ConnectJson.ContactFlow);

    private static List<T> Read<T>(Stream json, string single, string plural, string bareMarker, Func<JsonElement, T> read)
    {
        ArgumentNullException.ThrowIfNull(json);
        using (var document = ConnectJson.ParseFile(json))
        {
            var items = new List<T>();
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("NextToken", out var next) && next.ValueKind == JsonValueKind.String && next.GetString()!.Length > 0)
            {
                throw new InvalidDataException("the file holds a NextToken: it is one page of several; export every page.");
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(plural, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                root = list;
            }

            if (root.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var element in root.EnumerateArray())
                {
                    items.Add(ReadOne(element, single, bareMarker, read, $"[{index++}]"));
                }
            }
            else
            {
                items.Add(ReadOne(root, single, bareMarker, read, "the document"));
            }

            return items;
        }
    }

    private static T ReadOne<T>(JsonElement element, string single, string bareMarker, Func<JsonElement, T> read, string where)
    {
        if (ConnectJson.Object(element, single) is { } wrapped)
        {
            return read(wrapped);
        }

        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(bareMarker, out _))
        {
            return read(element);
        }

        throw new InvalidDataException($"{where}: neither {{\"{single}\": {{...}}}} nor a {single} with {bareMarker}.");
    }

    private static ConnectLintRow LintQuickConnect(ConnectQuickConnect quickConnect, IReadOnlyDictionary<string, ConnectContactFlow> flows)
    {
        var findings = new List<ConnectLintFinding>();
        switch (quickConnect.QuickConnectType)
        {
            case "QUEUE":
                if (quickConnect.ContactFlowId is not { } flowId || !flows.TryGetValue(flowId, out var flow))
                {
                    findings.Add(new("flow_missing", $"the quick connect's flow '{quickConnect.ContactFlowId}' was not found: its type and transfer blocks cannot be checked."));
                }
                else if (flow.Type != "QUEUE_TRANSFER")
                {
                    findings.Add(new("flow_not_transfer_to_queue", $"the quick connect runs flow '{flow.Name ?? flow.Id}' of type {flow.Type ?? "(none)"}; the China guidance requires a \"Transfer to queue\" flow (QUEUE_TRANSFER)."));
                }

                break;
            case "PHONE_NUMBER":
                var number = quickConnect.PhoneNumber;
                var info = PhoneNumberClassifier.Classify(number);
                if (number is null || !E164().IsMatch(number))
                {
                    findings.Add(new("phone_number_quick_connect", $"the quick connect dials '{info.ToMaskedString()}', which is not E.164: it cannot be checked, and agents dial it without the guard. Use a Queue quick connect."));
                }
                else if (info.CountryCode == 86)
                {
                    findings.Add(new("phone_number_quick_connect", $"the quick connect dials {info.ToMaskedString()} in China directly: agents place it without the guard. Use a Queue quick connect with a \"Transfer to queue\" flow."));
                }

                break;
            case "USER":
                findings.Add(new("user_quick_connect", "a User quick connect: the China guidance allows only quick connects of the Queue type."));
                break;
            case "FLOW":
                findings.Add(new("flow_quick_connect", "a Flow quick connect: the China guidance allows only quick connects of the Queue type."));
                break;
            default:
                findings.Add(new("unknown_quick_connect_type", $"quick connect type '{quickConnect.QuickConnectType}' is not one of {string.Join(", ", ConnectModel.QuickConnectType)}: refused until judged."));
                break;
        }

        return new ConnectLintRow("quick_connect", quickConnect.QuickConnectId, quickConnect.Name, quickConnect.QuickConnectType, findings);
    }

    private static ConnectLintRow LintFlow(ConnectContactFlow flow)
    {
        var findings = new List<ConnectLintFinding>();
        if (flow.Content is not { } content)
        {
            findings.Add(new("flow_content_unreadable", "the flow has no Content: its transfer blocks cannot be checked."));
        }
        else
        {
            try
            {
                using var document = JsonDocument.Parse(content);
                if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("Actions", out var actions) || actions.ValueKind != JsonValueKind.Array)
                {
                    findings.Add(new("flow_content_unreadable", "the flow's Content has no Actions array (Amazon Connect Flow language)."));
                }
                else
                {
                    foreach (var action in actions.EnumerateArray())
                    {
                        LintAction(action, findings);
                    }
                }
            }
            catch (JsonException error)
            {
                findings.Add(new("flow_content_unreadable", $"the flow's Content is not JSON: {error.Message}"));
            }
        }

        return new ConnectLintRow("contact_flow", flow.Id, flow.Name, flow.Type, findings);
    }

    private static void LintAction(JsonElement action, List<ConnectLintFinding> findings)
    {
        var type = ConnectJson.String(action, "Type");
        if (type is not ("TransferParticipantToThirdParty" or "TransferToPhoneNumber"))
        {
            return;
        }

        var identifier = ConnectJson.String(action, "Identifier") ?? "(no identifier)";
        var parameters = ConnectJson.Object(action, "Parameters");
        var number = parameters is { } p ? ConnectJson.String(p, "ThirdPartyPhoneNumber") ?? ConnectJson.String(p, "PhoneNumber") : null;
        if (number is null)
        {
            // A voice-connector transfer has no number; only phone-number transfers dial out.
            if (parameters is { } q && (q.TryGetProperty("ThirdPartyPhoneNumber", out _) || q.TryGetProperty("PhoneNumber", out _)))
            {
                findings.Add(new("transfer_number_not_e164", $"action {identifier} ({type}): the number is not a string."));
            }

            return;
        }

        if (number.StartsWith('$'))
        {
            findings.Add(new("transfer_number_dynamic", $"action {identifier} ({type}) dials a number set from '{number}': it cannot be checked to be E.164; set it statically."));
        }
        else if (!E164().IsMatch(number))
        {
            findings.Add(new("transfer_number_not_e164", $"action {identifier} ({type}) dials '{PhoneNumberClassifier.Classify(number).ToMaskedString()}', which is not E.164 ('+', country code, number)."));
        }
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}\z", RegexOptions.CultureInvariant)]
    private static partial Regex E164();
}
