using System.Text.Json.Nodes;
using ChinaDial.Compliance.Connect;
using ChinaDial.Compliance.Connect.Tests;

namespace ChinaDial.Compliance.Cli.Tests.Connect;

/// <summary><c>chinadial connect audit|lint</c>, live against the fake Connect server (credentials from the environment,
/// as the standard AWS chain finds them) and from files.</summary>
[Collection(ProcessEnvironment.Name)]
public class ConnectCommandTests
{
    private static readonly string[] Variables =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE",
        "AWS_EC2_METADATA_DISABLED", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_REGION", "AWS_DEFAULT_REGION",
        "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
    ];

    private static T WithEnvironment<T>(bool credentials, Func<T> run)
    {
        var saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        var empty = Path.Combine(Path.GetTempPath(), $"chinadial-no-aws-{Guid.NewGuid():N}");
        try
        {
            foreach (var name in Variables)
            {
                Environment.SetEnvironmentVariable(name, null);
            }

            Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", empty);
            Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", empty);
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
            if (credentials)
            {
                Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDFROMENVIRONMENT");
                Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "secret-from-the-environment-0123456789");
            }

            return run();
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    [Fact]
    public async Task Live_audit_lists_every_page_and_exits_1_when_a_number_is_not_compliant()
    {
        await using var server = new FakeConnectServer { PageSize = 1 };
        server.PhoneNumbers.Add(new ConnectPhoneNumber("n-ok", TestNumbers.UsCallerId, "DID", "US") { InstanceId = "i-1" });
        server.PhoneNumbers.Add(new ConnectPhoneNumber("n-tf", "+18005550100", "TOLL_FREE", "US") { InstanceId = "i-1" });
        using var policy = new TempFile($$"""{ "ChinaDialCompliance": { "CallerIds": { "Approved": ["{{TestNumbers.UsCallerId}}"] } } }""", ".json");

        var run = WithEnvironment(credentials: true, () => CliRun.Of("connect", "audit", "--instance", "i-1", "--region", "us-west-2", "--endpoint", server.Endpoint.ToString(), "--policy", policy.Path));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["n-ok", "n-tf"], run.Lines.Select(l => l.GetProperty("phoneNumberId").GetString()));
        Assert.True(run.Lines[0].GetProperty("compliant").GetBoolean());
        Assert.Contains("caller_id_toll_free", run.Lines[1].GetProperty("problems").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("TOLL_FREE", run.Lines[1].GetProperty("type").GetString());
        Assert.Contains("audited 2 number(s) claimed to instance i-1: 1 compliant, 1 not", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, server.RequestsOf("ListPhoneNumbersV2").Count());
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDFROMENVIRONMENT/", server.Requests.First().Headers["Authorization"], StringComparison.Ordinal);
        Assert.DoesNotContain("2065550100", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Live_audit_without_credentials_exits_2_with_the_reason_and_sends_nothing()
    {
        await using var server = new FakeConnectServer();

        var run = WithEnvironment(credentials: false, () => CliRun.Of("connect", "audit", "--instance", "i-1", "--region", "us-west-2", "--endpoint", server.Endpoint.ToString()));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("credentials", run.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Live_audit_refused_by_Connect_exits_2_with_the_error_type()
    {
        await using var server = new FakeConnectServer();
        server.Fail("ListPhoneNumbersV2", new FakeFault.Error("AccessDeniedException", "User is not authorized to perform connect:ListPhoneNumbersV2"));

        var run = WithEnvironment(credentials: true, () => CliRun.Of("connect", "audit", "--instance", "i-1", "--region", "us-west-2", "--endpoint", server.Endpoint.ToString()));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("AccessDeniedException (403)", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void Audit_needs_a_region_for_a_live_instance()
    {
        var run = WithEnvironment(credentials: true, () => CliRun.Of("connect", "audit", "--instance", "i-1"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--region", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void File_audit_refuses_a_partial_listing()
    {
        using var file = new TempFile("""{ "ListPhoneNumbersSummaryList": [ { "PhoneNumberId": "a", "PhoneNumber": "+12065550100", "PhoneNumberType": "DID" } ], "NextToken": "abc" }""", ".json");

        var run = CliRun.Of("connect", "audit", "--file", file.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(file.Path, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("NextToken", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void File_audit_of_a_compliant_inventory_exits_0()
    {
        using var file = new TempFile($$"""{ "ListPhoneNumbersSummaryList": [ { "PhoneNumberId": "a", "PhoneNumber": "{{TestNumbers.UsCallerId}}", "PhoneNumberType": "DID" } ] }""", ".json");
        using var policy = new TempFile($$"""{ "ChinaDialCompliance": { "CallerIds": { "Approved": ["{{TestNumbers.UsCallerId}}"] } } }""", ".json");

        var run = CliRun.Of("connect", "audit", "--file", file.Path, "--policy", policy.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.True(Assert.Single(run.Lines).GetProperty("compliant").GetBoolean());
    }

    [Fact]
    public void Audit_with_both_or_neither_source_is_bad_usage()
    {
        Assert.Equal(2, CliRun.Of("connect", "audit").ExitCode);
        Assert.Equal(2, CliRun.Of("connect", "audit", "--instance", "i", "--file", "f.json").ExitCode);
    }

    [Fact]
    public async Task Live_lint_reports_each_quick_connect_and_flow_and_exits_1_on_findings()
    {
        await using var server = new FakeConnectServer();
        ConnectConfigurationLintTests.Populate(server);

        var run = WithEnvironment(credentials: true, () => CliRun.Of("connect", "lint", "--instance", "i-1", "--region", "us-west-2", "--endpoint", server.Endpoint.ToString()));

        Assert.Equal(1, run.ExitCode);
        var byId = run.Lines.ToDictionary(l => l.GetProperty("id").GetString()!);
        Assert.True(byId["qc-queue"].GetProperty("compliant").GetBoolean());
        Assert.Equal("phone_number_quick_connect", byId["qc-phone-cn"].GetProperty("findings")[0].GetProperty("code").GetString());
        Assert.Contains("linted 5 quick connect(s) and 3 flow(s): 4 pass, 4 with findings", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void File_lint_of_a_queue_quick_connect_and_its_transfer_to_queue_flow_exits_0()
    {
        using var quickConnect = new TempFile(new JsonObject { ["QuickConnect"] = ConnectConfigurationLintTests.QuickConnect("qc", "QUEUE", new JsonObject { ["QueueConfig"] = new JsonObject { ["QueueId"] = "q", ["ContactFlowId"] = "f" } }) }.ToJsonString(), ".json");
        using var flow = new TempFile(new JsonObject { ["ContactFlow"] = ConnectConfigurationLintTests.Flow("f", "QUEUE_TRANSFER", ConnectConfigurationLintTests.Transfer("t", "+8613800138000")) }.ToJsonString(), ".json");

        var run = CliRun.Of("connect", "lint", "--quick-connects", quickConnect.Path, "--flows", flow.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, run.Lines.Count);
    }

    [Fact]
    public void File_lint_of_a_missing_file_exits_2_naming_it()
    {
        var run = CliRun.Of("connect", "lint", "--quick-connects", "/nonexistent/qc.json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("/nonexistent/qc.json", run.Stderr, StringComparison.Ordinal);
    }
}
