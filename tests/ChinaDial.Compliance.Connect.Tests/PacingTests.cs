namespace ChinaDial.Compliance.Connect.Tests;

public class PacingTests
{
    [Fact]
    public void The_default_pace_is_Connects_default_API_quota()
    {
        var options = new GuardedConnectSenderOptions();

        Assert.Equal(2, options.RequestsPerSecond);
        Assert.Equal(5, options.Burst);
    }

    [Fact]
    public async Task Beyond_the_burst_a_send_waits_for_the_clock_to_replenish_the_bucket()
    {
        await using var server = new FakeConnectServer();
        var options = ConnectTestKit.Quick();
        options.RequestsPerSecond = 2;
        options.Burst = 2;
        var compliance = new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] } };
        compliance.CallerIdRate.Enabled = false;
        compliance.DestinationFrequency.Enabled = false;
        using var kit = new ConnectTestKit(server.Endpoint, options, compliance: compliance);
        string[] callees = ["+8613800138000", "+8613900139000", "+8613700137000", "+8613600136000"];

        var sends = callees.Select((callee, i) => kit.Sender.SendAsync(ConnectTestKit.Request() with { DestinationPhoneNumber = callee, ClientToken = "t" + i }).AsTask()).ToList();
        await WaitForAsync(() => server.Requests.Count >= 2, () => $"{server.Requests.Count} requests; {string.Join(",", sends.Select(s => s.Status))}");
        var beforeTheClockMoves = server.Requests.Count;
        kit.Time.Advance(TimeSpan.FromMilliseconds(500));
        await WaitForAsync(() => server.Requests.Count >= 3, () => $"{server.Requests.Count} requests; {string.Join(",", sends.Select(s => s.IsCompleted ? s.Result.Status + " " + s.Result.Error : s.Status.ToString()))}");
        var afterHalfASecond = server.Requests.Count;
        kit.Time.Advance(TimeSpan.FromMilliseconds(500));
        var results = await Task.WhenAll(sends);

        Assert.Equal(2, beforeTheClockMoves);
        Assert.Equal(3, afterHalfASecond);
        Assert.All(results, r => Assert.Equal(ConnectSendStatus.Sent, r.Status));
    }

    [Fact]
    public async Task A_full_pacing_queue_fails_the_send_at_once_and_gives_the_quota_back()
    {
        await using var server = new FakeConnectServer();
        var options = ConnectTestKit.Quick();
        options.RequestsPerSecond = 1;
        options.Burst = 1;
        options.PacingQueueLimit = 0;
        using var kit = new ConnectTestKit(server.Endpoint, options);

        var first = await kit.Sender.SendAsync(ConnectTestKit.Request());
        var second = await kit.Sender.SendAsync(ConnectTestKit.Request() with { ClientToken = "t2", DestinationPhoneNumber = "+8613900139000" });

        Assert.Equal(ConnectSendStatus.Sent, first.Status);
        Assert.Equal(ConnectSendStatus.Failed, second.Status);
        Assert.Equal("PacingQueueFull", second.ErrorCode);
        Assert.Equal(CallTicketState.Cancelled, second.Decision!.Value.Ticket!.State);
        Assert.Single(server.Requests);
    }

    private static async Task WaitForAsync(Func<bool> condition, Func<string> state)
    {
        for (var i = 0; i < 2000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), state());
    }
}
