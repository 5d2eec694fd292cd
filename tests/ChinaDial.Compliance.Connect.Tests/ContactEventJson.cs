using System.Globalization;
using System.Text.Json.Nodes;

namespace ChinaDial.Compliance.Connect.Tests;

/// <summary>EventBridge "Amazon Connect Contact Event" documents as Connect sends them (the contact-events data model).</summary>
internal static class ContactEventJson
{
    public static string Disconnected(string contactId, bool answered, TimeSpan duration, DateTimeOffset? at = null, string? amd = null)
    {
        var end = at ?? ConnectTestKit.Now.AddMinutes(5);
        var detail = Detail("DISCONNECTED", contactId, end - duration - TimeSpan.FromSeconds(10));
        if (answered || amd is not null)
        {
            detail["connectedToSystemTimestamp"] = Iso(end - duration);
        }

        detail["disconnectTimestamp"] = Iso(end);
        detail["disconnectReason"] = answered ? "CUSTOMER_DISCONNECT" : "OUTBOUND_ATTEMPT_FAILED";
        if (amd is not null)
        {
            detail["answeringMachineDetectionStatus"] = amd;
        }

        return Envelope(detail).ToJsonString();
    }

    public static string Event(string eventType, string contactId) => Envelope(Detail(eventType, contactId, ConnectTestKit.Now)).ToJsonString();

    public static JsonObject Envelope(JsonObject detail) => new()
    {
        ["version"] = "0",
        ["id"] = Guid.NewGuid().ToString("D"),
        ["detail-type"] = "Amazon Connect Contact Event",
        ["source"] = "aws.connect",
        ["account"] = "123456789012",
        ["time"] = Iso(ConnectTestKit.Now),
        ["region"] = "us-west-2",
        ["resources"] = new JsonArray("arn:aws:connect:us-west-2:123456789012:instance/instance-1"),
        ["detail"] = detail,
    };

    private static JsonObject Detail(string eventType, string contactId, DateTimeOffset initiated) => new()
    {
        ["eventType"] = eventType,
        ["contactId"] = contactId,
        ["initialContactId"] = contactId,
        ["channel"] = "VOICE",
        ["instanceArn"] = "arn:aws:connect:us-west-2:123456789012:instance/instance-1",
        ["initiationMethod"] = "API",
        ["initiationTimestamp"] = Iso(initiated),
    };

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
