using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Connect.Tests.Issues;

/// <summary>Issue 18: Amazon Connect, production grade. One test per reported defect (the issue's points 1–9).</summary>
public class Issue18Tests
{
    // 1. "Every exception from the send step becomes Unknown and the ticket stays Pending ... even when nothing was sent."
    [Fact]
    public async Task Defect_1_a_handler_throwing_the_SDKs_403_DestinationNotAllowed_fails_and_cancels_the_ticket()
    {
        var evaluator = new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] } }.CreateEvaluator(new FakeTimeProvider(ConnectTestKit.Now));
        using var sender = new GuardedConnectSender(evaluator, new ThrowingApi(() => new SdkStyleException("DestinationNotAllowedException", HttpStatusCode.Forbidden)), ConnectTestKit.Quick());

        var result = await sender.SendAsync(ConnectTestKit.Request());

        Assert.Equal(ConnectSendStatus.Failed, result.Status);
        Assert.Equal(CallTicketState.Cancelled, result.Decision!.Value.Ticket!.State);
    }

    // 2a. "5xx responses and timeouts are never retried, although ClientToken makes a retry safe for 7 days."
    [Fact]
    public async Task Defect_2_a_server_error_is_retried_with_the_same_client_token()
    {
        await using var server = new FakeConnectServer(500);
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(ConnectTestKit.Request());

        Assert.Equal(ConnectSendStatus.Sent, result.Status);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("token-1", JsonDocument.Parse(r.Body).RootElement.GetProperty("ClientToken").GetString()));
    }

    // 2b. "The only way [to re-send] is SendAsync, which evaluates again: a second ticket, quota reserved twice."
    [Fact]
    public async Task Defect_2_resuming_an_Unknown_send_does_not_evaluate_again()
    {
        await using var server = new FakeConnectServer(500, 500, 500, 500);
        using var kit = new ConnectTestKit(server.Endpoint);
        var unknown = await kit.Sender.SendAsync(ConnectTestKit.Request());

        var resumed = await kit.Sender.ResumeAsync(unknown);

        Assert.Equal(ConnectSendStatus.Sent, resumed.Status);
        Assert.Equal(1, kit.Counter.Evaluations);
        Assert.Same(unknown.Decision!.Value.Ticket, resumed.Decision!.Value.Ticket);
    }

    // 3. "Purpose defaults to Service. A marketing call sent without a purpose skips consent."
    [Fact]
    public void Defect_3_the_purpose_has_no_default_the_compiler_requires_it()
    {
        var purpose = typeof(StartOutboundVoiceContactRequest).GetProperty(nameof(StartOutboundVoiceContactRequest.Purpose))!;

        Assert.Contains(purpose.CustomAttributes, a => a.AttributeType.FullName == "System.Runtime.CompilerServices.RequiredMemberAttribute");
    }

    // 4a. "With only a QueueId, the evaluator trusts a caller-supplied CallerIdForEvaluation and never looks up the queue's outbound caller ID."
    [Fact]
    public async Task Defect_4_with_only_a_queue_the_queues_own_caller_ID_is_evaluated()
    {
        await using var server = new FakeConnectServer();
        server.PhoneNumbers.Add(new ConnectPhoneNumber("num-unapproved", TestNumbers.UsCallerId2, "DID", "US"));
        server.Queues["queue-1"] = "num-unapproved";
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(ConnectTestKit.Request() with { SourcePhoneNumber = null, QueueId = "queue-1" });

        Assert.Equal(ConnectSendStatus.Denied, result.Status);
        Assert.Contains(ReasonCode.CallerIdNotApproved, result.Decision!.Value.Reasons);
        Assert.Empty(server.RequestsOf("StartOutboundVoiceContact"));
    }

    // 4b. "With both set, the API documents that the queue's number is displayed, but the evaluator checks SourcePhoneNumber."
    [Fact]
    public async Task Defect_4_a_source_number_other_than_the_queues_caller_ID_is_refused()
    {
        await using var server = new FakeConnectServer();
        server.PhoneNumbers.Add(new ConnectPhoneNumber("num-unapproved", TestNumbers.UsCallerId2, "DID", "US"));
        server.Queues["queue-1"] = "num-unapproved";
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(ConnectTestKit.Request() with { QueueId = "queue-1" });

        Assert.Equal(ConnectSendStatus.Denied, result.Status);
        Assert.NotEmpty(result.RequestProblems);
        Assert.Empty(server.RequestsOf("StartOutboundVoiceContact"));
    }

    // 5a. "CampaignId looks like Connect's field but is never sent."
    [Fact]
    public async Task Defect_5_CampaignId_is_sent_to_Connect()
    {
        await using var server = new FakeConnectServer();
        using var kit = new ConnectTestKit(server.Endpoint);

        await kit.Sender.SendAsync(ConnectTestKit.Request() with { CampaignId = "campaign-1" });

        Assert.Equal("campaign-1", JsonDocument.Parse(Assert.Single(server.Requests).Body).RootElement.GetProperty("CampaignId").GetString());
    }

    // 5b/c. "TrafficType, AnswerMachineDetectionConfig, RingTimeoutInSeconds ... are missing. Answering-machine detection needs TrafficType=CAMPAIGN, so it cannot be used at all."
    [Fact]
    public async Task Defect_5_answering_machine_detection_with_a_campaign_traffic_type_is_sent()
    {
        await using var server = new FakeConnectServer();
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(ConnectTestKit.Request() with { TrafficType = "CAMPAIGN", AnswerMachineDetectionConfig = new ConnectAnswerMachineDetectionConfig(true), RingTimeoutInSeconds = 20 });

        Assert.Equal(ConnectSendStatus.Sent, result.Status);
        var body = JsonDocument.Parse(Assert.Single(server.Requests).Body).RootElement;
        Assert.True(body.GetProperty("AnswerMachineDetectionConfig").GetProperty("EnableAnswerMachineDetection").GetBoolean());
        Assert.Equal(20, body.GetProperty("RingTimeoutInSeconds").GetInt32());
    }

    // 5d. "Field limits (lengths, E.164 pattern, attribute sizes) are not checked locally."
    [Fact]
    public async Task Defect_5_a_field_over_its_limit_is_refused_locally_and_never_sent()
    {
        await using var server = new FakeConnectServer();
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(ConnectTestKit.Request() with { Attributes = new Dictionary<string, string> { ["notes"] = new string('x', 40_000) } });

        Assert.Equal(ConnectSendStatus.Denied, result.Status);
        Assert.Contains(result.RequestProblems, p => p.StartsWith("StartOutboundVoiceContactRequest.Attributes", StringComparison.Ordinal));
        Assert.Empty(server.Requests);
    }

    // 6a. "The audit reads aws connect list-phone-numbers-v2 output and ignores NextToken, so partial output passes silently."
    [Fact]
    public void Defect_6_a_listing_with_a_NextToken_is_refused()
    {
        var partial = """{ "ListPhoneNumbersSummaryList": [ { "PhoneNumberId": "a", "PhoneNumber": "+12065550100", "PhoneNumberType": "DID" } ], "NextToken": "next" }""";

        Assert.Throws<InvalidDataException>(() => ConnectPhoneNumberAudit.Audit(new MemoryStream(Encoding.UTF8.GetBytes(partial)), new CallerIdOptions { Approved = [TestNumbers.UsCallerId] }));
    }

    // 6b. "SHARED, THIRD_PARTY_TF and SHORT_CODE are never judged by type."
    [Theory]
    [InlineData("THIRD_PARTY_TF", ReasonCode.CallerIdTollFree)]
    [InlineData("SHORT_CODE", ReasonCode.InvalidCallerId)]
    public void Defect_6_a_prohibited_Connect_type_makes_an_approved_number_non_compliant(string type, ReasonCode expected)
    {
        var json = $$"""{ "ListPhoneNumbersSummaryList": [ { "PhoneNumberId": "a", "PhoneNumber": "+12065550100", "PhoneNumberType": "{{type}}" } ] }""";

        var row = Assert.Single(ConnectPhoneNumberAudit.Audit(new MemoryStream(Encoding.UTF8.GetBytes(json)), new CallerIdOptions { Approved = [TestNumbers.UsCallerId] }));

        Assert.Contains(expected, row.Problems);
    }

    // 7. "__type keeps its namespace, and Message, Reason and x-amzn-RequestId are dropped. ... the model's 429 for this operation is LimitExceededException."
    [Fact]
    public async Task Defect_7_errors_keep_type_without_namespace_message_reason_and_request_id()
    {
        await using var server = new FakeConnectServer();
        server.Fail("StartOutboundVoiceContact", new FakeFault.Error("InvalidRequestException", "bad request", "{\"AttachedFileInvalidRequestExceptionReason\":\"INVALID_FILE_NAME\"}", TypeInHeader: false));
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(ConnectTestKit.Request());

        Assert.Equal("InvalidRequestException", result.ErrorCode);
        Assert.Equal("bad request", result.ErrorMessage);
        Assert.Contains("INVALID_FILE_NAME", result.ErrorReason, StringComparison.Ordinal);
        Assert.StartsWith("req-", result.RequestId, StringComparison.Ordinal);
        Assert.Equal(429, ConnectModel.ErrorStatus["LimitExceededException"]);
        Assert.Contains("LimitExceededException", ConnectModel.StartOutboundVoiceContact.Errors);
        Assert.DoesNotContain("TooManyRequestsException", ConnectModel.StartOutboundVoiceContact.Errors);
    }

    // 8. "Agent dials through quick connects ... never pass through GuardedConnectSender. Nothing checks their configuration."
    [Fact]
    public void Defect_8_a_phone_number_quick_connect_to_China_is_flagged()
    {
        var quickConnect = new ConnectQuickConnect("qc", "direct to China", "PHONE_NUMBER") { PhoneNumber = TestNumbers.CnMobile };

        var row = Assert.Single(ConnectConfigurationLint.Lint([quickConnect], new Dictionary<string, ConnectContactFlow>()));

        Assert.False(row.IsCompliant);
        Assert.Equal("phone_number_quick_connect", Assert.Single(row.Findings).Code);
    }

    // 9. "Caller-ID health needs answered/duration per call, but nothing turns Connect's contact data into ticket completions."
    [Fact]
    public async Task Defect_9_a_contact_event_completes_the_ticket_of_the_sent_call()
    {
        await using var server = new FakeConnectServer();
        using var kit = new ConnectTestKit(server.Endpoint);
        var sent = await kit.Sender.SendAsync(ConnectTestKit.Request());

        Assert.True(ConnectContactOutcomes.TryParseContactEvent(ContactEventJson.Disconnected(sent.ContactId!, answered: true, TimeSpan.FromSeconds(61)), out var outcome, out _));

        Assert.Equal(ConnectOutcomeApplied.Completed, kit.Registry.Apply(outcome));
        Assert.Equal(CallTicketState.Completed, sent.Decision!.Value.Ticket!.State);
    }
}
