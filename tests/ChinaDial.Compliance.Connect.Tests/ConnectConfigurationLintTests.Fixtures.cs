using System.Text.Json.Nodes;

namespace ChinaDial.Compliance.Connect.Tests;

/// <summary>Quick connects and flows for the lint tests, shared with the CLI tests (linked into them).</summary>
public partial class ConnectConfigurationLintTests
{
    internal static JsonObject QuickConnect(string id, string type, JsonObject? config = null)
    {
        var quickConnectConfig = new JsonObject { ["QuickConnectType"] = type };
        if (config is not null)
        {
            foreach (var (key, value) in config)
            {
                quickConnectConfig[key] = value?.DeepClone();
            }
        }

        return new JsonObject { ["QuickConnectId"] = id, ["Name"] = "qc " + id, ["QuickConnectConfig"] = quickConnectConfig };
    }

    internal static JsonObject Flow(string id, string type, params JsonObject[] actions) => new()
    {
        ["Id"] = id,
        ["Name"] = "flow " + id,
        ["Type"] = type,
        ["Content"] = new JsonObject { ["Version"] = "2019-10-30", ["StartAction"] = "a", ["Actions"] = new JsonArray(actions.Select(a => (JsonNode)a).ToArray()) }.ToJsonString(),
    };

    internal static JsonObject Transfer(string identifier, string number) => new()
    {
        ["Identifier"] = identifier,
        ["Type"] = "TransferParticipantToThirdParty",
        ["Parameters"] = new JsonObject { ["ThirdPartyPhoneNumber"] = number, ["ThirdPartyConnectionTimeoutSeconds"] = "30" },
        ["Transitions"] = new JsonObject(),
    };

    /// <summary>One compliant quick connect and one of each kind of problem.</summary>
    internal static void Populate(FakeConnectServer server)
    {
        server.QuickConnects.Add(QuickConnect("qc-queue", "QUEUE", new JsonObject { ["QueueConfig"] = new JsonObject { ["QueueId"] = "q1", ["ContactFlowId"] = "flow-good" } }));
        server.QuickConnects.Add(QuickConnect("qc-queue-wrong-flow", "QUEUE", new JsonObject { ["QueueConfig"] = new JsonObject { ["QueueId"] = "q1", ["ContactFlowId"] = "flow-inbound" } }));
        server.QuickConnects.Add(QuickConnect("qc-phone-cn", "PHONE_NUMBER", new JsonObject { ["PhoneConfig"] = new JsonObject { ["PhoneNumber"] = "+8613800138000" } }));
        server.QuickConnects.Add(QuickConnect("qc-phone-us", "PHONE_NUMBER", new JsonObject { ["PhoneConfig"] = new JsonObject { ["PhoneNumber"] = "+12065550100" } }));
        server.QuickConnects.Add(QuickConnect("qc-user", "USER", new JsonObject { ["UserConfig"] = new JsonObject { ["UserId"] = "u1", ["ContactFlowId"] = "flow-agent" } }));
        server.Flows["flow-good"] = Flow("flow-good", "QUEUE_TRANSFER", Transfer("t1", "+8613800138000"));
        server.Flows["flow-inbound"] = Flow("flow-inbound", "CONTACT_FLOW", Transfer("t2", "013800138000"), Transfer("t3", "$.Attributes.number"));
        server.Flows["flow-agent"] = Flow("flow-agent", "AGENT_TRANSFER");
    }
}
