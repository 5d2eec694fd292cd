using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace ChinaDial.Compliance.Connect;

/// <summary>Reads the model's shapes from JSON, leniently: a member of the wrong JSON type counts as absent.</summary>
internal static class ConnectJson
{
    /// <summary>Parses a file of the AWS CLI's JSON output; dispose the document.</summary>
    /// <exception cref="InvalidDataException">Not JSON: the message names the line.</exception>
    public static JsonDocument ParseFile(Stream json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"not JSON (line {error.LineNumber + 1}): {error.Message}", error);
        }
    }

    public static string? String(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static JsonElement? Object(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    public static ConnectPage<T> Page<T>(JsonElement root, string listName, Func<JsonElement, T> read)
    {
        var items = new List<T>();
        if (root.TryGetProperty(listName, out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                items.Add(read(item));
            }
        }

        return new ConnectPage<T>(items, String(root, "NextToken"));
    }

    public static ConnectPhoneNumber PhoneNumber(JsonElement item) => new(
        String(item, "PhoneNumberId"), String(item, "PhoneNumber"), String(item, "PhoneNumberType"), String(item, "PhoneNumberCountryCode"))
    {
        TargetArn = String(item, "TargetArn"),
        InstanceId = String(item, "InstanceId"),
    };

    public static ConnectQuickConnect QuickConnect(JsonElement item)
    {
        var config = Object(item, "QuickConnectConfig");
        var phone = config is { } c1 ? Object(c1, "PhoneConfig") : null;
        var queue = config is { } c2 ? Object(c2, "QueueConfig") : null;
        var user = config is { } c3 ? Object(c3, "UserConfig") : null;
        var flow = config is { } c4 ? Object(c4, "FlowConfig") : null;
        return new ConnectQuickConnect(String(item, "QuickConnectId"), String(item, "Name"), config is { } c ? String(c, "QuickConnectType") : null)
        {
            PhoneNumber = phone is { } p ? String(p, "PhoneNumber") : null,
            QueueId = queue is { } q ? String(q, "QueueId") : null,
            UserId = user is { } u ? String(u, "UserId") : null,
            ContactFlowId = (queue is { } qf ? String(qf, "ContactFlowId") : null) ?? (user is { } uf ? String(uf, "ContactFlowId") : null) ?? (flow is { } ff ? String(ff, "ContactFlowId") : null),
        };
    }

    public static ConnectContactFlow ContactFlow(JsonElement item)
        => new(String(item, "Id"), String(item, "Name"), String(item, "Type"), String(item, "Content"));
}
