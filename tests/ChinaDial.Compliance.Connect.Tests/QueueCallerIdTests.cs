namespace ChinaDial.Compliance.Connect.Tests;

public class QueueCallerIdTests
{
    private static FakeConnectServer ServerWithQueues()
    {
        var server = new FakeConnectServer();
        server.PhoneNumbers.Add(new ConnectPhoneNumber("num-approved", TestNumbers.UsCallerId, "DID", "US") { InstanceId = ConnectTestKit.Instance });
        server.PhoneNumbers.Add(new ConnectPhoneNumber("num-other", TestNumbers.UsCallerId2, "DID", "US") { InstanceId = ConnectTestKit.Instance });
        server.Queues["queue-approved"] = "num-approved";
        server.Queues["queue-other"] = "num-other";
        server.Queues["queue-none"] = null;
        return server;
    }

    private static StartOutboundVoiceContactRequest ByQueue(string queue) => ConnectTestKit.Request() with { SourcePhoneNumber = null, QueueId = queue };

    [Fact]
    public async Task With_only_a_queue_the_queues_outbound_caller_ID_is_evaluated()
    {
        await using var server = ServerWithQueues();
        using var kit = new ConnectTestKit(server.Endpoint);

        var approved = await kit.Sender.SendAsync(ByQueue("queue-approved"));
        var other = await kit.Sender.SendAsync(ByQueue("queue-other") with { ClientToken = "token-2" });

        Assert.Equal(ConnectSendStatus.Sent, approved.Status);
        Assert.Equal(PhoneNumberClassifier.Classify(TestNumbers.UsCallerId).ToMaskedString(), approved.EvaluatedCallerId);
        Assert.Equal(ConnectSendStatus.Denied, other.Status);
        Assert.Contains(ReasonCode.CallerIdNotApproved, other.Decision!.Value.Reasons);
        Assert.Equal(["DescribeQueue", "DescribePhoneNumber", "StartOutboundVoiceContact", "DescribeQueue", "DescribePhoneNumber"], server.Requests.Select(r => r.Operation));
    }

    [Fact]
    public async Task The_queues_caller_ID_is_cached_until_the_refresh_interval()
    {
        await using var server = ServerWithQueues();
        using var kit = new ConnectTestKit(server.Endpoint);

        await kit.Sender.SendAsync(ByQueue("queue-approved"));
        await kit.Sender.SendAsync(ByQueue("queue-approved") with { ClientToken = "t2", DestinationPhoneNumber = "+8613900139000" });
        var cached = server.RequestsOf("DescribeQueue").Count();
        kit.Time.Advance(TimeSpan.FromMinutes(5));
        await kit.Sender.SendAsync(ByQueue("queue-approved") with { ClientToken = "t3", DestinationPhoneNumber = "+8613700137000" });

        Assert.Equal(1, cached);
        Assert.Equal(2, server.RequestsOf("DescribeQueue").Count());
    }

    [Fact]
    public async Task A_source_number_that_differs_from_the_queues_caller_ID_is_refused_before_evaluation()
    {
        await using var server = ServerWithQueues();
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(ByQueue("queue-other") with { SourcePhoneNumber = TestNumbers.UsCallerId });

        Assert.Equal(ConnectSendStatus.Denied, result.Status);
        Assert.Null(result.Decision);
        var problem = Assert.Single(result.RequestProblems);
        Assert.StartsWith("StartOutboundVoiceContactRequest.SourcePhoneNumber:", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("2065550100", problem, StringComparison.Ordinal);
        Assert.Equal(0, kit.Counter.Evaluations);
        Assert.Empty(server.RequestsOf("StartOutboundVoiceContact"));
    }

    [Fact]
    public async Task A_source_number_equal_to_the_queues_caller_ID_is_sent_with_both()
    {
        await using var server = ServerWithQueues();
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(ByQueue("queue-approved") with { SourcePhoneNumber = TestNumbers.UsCallerId });

        Assert.Equal(ConnectSendStatus.Sent, result.Status);
        var body = server.RequestsOf("StartOutboundVoiceContact").Single().Body;
        Assert.Contains("\"QueueId\":\"queue-approved\"", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("queue-none")]
    [InlineData("queue-missing")]
    public async Task A_queue_without_a_caller_ID_or_not_found_is_refused_with_the_reason(string queue)
    {
        await using var server = ServerWithQueues();
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(ByQueue(queue));

        Assert.Equal(ConnectSendStatus.Denied, result.Status);
        Assert.Contains(queue, Assert.Single(result.RequestProblems), StringComparison.Ordinal);
        Assert.Empty(server.RequestsOf("StartOutboundVoiceContact"));
    }

    [Fact]
    public async Task A_throttled_queue_lookup_fails_the_send_without_evaluating_or_sending()
    {
        await using var server = ServerWithQueues();
        server.Fail("DescribeQueue", new FakeFault.Error("ThrottlingException"));
        using var kit = new ConnectTestKit(server.Endpoint);

        var result = await kit.Sender.SendAsync(ByQueue("queue-approved"));

        Assert.Equal(ConnectSendStatus.Failed, result.Status);
        Assert.Equal("ThrottlingException", result.ErrorCode);
        Assert.Equal(429, result.HttpStatus);
        Assert.Equal(0, kit.Counter.Evaluations);
        Assert.Empty(server.RequestsOf("StartOutboundVoiceContact"));
    }
}
