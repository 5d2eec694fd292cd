using System;
using System.Globalization;
using System.Text.Json;

namespace ChinaDial.Compliance.Connect;

/// <summary>
/// Parses Connect's contact data into <see cref="ConnectContactOutcome"/>s: the EventBridge "Amazon Connect Contact
/// Event" JSON (as delivered to SQS, Lambda or an HTTP target) and the <c>DescribeContact</c> answer. Never throws for
/// bad input: a document that is not what it claims (wrong <c>source</c> or <c>detail-type</c>, no contact id, a
/// timestamp that does not parse, a disconnect before the answer) is refused with the reason.
/// </summary>
public static class ConnectContactOutcomes
{
    /// <summary>The EventBridge <c>detail-type</c> of contact events.</summary>
    public const string ContactEventDetailType = "Amazon Connect Contact Event";

    /// <summary>Reads an EventBridge contact event.</summary>
    /// <param name="json">The event JSON.</param>
    /// <param name="outcome">The outcome, when read.</param>
    /// <param name="error">Why the event was refused, when it was.</param>
    /// <returns>Whether the event was read.</returns>
    public static bool TryParseContactEvent(string? json, out ConnectContactOutcome outcome, out string? error)
    {
        outcome = null!;
        if (!TryParse(json, out var document, out error))
        {
            return false;
        }

        using (document)
        {
            var root = document!.RootElement;
            if (ConnectJson.String(root, "source") is not "aws.connect")
            {
                error = "not an Amazon Connect event (source is not aws.connect).";
                return false;
            }

            if (ConnectJson.String(root, "detail-type") != ContactEventDetailType)
            {
                error = $"not a contact event (detail-type is not '{ContactEventDetailType}').";
                return false;
            }

            if (ConnectJson.Object(root, "detail") is not { } detail)
            {
                error = "the event has no detail object.";
                return false;
            }

            var eventType = ConnectJson.String(detail, "eventType");
            var isFinal = eventType is "DISCONNECTED" or "COMPLETED";
            return TryBuild(detail, "contactId", "connectedToSystemTimestamp", "disconnectTimestamp", "disconnectReason", "answeringMachineDetectionStatus", "channel", "initiationMethod", eventType, isFinal, out outcome, out error);
        }
    }

    /// <summary>Reads a <c>DescribeContact</c> answer (<c>{"Contact": {...}}</c>; timestamps as epoch seconds or ISO-8601).</summary>
    /// <param name="json">The answer JSON.</param>
    /// <param name="outcome">The outcome, when read.</param>
    /// <param name="error">Why the answer was refused, when it was.</param>
    /// <returns>Whether the answer was read.</returns>
    public static bool TryParseDescribeContact(string? json, out ConnectContactOutcome outcome, out string? error)
    {
        outcome = null!;
        if (!TryParse(json, out var document, out error))
        {
            return false;
        }

        using (document)
        {
            return TryReadDescribeContact(document!.RootElement, out outcome, out error);
        }
    }

    internal static bool TryReadDescribeContact(JsonElement root, out ConnectContactOutcome outcome, out string? error)
    {
        outcome = null!;
        if (ConnectJson.Object(root, "Contact") is not { } contact)
        {
            error = "the answer has no Contact object.";
            return false;
        }

        var isFinal = contact.TryGetProperty("DisconnectTimestamp", out var disconnect) && disconnect.ValueKind is not JsonValueKind.Null;
        return TryBuild(contact, "Id", "ConnectedToSystemTimestamp", "DisconnectTimestamp", "DisconnectReason", "AnsweringMachineDetectionStatus", "Channel", "InitiationMethod", null, isFinal, out outcome, out error);
    }

    private static bool TryParse(string? json, out JsonDocument? document, out string? error)
    {
        document = null;
        error = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            error = "empty input.";
            return false;
        }

        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException parse)
        {
            error = "not JSON: " + parse.Message;
            return false;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            document = null;
            error = "not a JSON object.";
            return false;
        }

        return true;
    }

    private static bool TryBuild(
        JsonElement element, string idName, string connectedName, string disconnectName, string reasonName, string amdName, string channelName, string initiationName,
        string? eventType, bool isFinal, out ConnectContactOutcome outcome, out string? error)
    {
        outcome = null!;
        var contactId = ConnectJson.String(element, idName);
        if (string.IsNullOrWhiteSpace(contactId))
        {
            error = $"no {idName}.";
            return false;
        }

        if (!TryInstant(element, connectedName, out var connected, out error) || !TryInstant(element, disconnectName, out var disconnected, out error))
        {
            return false;
        }

        var amd = ConnectJson.String(element, amdName);
        var reason = ConnectJson.String(element, reasonName);
        var machine = amd is "VOICEMAIL_BEEP" or "VOICEMAIL_NO_BEEP" or "FAX_MACHINE_DETECTED" or "SIT_TONE_DETECTED" or "SIT_TONE_BUSY" or "SIT_TONE_INVALID_NUMBER" or "AMD_UNANSWERED";
        var answered = connected is not null && !machine;
        var duration = TimeSpan.Zero;
        if (answered && isFinal)
        {
            if (disconnected is null)
            {
                error = $"{disconnectName} is missing from a final record.";
                return false;
            }

            duration = disconnected.Value - connected!.Value;
            if (duration < TimeSpan.Zero)
            {
                error = $"{disconnectName} is before {connectedName}.";
                return false;
            }
        }

        var end = answered ? CallEndReason.Completed
            : amd is "SIT_TONE_BUSY" ? CallEndReason.Busy
            : amd is "SIT_TONE_INVALID_NUMBER" or "FAX_MACHINE_DETECTED" ? CallEndReason.Failed
            : amd is "VOICEMAIL_BEEP" or "VOICEMAIL_NO_BEEP" or "AMD_UNANSWERED" ? CallEndReason.NoAnswer
            : reason is not null && (reason.Contains("ERROR", StringComparison.Ordinal) || reason.Contains("FAIL", StringComparison.Ordinal) || reason.Contains("PROBLEM", StringComparison.Ordinal)) ? CallEndReason.Failed
            : CallEndReason.NoAnswer;
        outcome = new ConnectContactOutcome(contactId, isFinal, answered, duration, end)
        {
            EventType = eventType,
            Channel = ConnectJson.String(element, channelName),
            InitiationMethod = ConnectJson.String(element, initiationName),
            DisconnectReason = reason,
            AnsweringMachineDetectionStatus = amd,
        };
        error = null;
        return true;
    }

    private static bool TryInstant(JsonElement element, string name, out DateTimeOffset? instant, out string? error)
    {
        instant = null;
        error = null;
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            instant = parsed;
            return true;
        }

        // rest-json's default timestamp format: epoch seconds, possibly with a fraction.
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds) && double.IsFinite(seconds)
            && seconds >= 0 && seconds < 253402300800d)
        {
            instant = DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
            return true;
        }

        error = $"{name} is not a timestamp.";
        return false;
    }
}
