using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using ChinaDial.Compliance.Connect;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.Connect;

public class GuardedConnectSenderTests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string SessionToken = "session-token-example";
    private const string Region = "us-west-2";
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private static readonly StartOutboundVoiceContactRequest Allowed = new("instance-1", "flow-1", TestNumbers.CnMobile)
    {
        SourcePhoneNumber = TestNumbers.UsCallerId,
        Attributes = new Dictionary<string, string> { ["campaign"] = "renewals" },
        ClientToken = "token-1",
    };

    private static (GuardedConnectSender Sender, OutboundCallEvaluator Evaluator, HttpClient Http) Create(FakeConnectServer server, params IOutboundCallPolicy[] extra)
    {
        var time = new FakeTimeProvider(Now);
        var evaluator = new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] } }.CreateEvaluator(time, extra);
        var http = new HttpClient();
        var httpSender = new ConnectHttpSender(http, new ConnectHttpSenderOptions
        {
            Region = Region,
            Endpoint = server.Endpoint,
            Credentials = new SessionAWSCredentials(AccessKey, SecretKey, SessionToken),
        }, time);
        var sender = new GuardedConnectSender(evaluator, httpSender.AsDelegate(), new GuardedConnectSenderOptions { ThrottleRetryDelay = TimeSpan.Zero, UseJitter = false }, time);
        return (sender, evaluator, http);
    }

    [Fact]
    public async Task Allowed_call_is_sent_as_a_signed_PUT_to_contact_outbound_voice_with_the_documented_body()
    {
        await using var server = new FakeConnectServer();
        var (sender, _, http) = Create(server);
        using var _ = http;

        var result = await sender.SendAsync(Allowed);

        Assert.Equal(ConnectSendStatus.Sent, result.Status);
        Assert.Equal("contact-1", result.ContactId);
        var request = Assert.Single(server.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/contact/outbound-voice", request.Path);
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal(TestNumbers.CnMobile, root.GetProperty("DestinationPhoneNumber").GetString());
        Assert.Equal("flow-1", root.GetProperty("ContactFlowId").GetString());
        Assert.Equal("instance-1", root.GetProperty("InstanceId").GetString());
        Assert.Equal("token-1", root.GetProperty("ClientToken").GetString());
        Assert.Equal(TestNumbers.UsCallerId, root.GetProperty("SourcePhoneNumber").GetString());
        Assert.Equal("renewals", root.GetProperty("Attributes").GetProperty("campaign").GetString());
        Assert.False(root.TryGetProperty("QueueId", out var __));

        Assert.Equal("20261123T020000Z", request.Headers["X-Amz-Date"]);
        Assert.Equal(SessionToken, request.Headers["X-Amz-Security-Token"]);
        var authorization = request.Headers["Authorization"];
        var match = Regex.Match(authorization, "^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/us-west-2/connect/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$");
        Assert.True(match.Success, authorization);
        var signedHeaders = match.Groups[1].Value.Split(';');
        Assert.Contains("host", signedHeaders);
        Assert.Contains("x-amz-date", signedHeaders);
        Assert.Contains("x-amz-security-token", signedHeaders);
        Assert.Equal(ExpectedSignature(request, match.Groups[1].Value), match.Groups[2].Value);
        Assert.Equal(CallTicketState.Pending, result.Decision.Ticket!.State);
    }

    [Fact]
    public async Task Denied_call_never_reaches_Connect_and_returns_the_decision()
    {
        await using var server = new FakeConnectServer();
        var (sender, _, http) = Create(server);
        using var _ = http;

        var result = await sender.SendAsync(Allowed with { SourcePhoneNumber = TestNumbers.UsCallerId2 });

        Assert.Equal(ConnectSendStatus.Denied, result.Status);
        Assert.Contains(ReasonCode.CallerIdNotApproved, result.Decision.Reasons);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Deferred_call_is_not_sent_and_returns_NotBefore()
    {
        await using var server = new FakeConnectServer();
        var notBefore = Now.AddMinutes(1);
        var defer = new Evaluation.ScriptedPolicy("defer", _ => PolicyResult.Defer(ReasonCode.CallerIdRateLimited, notBefore));
        var (sender, _, http) = Create(server, defer);
        using var _ = http;

        var result = await sender.SendAsync(Allowed);

        Assert.Equal(ConnectSendStatus.Deferred, result.Status);
        Assert.Equal(notBefore, result.NotBefore);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Throttled_send_is_retried_with_the_same_client_token_until_Connect_accepts()
    {
        await using var server = new FakeConnectServer(429, 429);
        var (sender, _, http) = Create(server);
        using var _ = http;

        var result = await sender.SendAsync(Allowed with { ClientToken = null });

        Assert.Equal(ConnectSendStatus.Sent, result.Status);
        Assert.Equal(3, server.Requests.Count);
        var tokens = server.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("ClientToken").GetString()).Distinct().ToList();
        Assert.Equal(result.ClientToken, Assert.Single(tokens));
    }

    [Fact]
    public async Task Server_error_after_send_is_not_retried_and_the_ticket_is_kept()
    {
        await using var server = new FakeConnectServer(500);
        var (sender, _, http) = Create(server);
        using var _ = http;

        var result = await sender.SendAsync(Allowed);

        Assert.Equal(ConnectSendStatus.Unknown, result.Status);
        Assert.Equal(500, result.HttpStatus);
        Assert.Single(server.Requests);
        Assert.Equal(CallTicketState.Pending, result.Decision.Ticket!.State);
        Assert.Equal("token-1", result.ClientToken);
    }

    [Fact]
    public async Task Refused_send_cancels_the_ticket_so_no_quota_is_consumed()
    {
        await using var server = new FakeConnectServer(400);
        var (sender, _, http) = Create(server);
        using var _ = http;

        var result = await sender.SendAsync(Allowed);

        Assert.Equal(ConnectSendStatus.Failed, result.Status);
        Assert.Equal("InvalidParameterException", result.Error);
        Assert.Single(server.Requests);
        Assert.Equal(CallTicketState.Cancelled, result.Decision.Ticket!.State);
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_retries_fails_and_cancels_the_ticket()
    {
        await using var server = new FakeConnectServer(429, 429, 429, 429, 429);
        var (sender, _, http) = Create(server);
        using var _ = http;

        var result = await sender.SendAsync(Allowed);

        Assert.Equal(ConnectSendStatus.Failed, result.Status);
        Assert.Equal(4, server.Requests.Count);
        Assert.Equal(CallTicketState.Cancelled, result.Decision.Ticket!.State);
    }

    [Fact]
    public async Task A_user_supplied_send_handler_that_throws_fails_closed_without_retrying()
    {
        var evaluator = new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] } }.CreateEvaluator(new FakeTimeProvider(Now));
        var attempts = 0;
        var sender = new GuardedConnectSender(evaluator, (_, _) =>
        {
            attempts++;
            throw new HttpRequestException("connection reset");
        });

        var result = await sender.SendAsync(Allowed);

        Assert.Equal(ConnectSendStatus.Unknown, result.Status);
        Assert.Equal(1, attempts);
        Assert.Contains("connection reset", result.Error, StringComparison.Ordinal);
    }

    /// <summary>Recomputes the SigV4 signature independently of AWSSDK.Core, from what the server received.</summary>
    private static string ExpectedSignature(ReceivedRequest request, string signedHeaders)
    {
        var names = signedHeaders.Split(';');
        var canonicalHeaders = string.Concat(names.Select(n => n + ":" + request.Headers[n].Trim() + "\n"));
        var payloadHash = Hex(SHA256.HashData(Encoding.UTF8.GetBytes(request.Body)));
        var canonical = string.Join('\n', request.Method, request.Path, "", canonicalHeaders, signedHeaders, payloadHash);
        var date = request.Headers["X-Amz-Date"];
        var scope = $"{date[..8]}/{Region}/connect/aws4_request";
        var stringToSign = string.Join('\n', "AWS4-HMAC-SHA256", date, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + SecretKey), date[..8]);
        key = Hmac(key, Region);
        key = Hmac(key, "connect");
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
