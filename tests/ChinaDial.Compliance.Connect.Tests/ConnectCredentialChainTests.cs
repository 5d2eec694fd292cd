using System.Net.Http;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Connect.Tests;

/// <summary>Sets process environment variables, so it runs alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironment
{
    public const string Name = "Process environment";
}

[Collection(ProcessEnvironment.Name)]
public class ConnectCredentialChainTests
{
    private static readonly string[] Variables =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE",
        "AWS_EC2_METADATA_DISABLED", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    ];

    [Fact]
    public async Task Without_explicit_credentials_the_sender_signs_with_the_standard_AWS_chain()
    {
        var saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        var empty = Path.Combine(Path.GetTempPath(), $"chinadial-no-aws-{Guid.NewGuid():N}");
        try
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDFROMENVIRONMENT");
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "secret-from-the-environment-0123456789");
            Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", "token-from-the-environment");
            Environment.SetEnvironmentVariable("AWS_PROFILE", null);
            Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", empty);
            Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", empty);
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");

            await using var server = new FakeConnectServer();
            using var http = new HttpClient();
            var api = new ConnectHttpApi(http, new ConnectHttpApiOptions { Region = "us-west-2", Endpoint = server.Endpoint }, new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero)));

            Assert.Equal("contact-1", await api.StartOutboundVoiceContactAsync(ConnectTestKit.Request(), CancellationToken.None));

            var received = Assert.Single(server.Requests);
            Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDFROMENVIRONMENT/20261123/us-west-2/connect/aws4_request, ", received.Headers["Authorization"], StringComparison.Ordinal);
            Assert.Equal("token-from-the-environment", received.Headers["X-Amz-Security-Token"]);
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
    public async Task With_no_credentials_anywhere_the_send_fails_before_a_request_and_cancels_the_ticket()
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

            await using var server = new FakeConnectServer();
            using var http = new HttpClient();
            var time = new FakeTimeProvider(ConnectTestKit.Now);
            var evaluator = new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] } }.CreateEvaluator(time);
            using var sender = new GuardedConnectSender(evaluator, new ConnectHttpApi(http, new ConnectHttpApiOptions { Region = "us-west-2", Endpoint = server.Endpoint }, time), ConnectTestKit.Quick());

            var result = await sender.SendAsync(ConnectTestKit.Request());

            Assert.Equal(ConnectSendStatus.Failed, result.Status);
            Assert.Equal(CallTicketState.Cancelled, result.Decision!.Value.Ticket!.State);
            Assert.Empty(server.Requests);
            Assert.Equal(1, result.Attempts);
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
