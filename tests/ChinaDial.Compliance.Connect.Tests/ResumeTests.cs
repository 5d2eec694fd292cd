using System.Text.Json;

namespace ChinaDial.Compliance.Connect.Tests;

public class ResumeTests
{
    [Fact]
    public async Task Resuming_an_Unknown_send_resends_the_same_token_without_a_second_evaluation_and_finds_the_placed_contact()
    {
        await using var server = new FakeConnectServer();
        // The first attempt places the call but the answer is lost; the retries then meet server errors.
        server.Fail("StartOutboundVoiceContact", new FakeFault.PlaceThenReset(), new FakeFault.Error("InternalServiceException"), new FakeFault.Error("InternalServiceException"), new FakeFault.Error("InternalServiceException"));
        using var kit = new ConnectTestKit(server.Endpoint);

        var unknown = await kit.Sender.SendAsync(ConnectTestKit.Request() with { ClientToken = null });
        var resumed = await kit.Sender.ResumeAsync(unknown);

        Assert.Equal(ConnectSendStatus.Unknown, unknown.Status);
        Assert.Equal(ConnectSendStatus.Sent, resumed.Status);
        Assert.Equal(1, kit.Counter.Evaluations);
        Assert.Equal(1, server.ContactsPlaced);
        Assert.Equal("contact-1", resumed.ContactId);
        Assert.Equal(5, resumed.Attempts);
        Assert.Equal(unknown.FirstAttemptAt, resumed.FirstAttemptAt);
        Assert.Single(server.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("ClientToken").GetString()).Distinct());
        Assert.Same(unknown.Decision!.Value.Ticket, resumed.Decision!.Value.Ticket);
        Assert.Equal(CallTicketState.Pending, resumed.Decision.Value.Ticket!.State);
        Assert.True(kit.Registry.TryGetTicket("contact-1", out _));
    }

    [Fact]
    public async Task A_client_error_on_resume_after_server_errors_stays_Unknown_because_an_earlier_attempt_may_have_placed_the_call()
    {
        await using var server = new FakeConnectServer(500, 500, 500, 500, 400);
        using var kit = new ConnectTestKit(server.Endpoint);

        var unknown = await kit.Sender.SendAsync(ConnectTestKit.Request());
        var resumed = await kit.Sender.ResumeAsync(unknown);

        // A client error after requests that may have been received: still Unknown (the earlier ones may have placed it).
        Assert.Equal(ConnectSendStatus.Unknown, resumed.Status);
        Assert.Equal("InvalidParameterException", resumed.ErrorCode);
        Assert.Equal(CallTicketState.Pending, resumed.Decision!.Value.Ticket!.State);
    }

    [Fact]
    public async Task A_lapsed_ticket_is_not_resumed()
    {
        await using var server = new FakeConnectServer(500, 500, 500, 500);
        using var kit = new ConnectTestKit(server.Endpoint);
        var unknown = await kit.Sender.SendAsync(ConnectTestKit.Request());

        kit.Time.Advance(TimeSpan.FromHours(3));
        var resumed = await kit.Sender.ResumeAsync(unknown);

        Assert.Equal(ConnectSendStatus.Unknown, resumed.Status);
        Assert.Equal("TicketNotPending", resumed.ErrorCode);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task A_client_token_older_than_seven_days_is_not_resumed()
    {
        await using var server = new FakeConnectServer(500, 500, 500, 500);
        var compliance = new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] } };
        compliance.Evaluator.TicketLifetime = OutboundCallEvaluatorOptions.MaxTicketLifetime;
        using var kit = new ConnectTestKit(server.Endpoint, compliance: compliance);
        var unknown = await kit.Sender.SendAsync(ConnectTestKit.Request());

        kit.Time.Advance(TimeSpan.FromDays(7));
        var resumed = await kit.Sender.ResumeAsync(unknown);

        Assert.Equal("ClientTokenExpired", resumed.ErrorCode);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task Only_an_Unknown_result_can_be_resumed()
    {
        await using var server = new FakeConnectServer();
        using var kit = new ConnectTestKit(server.Endpoint);
        var sent = await kit.Sender.SendAsync(ConnectTestKit.Request());

        await Assert.ThrowsAsync<ArgumentException>(async () => await kit.Sender.ResumeAsync(sent));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_send_cancelled_before_any_request_fails_and_gives_the_quota_back()
    {
        await using var server = new FakeConnectServer();
        var options = ConnectTestKit.Quick();
        options.RequestsPerSecond = 1;
        options.Burst = 1;
        using var kit = new ConnectTestKit(server.Endpoint, options);
        await kit.Sender.SendAsync(ConnectTestKit.Request());      // takes the only token
        using var cancel = new CancellationTokenSource();

        var waiting = kit.Sender.SendAsync(ConnectTestKit.Request() with { ClientToken = "token-2", DestinationPhoneNumber = "+8613900139000" }, cancel.Token).AsTask();
        await cancel.CancelAsync();
        var result = await waiting;

        Assert.Equal(ConnectSendStatus.Failed, result.Status);
        Assert.Equal("Cancelled", result.ErrorCode);
        Assert.Equal(CallTicketState.Cancelled, result.Decision!.Value.Ticket!.State);
        Assert.Single(server.Requests);
    }
}
