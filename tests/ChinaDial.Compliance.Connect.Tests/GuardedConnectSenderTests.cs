using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Connect.Tests;

public class GuardedConnectSenderTests
{
    private static StartOutboundVoiceContactRequest Allowed => ConnectTestKit.Request() with { Attributes = new Dictionary<string, string> { ["campaign"] = "renewals" } };

    [Fact]
    public async Task Allowed_call_is_sent_as_a_signed_PUT_to_contact_outbound_voice_with_the_documented_body()
    {
        await using var server = new FakeConnectServer();
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(Allowed);

        Assert.Equal(ConnectSendStatus.Sent, result.Status);
        Assert.Equal("contact-1", result.ContactId);
        var request = Assert.Single(server.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/contact/outbound-voice", request.Path);
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal(TestNumbers.CnMobile, root.GetProperty("DestinationPhoneNumber").GetString());
        Assert.Equal("flow-1", root.GetProperty("ContactFlowId").GetString());
        Assert.Equal(ConnectTestKit.Instance, root.GetProperty("InstanceId").GetString());
        Assert.Equal("token-1", root.GetProperty("ClientToken").GetString());
        Assert.Equal(TestNumbers.UsCallerId, root.GetProperty("SourcePhoneNumber").GetString());
        Assert.Equal("renewals", root.GetProperty("Attributes").GetProperty("campaign").GetString());
        Assert.False(root.TryGetProperty("QueueId", out _));

        Assert.Equal("20261123T020000Z", request.Headers["X-Amz-Date"]);
        Assert.Equal(ConnectTestKit.SessionToken, request.Headers["X-Amz-Security-Token"]);
        var authorization = request.Headers["Authorization"];
        var match = Regex.Match(authorization, "^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/us-west-2/connect/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$");
        Assert.True(match.Success, authorization);
        var signedHeaders = match.Groups[1].Value.Split(';');
        Assert.Contains("host", signedHeaders);
        Assert.Contains("x-amz-date", signedHeaders);
        Assert.Contains("x-amz-security-token", signedHeaders);
        Assert.Equal(ExpectedSignature(request, match.Groups[1].Value), match.Groups[2].Value);
        Assert.Equal(CallTicketState.Pending, result.Decision!.Value.Ticket!.State);
        Assert.True(kit.Registry.TryGetTicket("contact-1", out var registered));
        Assert.Same(result.Decision.Value.Ticket, registered);
    }

    [Fact]
    public async Task Every_request_member_of_the_model_is_sent_under_the_model_name_and_accepted_by_the_fake()
    {
        await using var server = new FakeConnectServer();
        using var kit = new ConnectTestKit(server.Endpoint);
        var request = Allowed with
        {
            Name = "Renewal call",
            Description = "Asked for a callback",
            References = new Dictionary<string, ConnectReference> { ["crm"] = new("URL", "https://crm.example/1") },
            RelatedContactId = "contact-0",
            CampaignId = "campaign-7",
            TrafficType = "CAMPAIGN",
            AnswerMachineDetectionConfig = new ConnectAnswerMachineDetectionConfig(true, AwaitAnswerMachinePrompt: false),
            RingTimeoutInSeconds = 30,
            OutboundStrategy = new ConnectOutboundStrategy("AGENT_FIRST") { AgentFirstPreview = new ConnectAgentFirstPreview(20, ["CALL", "DISCARD"]) },
        };

        var result = await kit.Sender.SendAsync(request);

        Assert.Equal(ConnectSendStatus.Sent, result.Status);
        using var body = JsonDocument.Parse(Assert.Single(server.Requests).Body);
        var root = body.RootElement;
        Assert.Equal(ConnectModel.StartOutboundVoiceContactMembers.Where(m => m != "QueueId").Order(StringComparer.Ordinal), root.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("campaign-7", root.GetProperty("CampaignId").GetString());
        Assert.Equal("CAMPAIGN", root.GetProperty("TrafficType").GetString());
        Assert.True(root.GetProperty("AnswerMachineDetectionConfig").GetProperty("EnableAnswerMachineDetection").GetBoolean());
        Assert.False(root.GetProperty("AnswerMachineDetectionConfig").GetProperty("AwaitAnswerMachinePrompt").GetBoolean());
        Assert.Equal(30, root.GetProperty("RingTimeoutInSeconds").GetInt32());
        Assert.Equal("contact-0", root.GetProperty("RelatedContactId").GetString());
        Assert.Equal("URL", root.GetProperty("References").GetProperty("crm").GetProperty("Type").GetString());
        Assert.Equal("Renewal call", root.GetProperty("Name").GetString());
        Assert.Equal("Asked for a callback", root.GetProperty("Description").GetString());
        var preview = root.GetProperty("OutboundStrategy").GetProperty("Config").GetProperty("AgentFirst").GetProperty("Preview");
        Assert.Equal(20, preview.GetProperty("PostAcceptTimeoutConfig").GetProperty("DurationInSeconds").GetInt32());
        Assert.Equal(["CALL", "DISCARD"], preview.GetProperty("AllowedUserActions").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Denied_call_never_reaches_Connect_and_returns_the_decision()
    {
        await using var server = new FakeConnectServer();
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(Allowed with { SourcePhoneNumber = TestNumbers.UsCallerId2 });

        Assert.Equal(ConnectSendStatus.Denied, result.Status);
        Assert.Contains(ReasonCode.CallerIdNotApproved, result.Decision!.Value.Reasons);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Marketing_call_without_consent_is_denied_with_no_consent_and_not_sent()
    {
        await using var server = new FakeConnectServer();
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(Allowed with { Purpose = CallPurpose.Marketing });

        Assert.Equal(ConnectSendStatus.Denied, result.Status);
        Assert.Contains(ReasonCode.NoConsent, result.Decision!.Value.Reasons);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_purpose_outside_the_enum_is_refused_before_evaluation()
    {
        await using var server = new FakeConnectServer();
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(Allowed with { Purpose = (CallPurpose)7 });

        Assert.Equal(ConnectSendStatus.Denied, result.Status);
        Assert.Null(result.Decision);
        Assert.Contains(result.RequestProblems, p => p.StartsWith("StartOutboundVoiceContactRequest.Purpose:", StringComparison.Ordinal));
        Assert.Equal(0, kit.Counter.Evaluations);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Deferred_call_is_not_sent_and_returns_NotBefore()
    {
        await using var server = new FakeConnectServer();
        var notBefore = ConnectTestKit.Now.AddMinutes(1);
        var time = new FakeTimeProvider(ConnectTestKit.Now);
        var evaluator = new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] } }
            .CreateEvaluator(time, [new ScriptedPolicy("defer", _ => PolicyResult.Defer(ReasonCode.CallerIdRateLimited, notBefore))]);
        using var http = new HttpClient();
        using var sender = new GuardedConnectSender(evaluator, new ConnectHttpApi(http, new ConnectHttpApiOptions { Region = "us-west-2", Endpoint = server.Endpoint, Credentials = new BasicAWSCredentials("a", "b") }), ConnectTestKit.Quick());

        var result = await sender.SendAsync(Allowed);

        Assert.Equal(ConnectSendStatus.Deferred, result.Status);
        Assert.Equal(notBefore, result.NotBefore);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Throttled_send_is_retried_with_the_same_client_token_until_Connect_accepts()
    {
        await using var server = new FakeConnectServer(429, 429);
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(Allowed with { ClientToken = null });

        Assert.Equal(ConnectSendStatus.Sent, result.Status);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(3, result.Attempts);
        var tokens = server.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("ClientToken").GetString()).Distinct().ToList();
        Assert.Equal(result.ClientToken, Assert.Single(tokens));
        Assert.Equal(result.Decision!.Value.Id.ToString("D"), result.ClientToken);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_the_same_token_and_one_contact_is_placed()
    {
        await using var server = new FakeConnectServer(500, 500);
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(Allowed);

        Assert.Equal(ConnectSendStatus.Sent, result.Status);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(1, server.ContactsPlaced);
        Assert.All(server.Requests, r => Assert.Contains("\"ClientToken\":\"token-1\"", r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Server_errors_past_the_attempts_leave_the_call_Unknown_with_its_ticket_and_token()
    {
        await using var server = new FakeConnectServer(500, 500, 500, 500);
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(Allowed);

        Assert.Equal(ConnectSendStatus.Unknown, result.Status);
        Assert.Equal(500, result.HttpStatus);
        Assert.Equal("InternalServiceException", result.ErrorCode);
        Assert.StartsWith("req-", result.RequestId, StringComparison.Ordinal);
        Assert.Equal(4, server.Requests.Count);
        Assert.Equal(CallTicketState.Pending, result.Decision!.Value.Ticket!.State);
        Assert.Equal("token-1", result.ClientToken);
    }

    [Theory]
    [InlineData("InvalidParameterException", 400, null)]
    [InlineData("InvalidRequestException", 400, "{\"AttachedFileInvalidRequestExceptionReason\":\"INVALID_FILE_NAME\"}")]
    [InlineData("DestinationNotAllowedException", 403, null)]
    [InlineData("OutboundContactNotPermittedException", 403, null)]
    [InlineData("ResourceNotFoundException", 404, null)]
    public async Task A_client_error_fails_at_once_cancels_the_ticket_and_keeps_the_error_details(string type, int status, string? reason)
    {
        await using var server = new FakeConnectServer();
        server.Fail("StartOutboundVoiceContact", new FakeFault.Error(type, "the message of " + type, reason));
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(Allowed);

        Assert.Equal(ConnectSendStatus.Failed, result.Status);
        Assert.Equal(type, result.ErrorCode);
        Assert.Equal(status, result.HttpStatus);
        Assert.Equal("the message of " + type, result.ErrorMessage);
        Assert.Equal(reason, result.ErrorReason);
        Assert.StartsWith("req-", result.RequestId, StringComparison.Ordinal);
        Assert.Single(server.Requests);
        Assert.Equal(CallTicketState.Cancelled, result.Decision!.Value.Ticket!.State);
    }

    [Fact]
    public async Task The_error_type_is_read_from_the_body_without_its_namespace_when_the_header_is_missing()
    {
        await using var server = new FakeConnectServer();
        server.Fail("StartOutboundVoiceContact", new FakeFault.Error("DestinationNotAllowedException", "Outbound calls to +86... are not allowed", TypeInHeader: false));
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(Allowed);

        Assert.Equal(ConnectSendStatus.Failed, result.Status);
        Assert.Equal("DestinationNotAllowedException", result.ErrorCode);
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_attempts_fails_and_cancels_the_ticket()
    {
        await using var server = new FakeConnectServer(429, 429, 429, 429, 429);
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(Allowed);

        Assert.Equal(ConnectSendStatus.Failed, result.Status);
        Assert.Equal("LimitExceededException", result.ErrorCode);
        Assert.Equal(4, server.Requests.Count);
        Assert.Equal(CallTicketState.Cancelled, result.Decision!.Value.Ticket!.State);
    }

    [Fact]
    public async Task A_refused_connection_fails_and_cancels_the_ticket()
    {
        Uri closed;
        await using (var server = new FakeConnectServer())
        {
            closed = server.Endpoint;
        }

        using var kit = new ConnectTestKit(closed);

        var result = await kit.Sender.SendAsync(Allowed);

        Assert.Equal(ConnectSendStatus.Failed, result.Status);
        Assert.Equal(CallTicketState.Cancelled, result.Decision!.Value.Ticket!.State);
        Assert.Equal(1, result.Attempts);
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_fails_and_cancels_the_ticket()
    {
        using var kit = new ConnectTestKit(new Uri("http://connect.chinadial-test.invalid"));

        var result = await kit.Sender.SendAsync(Allowed);

        Assert.Equal(ConnectSendStatus.Failed, result.Status);
        Assert.Equal(CallTicketState.Cancelled, result.Decision!.Value.Ticket!.State);
    }

    [Fact]
    public async Task A_connection_lost_after_Connect_placed_the_call_is_retried_and_finds_the_same_contact()
    {
        await using var server = new FakeConnectServer();
        server.Fail("StartOutboundVoiceContact", new FakeFault.PlaceThenReset());
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(Allowed);

        Assert.True(result.Status == ConnectSendStatus.Sent, result.Error);
        Assert.Equal(2, result.Attempts);
        Assert.Equal("contact-1", result.ContactId);
        Assert.Equal(1, server.ContactsPlaced);
    }

    [Fact]
    public async Task A_success_without_a_contact_id_is_Unknown_and_not_retried_blindly()
    {
        await using var server = new FakeConnectServer();
        server.Fail("StartOutboundVoiceContact", new FakeFault.Body("{}"));
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(Allowed);

        Assert.Equal(ConnectSendStatus.Unknown, result.Status);
        Assert.Single(server.Requests);
        Assert.Equal(CallTicketState.Pending, result.Decision!.Value.Ticket!.State);
    }

    [Fact]
    public async Task Malformed_JSON_in_a_success_is_Unknown()
    {
        await using var server = new FakeConnectServer();
        server.Fail("StartOutboundVoiceContact", new FakeFault.Body("{\"ContactId\":"));
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(Allowed);

        Assert.Equal(ConnectSendStatus.Unknown, result.Status);
        Assert.Equal("MalformedResponse", result.ErrorCode);
    }

    [Fact]
    public async Task A_hung_Connect_times_out_each_attempt_and_the_send_ends_Unknown_within_its_budget()
    {
        await using var server = new FakeConnectServer();
        server.Fail("StartOutboundVoiceContact", new FakeFault.Hang(), new FakeFault.Hang(), new FakeFault.Hang());
        var options = ConnectTestKit.Quick();
        options.AttemptTimeout = TimeSpan.FromMilliseconds(200);
        options.SendTimeout = TimeSpan.FromSeconds(20);
        options.MaxAttempts = 3;
        using var kit = new ConnectTestKit(server.Endpoint, options, senderTime: TimeProvider.System);

        var result = await kit.Sender.SendAsync(Allowed);

        Assert.Equal(ConnectSendStatus.Unknown, result.Status);
        Assert.Equal("Timeout", result.ErrorCode);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(CallTicketState.Pending, result.Decision!.Value.Ticket!.State);
    }

    public static TheoryData<string, ConnectSendStatus, int> SdkExceptions => new()
    {
        { "DestinationNotAllowedException/403", ConnectSendStatus.Failed, 1 },
        { "AccessDeniedException/403", ConnectSendStatus.Failed, 1 },
        { "ResourceNotFoundException/404", ConnectSendStatus.Failed, 1 },
        { "InvalidParameterException/400", ConnectSendStatus.Failed, 1 },
        { "LimitExceededException/429", ConnectSendStatus.Failed, 4 },
        { "ThrottlingException/429", ConnectSendStatus.Failed, 4 },
        { "InternalServiceException/500", ConnectSendStatus.Unknown, 4 },
    };

    [Theory]
    [MemberData(nameof(SdkExceptions))]
    public async Task An_IAmazonConnect_adapter_throwing_the_SDK_exceptions_is_classified_by_status_and_code(string shape, ConnectSendStatus expected, int attempts)
    {
        var (code, status) = (shape.Split('/')[0], int.Parse(shape.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture));
        var api = new ThrowingApi(() => new SdkStyleException(code, (HttpStatusCode)status));
        var evaluator = new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] } }.CreateEvaluator(new FakeTimeProvider(ConnectTestKit.Now));
        using var sender = new GuardedConnectSender(evaluator, api, ConnectTestKit.Quick());

        var result = await sender.SendAsync(Allowed);

        Assert.Equal(expected, result.Status);
        Assert.Equal(code, result.ErrorCode);
        Assert.Equal(attempts, api.Calls);
        Assert.Equal(expected == ConnectSendStatus.Failed ? CallTicketState.Cancelled : CallTicketState.Pending, result.Decision!.Value.Ticket!.State);
    }

    [Fact]
    public async Task An_adapter_failing_to_find_credentials_fails_without_a_request()
    {
        var api = new ThrowingApi(() => new AmazonClientException("Failed to resolve AWS credentials."));
        var evaluator = new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] } }.CreateEvaluator(new FakeTimeProvider(ConnectTestKit.Now));
        using var sender = new GuardedConnectSender(evaluator, api, ConnectTestKit.Quick());

        var result = await sender.SendAsync(Allowed);

        Assert.Equal(ConnectSendStatus.Failed, result.Status);
        Assert.Equal(1, api.Calls);
        Assert.Equal(CallTicketState.Cancelled, result.Decision!.Value.Ticket!.State);
    }

    [Fact]
    public async Task An_unexpected_exception_from_an_adapter_is_Unknown_and_not_retried()
    {
        var api = new ThrowingApi(() => new InvalidOperationException("adapter bug"));
        var evaluator = new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] } }.CreateEvaluator(new FakeTimeProvider(ConnectTestKit.Now));
        using var sender = new GuardedConnectSender(evaluator, api, ConnectTestKit.Quick());

        var result = await sender.SendAsync(Allowed);

        Assert.Equal(ConnectSendStatus.Unknown, result.Status);
        Assert.Equal(1, api.Calls);
        Assert.Contains("adapter bug", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_report_every_problem_with_its_name()
    {
        var options = new GuardedConnectSenderOptions
        {
            MaxAttempts = 0, RetryDelay = TimeSpan.FromSeconds(-1), AttemptTimeout = TimeSpan.Zero, SendTimeout = TimeSpan.FromHours(1),
            RequestsPerSecond = double.NaN, Burst = 0, PacingQueueLimit = -1, QueueCallerIdRefreshInterval = TimeSpan.FromDays(2),
        };

        var errors = options.Validate();

        foreach (var name in new[] { "MaxAttempts", "RetryDelay", "AttemptTimeout", "SendTimeout", "RequestsPerSecond", "Burst", "PacingQueueLimit", "QueueCallerIdRefreshInterval" })
        {
            Assert.Contains(errors, e => e.StartsWith("GuardedConnectSenderOptions." + name + ":", StringComparison.Ordinal));
        }

        var evaluator = new ChinaDialComplianceOptions().CreateEvaluator();
        Assert.Throws<ArgumentException>(() => new GuardedConnectSender(evaluator, new ThrowingApi(() => new InvalidOperationException()), options));
    }

    [Fact]
    public void Api_options_refuse_a_region_typo_and_a_relative_endpoint()
    {
        var errors = new ConnectHttpApiOptions { Region = "us-west2 ", Endpoint = new Uri("/relative", UriKind.Relative) }.Validate();

        Assert.Contains(errors, e => e.StartsWith("ConnectHttpApiOptions.Region:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ConnectHttpApiOptions.Endpoint:", StringComparison.Ordinal));
    }

    /// <summary>Recomputes the SigV4 signature independently of AWSSDK.Core, from what the server received.</summary>
    internal static string ExpectedSignature(ReceivedRequest request, string signedHeaders)
    {
        var names = signedHeaders.Split(';');
        var canonicalHeaders = string.Concat(names.Select(n => n + ":" + request.Headers[n].Trim() + "\n"));
        var payloadHash = Hex(SHA256.HashData(Encoding.UTF8.GetBytes(request.Body)));
        var canonical = string.Join('\n', request.Method, request.Path, "", canonicalHeaders, signedHeaders, payloadHash);
        var date = request.Headers["X-Amz-Date"];
        var scope = $"{date[..8]}/{ConnectTestKit.Region}/connect/aws4_request";
        var stringToSign = string.Join('\n', "AWS4-HMAC-SHA256", date, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + ConnectTestKit.SecretKey), date[..8]);
        key = Hmac(key, ConnectTestKit.Region);
        key = Hmac(key, "connect");
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

/// <summary>Stands for the AWS SDK's generated Connect exceptions (e.g. <c>Amazon.Connect.Model.DestinationNotAllowedException</c>):
/// an <see cref="AmazonServiceException"/> subclass with the status and the error code set by the unmarshaller.</summary>
internal sealed class SdkStyleException(string code, HttpStatusCode status)
    : AmazonServiceException("service said " + code, (int)status >= 500 ? ErrorType.Receiver : ErrorType.Sender, code, "sdk-request-1", status);

/// <summary>An <see cref="IConnectApi"/> whose StartOutboundVoiceContact always throws.</summary>
internal sealed class ThrowingApi(Func<Exception> error) : IConnectApi
{
    public int Calls { get; private set; }

    public ValueTask<string> StartOutboundVoiceContactAsync(StartOutboundVoiceContactRequest request, CancellationToken cancellationToken)
    {
        Calls++;
        throw error();
    }

    public ValueTask<ConnectQueueDescription> DescribeQueueAsync(string instanceId, string queueId, CancellationToken cancellationToken) => throw error();

    public ValueTask<ConnectPhoneNumber> DescribePhoneNumberAsync(string phoneNumberId, CancellationToken cancellationToken) => throw error();

    public ValueTask<ConnectPage<ConnectPhoneNumber>> ListPhoneNumbersV2Async(string instanceId, string? nextToken, CancellationToken cancellationToken) => throw error();

    public ValueTask<ConnectPage<ConnectQuickConnectSummary>> ListQuickConnectsAsync(string instanceId, string? nextToken, CancellationToken cancellationToken) => throw error();

    public ValueTask<ConnectQuickConnect> DescribeQuickConnectAsync(string instanceId, string quickConnectId, CancellationToken cancellationToken) => throw error();

    public ValueTask<ConnectContactFlow> DescribeContactFlowAsync(string instanceId, string contactFlowId, CancellationToken cancellationToken) => throw error();

    public ValueTask<ConnectContactOutcome> DescribeContactAsync(string instanceId, string contactId, CancellationToken cancellationToken) => throw error();
}
