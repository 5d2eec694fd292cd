using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace ChinaDial.Compliance.Connect.Tests;

public class ConnectContactOutcomesTests
{
    [Fact]
    public async Task A_DISCONNECTED_event_completes_the_sent_contacts_ticket_with_answered_and_duration()
    {
        await using var server = new FakeConnectServer();
        using var kit = new ConnectTestKit(server.Endpoint);
        var sent = await kit.Sender.SendAsync(ConnectTestKit.Request());

        Assert.True(ConnectContactOutcomes.TryParseContactEvent(ContactEventJson.Disconnected("contact-1", answered: true, TimeSpan.FromSeconds(95)), out var outcome, out var error), error);
        var applied = kit.Registry.Apply(outcome);

        Assert.Equal(ConnectOutcomeApplied.Completed, applied);
        Assert.True(outcome.Answered);
        Assert.Equal(TimeSpan.FromSeconds(95), outcome.Duration);
        Assert.Equal("API", outcome.InitiationMethod);
        Assert.Equal(CallTicketState.Completed, sent.Decision!.Value.Ticket!.State);
        Assert.Equal(0, kit.Registry.Count);
    }

    [Fact]
    public void An_unanswered_call_has_no_duration_and_ends_NoAnswer()
    {
        Assert.True(ConnectContactOutcomes.TryParseContactEvent(ContactEventJson.Disconnected("c", answered: false, TimeSpan.FromSeconds(30)), out var outcome, out _));

        Assert.False(outcome.Answered);
        Assert.Equal(TimeSpan.Zero, outcome.Duration);
        Assert.Equal(CallEndReason.Failed, outcome.EndReason);   // OUTBOUND_ATTEMPT_FAILED
    }

    [Theory]
    [InlineData("VOICEMAIL_BEEP", CallEndReason.NoAnswer)]
    [InlineData("SIT_TONE_BUSY", CallEndReason.Busy)]
    [InlineData("FAX_MACHINE_DETECTED", CallEndReason.Failed)]
    public void A_machine_answer_is_not_a_person_answering(string amd, CallEndReason end)
    {
        Assert.True(ConnectContactOutcomes.TryParseContactEvent(ContactEventJson.Disconnected("c", answered: false, TimeSpan.FromSeconds(20), amd: amd), out var outcome, out _));

        Assert.False(outcome.Answered);
        Assert.Equal(end, outcome.EndReason);
    }

    [Fact]
    public async Task A_non_final_event_leaves_the_ticket_pending()
    {
        await using var server = new FakeConnectServer();
        using var kit = new ConnectTestKit(server.Endpoint);
        var sent = await kit.Sender.SendAsync(ConnectTestKit.Request());

        Assert.True(ConnectContactOutcomes.TryParseContactEvent(ContactEventJson.Event("CONNECTED_TO_SYSTEM", "contact-1"), out var outcome, out _));

        Assert.False(outcome.IsFinal);
        Assert.Equal(ConnectOutcomeApplied.NotFinal, kit.Registry.Apply(outcome));
        Assert.Equal(CallTicketState.Pending, sent.Decision!.Value.Ticket!.State);
    }

    [Fact]
    public void An_event_for_a_contact_never_sent_here_is_reported_unknown()
    {
        var registry = new ConnectContactRegistry();
        Assert.True(ConnectContactOutcomes.TryParseContactEvent(ContactEventJson.Disconnected("elsewhere", answered: true, TimeSpan.FromSeconds(1)), out var outcome, out _));

        Assert.Equal(ConnectOutcomeApplied.UnknownContact, registry.Apply(outcome));
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "not JSON", "{" },
        { "an array", "[]" },
        { "another source", ContactEventJson.Disconnected("c", true, TimeSpan.FromSeconds(1)).Replace("aws.connect", "aws.ec2", StringComparison.Ordinal) },
        { "another detail-type", ContactEventJson.Disconnected("c", true, TimeSpan.FromSeconds(1)).Replace("Amazon Connect Contact Event", "Contact Lens Analysis State Change", StringComparison.Ordinal) },
        { "no contact id", ContactEventJson.Disconnected("", true, TimeSpan.FromSeconds(1)) },
        { "a timestamp that does not parse", ContactEventJson.Disconnected("c", true, TimeSpan.FromSeconds(1)).Replace("\"disconnectTimestamp\":\"2026", "\"disconnectTimestamp\":\"yesterday 2026", StringComparison.Ordinal) },
        { "a disconnect before the answer", ContactEventJson.Disconnected("c", true, TimeSpan.FromSeconds(-30)) },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_document_that_is_not_a_readable_contact_event_is_refused_with_the_reason(string what, string json)
    {
        Assert.False(ConnectContactOutcomes.TryParseContactEvent(json, out _, out var error), what);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Arbitrary_documents_never_throw_and_never_yield_a_negative_duration()
    {
        var fields = Gen.Elements("eventType", "contactId", "connectedToSystemTimestamp", "disconnectTimestamp", "answeringMachineDetectionStatus", "disconnectReason");
        var values = Gen.OneOf(
            Gen.Elements<JsonNode?>(null, "DISCONNECTED", "2026-11-23T02:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "", "VOICEMAIL_BEEP", true, 1e308, -1, 253402300800d),
            ArbMap.Default.GeneratorFor<string>().Select(s => (JsonNode?)s),
            Gen.Choose(int.MinValue, int.MaxValue).Select(i => (JsonNode?)i));
        var mutations = Gen.ListOf(Gen.Zip(fields, values)).Select(list => list.ToArray());
        var property = Prop.ForAll(mutations.ToArbitrary(), changes =>
        {
            var document = JsonNode.Parse(ContactEventJson.Disconnected("c", true, TimeSpan.FromSeconds(5)))!.AsObject();
            var detail = document["detail"]!.AsObject();
            foreach (var (field, value) in changes)
            {
                detail[field] = value?.DeepClone();
            }

            var json = document.ToJsonString();
            var read = ConnectContactOutcomes.TryParseContactEvent(json, out var outcome, out var error);
            return read ? outcome.Duration >= TimeSpan.Zero && (outcome.Answered || outcome.Duration == TimeSpan.Zero) : error is not null;
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5_000), property);
    }

    [Fact]
    public async Task Polling_DescribeContact_completes_the_tickets_of_ended_contacts_only()
    {
        await using var server = new FakeConnectServer();
        using var kit = new ConnectTestKit(server.Endpoint);
        var ended = await kit.Sender.SendAsync(ConnectTestKit.Request());
        var ringing = await kit.Sender.SendAsync(ConnectTestKit.Request() with { ClientToken = "token-2", DestinationPhoneNumber = "+8613900139000" });
        var connected = ConnectTestKit.Now.ToUnixTimeSeconds();
        server.Contacts["contact-1"] = new JsonObject { ["Id"] = "contact-1", ["InitiationMethod"] = "API", ["Channel"] = "VOICE", ["ConnectedToSystemTimestamp"] = connected, ["DisconnectTimestamp"] = connected + 42.5 };
        server.Contacts["contact-2"] = new JsonObject { ["Id"] = "contact-2", ["InitiationMethod"] = "API", ["Channel"] = "VOICE" };

        var completed = await kit.Registry.PollAsync(kit.Api);

        Assert.Equal(1, completed);
        Assert.Equal(CallTicketState.Completed, ended.Decision!.Value.Ticket!.State);
        Assert.Equal(CallTicketState.Pending, ringing.Decision!.Value.Ticket!.State);
        Assert.Equal(1, kit.Registry.Count);
        Assert.Equal(2, server.RequestsOf("DescribeContact").Count());
    }

    [Fact]
    public async Task The_registry_forgets_a_contact_once_its_ticket_lapses()
    {
        await using var server = new FakeConnectServer();
        using var kit = new ConnectTestKit(server.Endpoint);
        await kit.Sender.SendAsync(ConnectTestKit.Request());

        kit.Time.Advance(TimeSpan.FromHours(2));
        kit.Registry.Sweep();

        Assert.Equal(0, kit.Registry.Count);
        Assert.True(ConnectContactOutcomes.TryParseContactEvent(ContactEventJson.Disconnected("contact-1", true, TimeSpan.FromSeconds(5)), out var outcome, out _));
        Assert.Equal(ConnectOutcomeApplied.UnknownContact, kit.Registry.Apply(outcome));
    }
}
