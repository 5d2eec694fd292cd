using System.Text.Json;
using ChinaDial.Compliance.Connect.Tests;

namespace ChinaDial.Compliance.Samples.Tests;

/// <summary>The click-to-dial sample (samples/ChinaDial.Compliance.ClickToDial) on real Kestrel, exercised over HTTP.</summary>
public class ClickToDialSampleTests
{
    private const string Legitimate = TestNumbers.CnMobile;            // +8613800138000
    private const string OtherLegitimate = "+8613900139000";
    private const string SpecialService = "+864001234567";             // CN 400 number: not diallable from abroad, the pumping kind
    private const string InvalidNumber = "+86123";                     // parses, not a valid number
    private const string AcceptedBody = """{"status":"callback_requested"}""";

    [Fact]
    public async Task Legitimate_signed_in_request_is_answered_202_and_exactly_one_signed_PUT_reaches_Connect_with_the_number()
    {
        await using var host = await ClickToDialSampleHost.StartAsync();

        var response = await host.RequestCallbackAsync(Legitimate);

        Assert.Equal(202, response.Status);
        Assert.Equal(AcceptedBody, response.Text);
        var request = Assert.Single(await host.WaitForConnectRequestsAsync(1));
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/contact/outbound-voice", request.Path);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/us-west-2/connect/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(Legitimate, body.RootElement.GetProperty("DestinationPhoneNumber").GetString());
        Assert.Equal("+12065550100", body.RootElement.GetProperty("SourcePhoneNumber").GetString());
        Assert.Equal("00000000-0000-0000-0000-000000000001", body.RootElement.GetProperty("InstanceId").GetString());
        Assert.Equal("00000000-0000-0000-0000-000000000002", body.RootElement.GetProperty("ContactFlowId").GetString());
    }

    [Fact]
    public async Task Duplicate_request_gets_the_same_answer_but_no_second_PUT()
    {
        await using var host = await ClickToDialSampleHost.StartAsync();
        var first = await host.RequestCallbackAsync(Legitimate);
        await host.WaitForConnectRequestsAsync(1);

        var duplicate = await host.RequestCallbackAsync(Legitimate);
        // Dispatch is in order: once a later callback has reached Connect, the duplicate would have too.
        await host.RequestCallbackAsync(OtherLegitimate);
        var requests = await host.WaitForConnectRequestsAsync(2);

        Assert.Equal(first.Status, duplicate.Status);
        Assert.Equal(first.Body, duplicate.Body);
        Assert.Equal([Legitimate, OtherLegitimate], requests.Select(ClickToDialSampleHost.Destination));
    }

    [Fact]
    public async Task Special_service_and_invalid_numbers_are_answered_like_success_and_never_reach_Connect()
    {
        await using var host = await ClickToDialSampleHost.StartAsync();

        var special = await host.RequestCallbackAsync(SpecialService);
        var invalid = await host.RequestCallbackAsync(InvalidNumber);
        await host.RequestCallbackAsync(Legitimate);
        var requests = await host.WaitForConnectRequestsAsync(1);
        await Task.Delay(100);

        Assert.Equal(202, special.Status);
        Assert.Equal(AcceptedBody, special.Text);
        Assert.Equal(202, invalid.Status);
        Assert.Equal(AcceptedBody, invalid.Text);
        Assert.Equal([Legitimate], host.Connect.Requests.Select(ClickToDialSampleHost.Destination));
    }

    [Fact]
    public async Task Shadow_accepted_answers_are_byte_identical_to_the_accepted_answer()
    {
        await using var host = await ClickToDialSampleHost.StartAsync();

        var accepted = await host.RequestCallbackAsync(Legitimate);
        var duplicate = await host.RequestCallbackAsync(Legitimate);
        var special = await host.RequestCallbackAsync(SpecialService);

        Assert.Equal(202, accepted.Status);
        Assert.Equal(accepted.Body, duplicate.Body);
        Assert.Equal(accepted.Body, special.Body);
        Assert.Equal(accepted.ContentType, duplicate.ContentType);
        Assert.Equal(accepted.ContentType, special.ContentType);
        Assert.Equal(accepted.Status, duplicate.Status);
        Assert.Equal(accepted.Status, special.Status);
    }

    [Fact]
    public async Task Unparseable_number_is_rejected_400_with_the_reason_code_and_places_no_call()
    {
        await using var host = await ClickToDialSampleHost.StartAsync();

        var response = await host.RequestCallbackAsync("call me back please");
        var missing = await host.RequestCallbackAsync(null);

        Assert.Equal(400, response.Status);
        Assert.Equal("rejected", response.Json.GetProperty("status").GetString());
        Assert.Equal("invalid_destination", response.Json.GetProperty("reason").GetString());
        Assert.Equal(400, missing.Status);
        Assert.Equal("invalid_destination", missing.Json.GetProperty("reason").GetString());
        await Task.Delay(100);
        Assert.Empty(host.Connect.Requests);
    }

    [Fact]
    public async Task Visitor_who_is_not_signed_in_is_deflected_to_chat_and_no_call_is_placed()
    {
        await using var host = await ClickToDialSampleHost.StartAsync();

        var response = await host.RequestCallbackAsync(Legitimate, signedIn: false);
        await host.RequestCallbackAsync(OtherLegitimate);
        var requests = await host.WaitForConnectRequestsAsync(1);

        Assert.Equal(200, response.Status);
        Assert.Equal("deflected", response.Json.GetProperty("status").GetString());
        Assert.Equal("chat", response.Json.GetProperty("channel").GetString());
        Assert.Equal([OtherLegitimate], requests.Select(ClickToDialSampleHost.Destination));
    }

    [Fact]
    public async Task A_reported_end_of_the_contact_frees_the_number_for_a_new_callback()
    {
        await using var host = await ClickToDialSampleHost.StartAsync();
        await host.RequestCallbackAsync(Legitimate);
        await host.WaitForConnectRequestsAsync(1);
        await WaitForLogAsync(host, "placed: contact contact-1"); // the sample has read Connect's answer, not only sent the request

        var ended = await host.ReportContactEndedAsync("contact-1", answered: true, durationSeconds: 95);
        var unknown = await host.ReportContactEndedAsync("contact-404", answered: true, durationSeconds: 1);
        var again = await host.RequestCallbackAsync(Legitimate);
        var requests = await host.WaitForConnectRequestsAsync(2);

        Assert.Equal(204, ended.Status);
        Assert.Equal(404, unknown.Status);
        Assert.Equal(202, again.Status);
        Assert.Equal([Legitimate, Legitimate], requests.Select(ClickToDialSampleHost.Destination));
    }

    [Fact]
    public async Task A_callback_deferred_by_the_caller_id_rate_limit_is_placed_when_the_window_frees_up()
    {
        // Six callbacks from one caller ID: the sixth waits for the first to leave the 60 s window (calls in progress
        // are capped at 5 by default too, and these contacts do not end, so that cap is lifted here).
        await using var host = await ClickToDialSampleHost.StartAsync(
            "--ChinaDialCompliance:ClickToDial:PerIpLimit", "50", "--ChinaDialCompliance:Concurrency:MaxCallsInProgress", "10");
        var numbers = Enumerable.Range(0, 6).Select(i => $"+861380013800{i}").ToArray();

        foreach (var number in numbers)
        {
            Assert.Equal(202, (await host.RequestCallbackAsync(number)).Status);
        }

        await host.WaitForConnectRequestsAsync(5);
        await WaitForLogAsync(host, "deferred (caller_id_rate_limited");
        Assert.Equal(5, host.Connect.Requests.Count);
        host.Time.Advance(TimeSpan.FromMinutes(1));
        var requests = await host.WaitForConnectRequestsAsync(6);

        Assert.Equal(numbers, requests.Select(ClickToDialSampleHost.Destination));
    }

    [Fact]
    public async Task The_sample_never_logs_a_raw_phone_number()
    {
        await using var host = await ClickToDialSampleHost.StartAsync("--ChinaDialCompliance:ClickToDial:PerIpLimit", "50");

        await host.RequestCallbackAsync(Legitimate);
        await host.RequestCallbackAsync(Legitimate);
        await host.RequestCallbackAsync(SpecialService);
        await host.RequestCallbackAsync(InvalidNumber);
        await host.RequestCallbackAsync(OtherLegitimate, signedIn: false);
        await host.WaitForConnectRequestsAsync(1);
        await host.ReportContactEndedAsync("contact-1", answered: false, durationSeconds: 0);

        Assert.Contains(host.Logs.Lines, line => line.Contains("+86 138****8000", StringComparison.Ordinal));
        host.Logs.AssertNoRawNumber(Legitimate, OtherLegitimate, SpecialService);
    }

    [Fact]
    public async Task Contact_events_that_are_not_final_or_not_contact_events_do_not_free_the_number()
    {
        await using var host = await ClickToDialSampleHost.StartAsync();
        await host.RequestCallbackAsync(Legitimate);
        await host.WaitForConnectRequestsAsync(1);
        await WaitForLogAsync(host, "placed: contact contact-1");

        var connected = await host.PostContactEventAsync(ContactEventJson.Event("CONNECTED_TO_SYSTEM", "contact-1"));
        var foreign = await host.PostContactEventAsync(ContactEventJson.Disconnected("contact-1", true, TimeSpan.FromSeconds(5)).Replace("aws.connect", "aws.ec2", StringComparison.Ordinal));
        var again = await host.RequestCallbackAsync(Legitimate);
        await host.RequestCallbackAsync(OtherLegitimate);
        var requests = await host.WaitForConnectRequestsAsync(2);

        Assert.Equal(204, connected.Status);
        Assert.Equal(400, foreign.Status);
        Assert.Equal(202, again.Status);   // answered like success, but a duplicate: not dialled
        Assert.Equal([Legitimate, OtherLegitimate], requests.Select(ClickToDialSampleHost.Destination));
    }

    private static async Task WaitForLogAsync(ClickToDialSampleHost host, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!host.Logs.Lines.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"No log line containing '{text}'.");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task The_sample_callback_requests_show_every_click_to_dial_outcome_and_reason()
    {
        await using var host = await ClickToDialSampleHost.StartAsync("--ChinaDialCompliance:ClickToDial:PerIpLimit", "50");
        var rows = File.ReadLines(Path.Combine(RepositoryRoot.Path, "samples", "data", "callback-requests.csv")).Skip(1)
            .Select(line => line.Split(',', 3))
            .ToList();

        var statuses = new List<int>();
        foreach (var row in rows)
        {
            statuses.Add((await host.RequestCallbackAsync(row[0], signedIn: bool.Parse(row[1]))).Status);
        }

        await host.WaitForConnectRequestsAsync(3);
        await Task.Delay(100);
        Assert.Equal(["+8613800138000", "+8613900139000", "+8617000170000"], host.Connect.Requests.Select(ClickToDialSampleHost.Destination));
        Assert.Equal([202, 202, 202, 202, 202, 202, 202, 200, 400], statuses);
        var logged = string.Join('\n', host.Logs.Lines);
        foreach (var reason in new[] { "duplicate_callback", "suspected_fraud", "destination_special_service", "destination_not_allowed", "invalid_destination" })
        {
            Assert.Contains(reason, logged, StringComparison.Ordinal);
        }

        Assert.Contains("deflected to chat", logged, StringComparison.Ordinal);
    }
}
