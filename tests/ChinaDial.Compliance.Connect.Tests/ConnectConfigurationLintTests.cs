using System.Text;
using System.Text.Json.Nodes;

namespace ChinaDial.Compliance.Connect.Tests;

public partial class ConnectConfigurationLintTests
{
    [Fact]
    public async Task The_live_lint_reads_every_quick_connect_and_its_flow_and_flags_each_bypass()
    {
        await using var server = new FakeConnectServer { PageSize = 2 };
        Populate(server);
        using var kit = new ConnectTestKit(server.Endpoint);

        var rows = await ConnectConfigurationLint.LintAsync(kit.Api, ConnectTestKit.Instance);

        var byId = rows.ToDictionary(r => r.Id!);
        Assert.Empty(byId["qc-queue"].Findings);
        Assert.Equal(["flow_not_transfer_to_queue"], byId["qc-queue-wrong-flow"].Findings.Select(f => f.Code));
        Assert.Equal(["phone_number_quick_connect"], byId["qc-phone-cn"].Findings.Select(f => f.Code));
        Assert.Empty(byId["qc-phone-us"].Findings);
        Assert.Equal(["user_quick_connect"], byId["qc-user"].Findings.Select(f => f.Code));
        Assert.Empty(byId["flow-good"].Findings);
        Assert.Equal(["transfer_number_not_e164", "transfer_number_dynamic"], byId["flow-inbound"].Findings.Select(f => f.Code));
        Assert.Equal(3, server.RequestsOf("ListQuickConnects").Count());
        Assert.Equal(5, server.RequestsOf("DescribeQuickConnect").Count());
        Assert.Equal(3, server.RequestsOf("DescribeContactFlow").Count());
        Assert.DoesNotContain(rows.SelectMany(r => r.Findings), f => f.Message.Contains("13800138000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_quick_connect_whose_flow_is_not_found_is_flagged()
    {
        await using var server = new FakeConnectServer();
        server.QuickConnects.Add(QuickConnect("qc", "QUEUE", new JsonObject { ["QueueConfig"] = new JsonObject { ["QueueId"] = "q1", ["ContactFlowId"] = "gone" } }));
        using var kit = new ConnectTestKit(server.Endpoint);

        var row = Assert.Single(await ConnectConfigurationLint.LintAsync(kit.Api, ConnectTestKit.Instance));

        Assert.Equal("flow_missing", Assert.Single(row.Findings).Code);
    }

    [Fact]
    public void Exported_files_are_read_in_the_shapes_of_the_AWS_CLI()
    {
        var single = new JsonObject { ["QuickConnect"] = QuickConnect("qc-flow", "FLOW", new JsonObject { ["FlowConfig"] = new JsonObject { ["ContactFlowId"] = "f" } }) }.ToJsonString();
        var array = new JsonArray(QuickConnect("qc-x", "TELEPATHY")).ToJsonString();
        var flows = new JsonObject { ["ContactFlow"] = Flow("f", "QUEUE_TRANSFER", Transfer("t", "+86 138 0013 8000")) }.ToJsonString();

        var quickConnects = ConnectConfigurationLint.ReadQuickConnects(Stream(single)).Concat(ConnectConfigurationLint.ReadQuickConnects(Stream(array))).ToList();
        var flow = Assert.Single(ConnectConfigurationLint.ReadContactFlows(Stream(flows)));
        var rows = ConnectConfigurationLint.Lint(quickConnects, new Dictionary<string, ConnectContactFlow> { [flow.Id!] = flow });

        Assert.Equal(["flow_quick_connect"], rows[0].Findings.Select(f => f.Code));
        Assert.Equal(["unknown_quick_connect_type"], rows[1].Findings.Select(f => f.Code));
        Assert.Equal(["transfer_number_not_e164"], rows[2].Findings.Select(f => f.Code));
    }

    [Theory]
    [InlineData("{\"QuickConnectSummaryList\": [], \"NextToken\": \"more\"}")]
    [InlineData("{\"Something\": 1}")]
    [InlineData("not json")]
    public void A_file_of_another_shape_or_a_partial_listing_is_refused(string json)
        => Assert.Throws<InvalidDataException>(() => ConnectConfigurationLint.ReadQuickConnects(Stream(json)));

    [Theory]
    [InlineData("{}")]
    [InlineData("[1,2]")]
    [InlineData("{\"Actions\": {}}")]
    public void A_flow_whose_content_cannot_be_read_is_flagged_not_passed(string content)
    {
        var flow = new ConnectContactFlow("f", "f", "QUEUE_TRANSFER", content);

        var row = Assert.Single(ConnectConfigurationLint.Lint([], new Dictionary<string, ConnectContactFlow> { ["f"] = flow }));

        Assert.Equal("flow_content_unreadable", Assert.Single(row.Findings).Code);
    }

    private static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));
}
