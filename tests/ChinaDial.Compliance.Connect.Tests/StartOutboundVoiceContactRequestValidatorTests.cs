using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace ChinaDial.Compliance.Connect.Tests;

public class StartOutboundVoiceContactRequestValidatorTests
{
    private static Gen<string> Text(params int[] lengths) =>
        from length in Gen.Elements(lengths)
        from wide in Gen.Elements(false, true)
        select wide ? string.Concat(Enumerable.Repeat("😀", length)) : new string('a', length);   // "😀" is one code point, two UTF-16 units

    private static Gen<string?> Maybe(Gen<string> gen) => Gen.OneOf(Gen.Constant<string?>(null), gen.Select(s => (string?)s));

    private static Gen<string> Phones() => Gen.Elements(
        TestNumbers.CnMobile, TestNumbers.UsCallerId, "+1", "+12", "+123456789012345", "+1234567890123456", "+0123456", "8613800138000",
        "+86 138 0013 8000", "+8613800138000\n", "+８６138", "+٨٦١٣٨٠٠١٣٨٠٠٠", string.Empty, "+");

    private static Gen<StartOutboundVoiceContactRequest> Requests() =>
        from destination in Phones()
        from source in Maybe(Phones())
        from queue in Gen.Elements<string?>(null, "queue-1")
        from instance in Text(0, 1, 100, 101)
        from flow in Text(0, 500, 501)
        from token in Maybe(Text(0, 500, 501))
        from name in Maybe(Text(0, 1024, 1025))
        from description in Maybe(Text(4096, 4097))
        from related in Maybe(Text(0, 1, 256, 257))
        from campaign in Maybe(Text(0, 1, 100, 101))
        from ring in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(-1, 100).Select(i => (int?)i), Gen.Elements<int?>(14, 15, 60, 61, int.MinValue, int.MaxValue))
        from traffic in Gen.Elements<string?>(null, "GENERAL", "CAMPAIGN", "campaign", "CAMPAIGN ")
        from amd in Gen.Elements<bool?>(null, false, true)
        select new StartOutboundVoiceContactRequest(instance, flow, destination)
        {
            Purpose = CallPurpose.Service,
            SourcePhoneNumber = source,
            QueueId = queue,
            ClientToken = token,
            Name = name,
            Description = description,
            RelatedContactId = related,
            CampaignId = campaign,
            RingTimeoutInSeconds = ring,
            TrafficType = traffic,
            AnswerMachineDetectionConfig = amd is null ? null : new ConnectAnswerMachineDetectionConfig(amd),
        };

    [Fact]
    public void The_local_check_refuses_exactly_the_requests_the_model_refuses()
    {
        var property = Prop.ForAll(Requests().ToArbitrary(), request =>
        {
            var local = StartOutboundVoiceContactRequestValidator.Validate(request);
            var model = FakeConnectServer.ValidateStart((JsonObject)JsonNode.Parse(ConnectHttpApi.Serialize(request))!);
            return (local.Count == 0) == (model.Count == 0);
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5_000), property);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_each_naming_its_member()
    {
        var request = new StartOutboundVoiceContactRequest(string.Empty, new string('f', 501), "8613800138000")
        {
            Purpose = CallPurpose.Marketing,
            Name = new string('n', 1025),
            RingTimeoutInSeconds = 5,
            TrafficType = "GENERAL",
            AnswerMachineDetectionConfig = new ConnectAnswerMachineDetectionConfig(true),
            Attributes = new Dictionary<string, string> { ["has space"] = "x", ["big"] = new string('v', 32_800) },
            References = new Dictionary<string, ConnectReference> { ["file"] = new("ATTACHMENT", "x") },
            OutboundStrategy = new ConnectOutboundStrategy("CUSTOMER_FIRST"),
        };

        var problems = StartOutboundVoiceContactRequestValidator.Validate(request);

        foreach (var member in new[] { "InstanceId", "ContactFlowId", "DestinationPhoneNumber", "SourcePhoneNumber", "Name", "RingTimeoutInSeconds", "AnswerMachineDetectionConfig", "Attributes[has space]", "Attributes:", "References[file].Type", "OutboundStrategy.Type" })
        {
            Assert.Contains(problems, p => p.StartsWith("StartOutboundVoiceContactRequest." + member, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(problems, p => p.Contains("8613800138000", StringComparison.Ordinal));
    }

    [Fact]
    public void Purpose_is_a_required_member()
    {
        var purpose = typeof(StartOutboundVoiceContactRequest).GetProperty(nameof(StartOutboundVoiceContactRequest.Purpose))!;

        Assert.Contains(purpose.CustomAttributes, a => a.AttributeType.FullName == "System.Runtime.CompilerServices.RequiredMemberAttribute");
    }
}
