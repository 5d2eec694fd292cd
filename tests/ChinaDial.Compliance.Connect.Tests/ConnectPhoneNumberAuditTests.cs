using System.Text;

namespace ChinaDial.Compliance.Connect.Tests;

public class ConnectPhoneNumberAuditTests
{
    private const string CliOutput = """
    {
      "ListPhoneNumbersSummaryList": [
        { "PhoneNumberId": "id-us", "PhoneNumberArn": "arn:aws:connect:us-west-2:1:phone-number/id-us", "PhoneNumber": "+12065550100", "PhoneNumberCountryCode": "US", "PhoneNumberType": "DID", "TargetArn": "arn:aws:connect:us-west-2:1:instance/i" },
        { "PhoneNumberId": "id-us2", "PhoneNumber": "+12065550101", "PhoneNumberCountryCode": "US", "PhoneNumberType": "DID" },
        { "PhoneNumberId": "id-tfn", "PhoneNumber": "+18005550100", "PhoneNumberCountryCode": "US", "PhoneNumberType": "TOLL_FREE" },
        { "PhoneNumberId": "id-hk", "PhoneNumber": "+85221234567", "PhoneNumberCountryCode": "HK", "PhoneNumberType": "DID" }
      ],
      "NextToken": null
    }
    """;

    private static MemoryStream Json(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Every_claimed_number_is_reported_with_type_region_approval_and_problems()
    {
        var options = new CallerIdOptions { Approved = [TestNumbers.UsCallerId, "+18005550100", "+85221234567"] };

        var rows = ConnectPhoneNumberAudit.Audit(Json(CliOutput), options);

        Assert.Equal(["id-us", "id-us2", "id-tfn", "id-hk"], rows.Select(r => r.PhoneNumberId));
        Assert.True(rows[0].IsCompliant);
        Assert.Equal("US", rows[0].Region);
        Assert.DoesNotContain("2065550100", rows[0].MaskedNumber, StringComparison.Ordinal);
        Assert.Contains(ReasonCode.CallerIdNotApproved, rows[1].Problems);
        Assert.Contains(ReasonCode.CallerIdTollFree, rows[2].Problems);
        Assert.Equal("TOLL_FREE", rows[2].ConnectType);
        Assert.Contains(ReasonCode.CallerIdRegionProhibited, rows[3].Problems);
        Assert.True(rows[3].Approved);
    }

    [Theory]
    [InlineData("\"NextToken\": \"page-2\"")]
    [InlineData("\"NextToken\": 7")]
    public void A_file_that_is_one_page_of_several_is_refused(string nextToken)
    {
        var partial = CliOutput.Replace("\"NextToken\": null", nextToken, StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => ConnectPhoneNumberAudit.Audit(Json(partial), new CallerIdOptions()));

        Assert.Contains("NextToken", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"ListPhoneNumbersSummaryList\": {}}")]
    [InlineData("{\"ListPhoneNumbersSummaryList\": [1]}")]
    [InlineData("{\"ListPhoneNumbersSummaryList\": [")]
    public void A_file_that_is_not_the_CLI_output_is_refused(string json)
        => Assert.Throws<InvalidDataException>(() => ConnectPhoneNumberAudit.Audit(Json(json), new CallerIdOptions()));

    [Theory]
    [InlineData("TOLL_FREE", ReasonCode.CallerIdTollFree)]
    [InlineData("THIRD_PARTY_TF", ReasonCode.CallerIdTollFree)]
    [InlineData("UIFN", ReasonCode.CallerIdUifn)]
    [InlineData("SHORT_CODE", ReasonCode.InvalidCallerId)]
    [InlineData("MYSTERY", ReasonCode.CallerIdNotApproved)]
    public void A_prohibited_or_unknown_Connect_type_is_not_compliant_whatever_the_number(string type, ReasonCode expected)
    {
        var json = $$"""{"ListPhoneNumbersSummaryList": [{ "PhoneNumberId": "n", "PhoneNumber": "+12065550100", "PhoneNumberType": "{{type}}" }]}""";

        var row = Assert.Single(ConnectPhoneNumberAudit.Audit(Json(json), new CallerIdOptions { Approved = [TestNumbers.UsCallerId] }));

        Assert.Contains(expected, row.Problems);
        Assert.False(row.IsCompliant);
        Assert.NotEmpty(row.TypeJudgement);
    }

    [Theory]
    [InlineData("DID")]
    [InlineData("THIRD_PARTY_DID")]
    [InlineData("SHARED")]
    public void A_DID_type_is_judged_by_the_number(string type)
    {
        var json = $$"""{"ListPhoneNumbersSummaryList": [{ "PhoneNumberId": "n", "PhoneNumber": "+12065550100", "PhoneNumberType": "{{type}}" }]}""";

        Assert.True(Assert.Single(ConnectPhoneNumberAudit.Audit(Json(json), new CallerIdOptions { Approved = [TestNumbers.UsCallerId] })).IsCompliant);
    }

    [Fact]
    public void Every_PhoneNumberType_of_the_model_is_judged()
    {
        foreach (var type in ConnectModel.PhoneNumberType)
        {
            var (_, judgement) = ConnectPhoneNumberAudit.JudgeType(type, new CallerIdOptions());
            Assert.DoesNotContain("is not a PhoneNumberType", judgement, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_live_audit_reads_every_page_of_the_instance_and_only_that_instance()
    {
        await using var server = new FakeConnectServer { PageSize = 2 };
        for (var i = 0; i < 5; i++)
        {
            server.PhoneNumbers.Add(new ConnectPhoneNumber($"n{i}", $"+1206555010{i}", "DID", "US") { InstanceId = ConnectTestKit.Instance });
        }

        server.PhoneNumbers.Add(new ConnectPhoneNumber("other", TestNumbers.UsCallerId, "DID", "US") { InstanceId = "instance-2" });
        using var kit = new ConnectTestKit(server.Endpoint);

        var rows = await ConnectPhoneNumberAudit.AuditAsync(kit.Api, ConnectTestKit.Instance, new CallerIdOptions { Approved = [TestNumbers.UsCallerId] });

        Assert.Equal(["n0", "n1", "n2", "n3", "n4"], rows.Select(r => r.PhoneNumberId));
        Assert.Equal(3, server.RequestsOf("ListPhoneNumbersV2").Count());
        Assert.All(server.RequestsOf("ListPhoneNumbersV2"), r => Assert.Contains("\"InstanceId\":\"instance-1\"", r.Body, StringComparison.Ordinal));
        Assert.True(rows[0].IsCompliant);
        Assert.All(rows.Skip(1), r => Assert.Contains(ReasonCode.CallerIdNotApproved, r.Problems));
    }

    [Fact]
    public async Task A_listing_that_repeats_its_page_token_is_refused_rather_than_read_forever()
    {
        var api = new RepeatingListApi();

        await Assert.ThrowsAsync<InvalidDataException>(() => ConnectPhoneNumberAudit.AuditAsync(api, "i", new CallerIdOptions()));
    }

    [Fact]
    public async Task An_access_denied_listing_is_an_error_with_Connects_type_not_an_empty_audit()
    {
        await using var server = new FakeConnectServer();
        server.Fail("ListPhoneNumbersV2", new FakeFault.Error("AccessDeniedException", "not authorized to perform connect:ListPhoneNumbersV2"));
        using var kit = new ConnectTestKit(server.Endpoint);

        var error = await Assert.ThrowsAsync<ConnectServiceException>(() => ConnectPhoneNumberAudit.AuditAsync(kit.Api, ConnectTestKit.Instance, new CallerIdOptions()));

        Assert.Equal("AccessDeniedException", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
    }

    private sealed class RepeatingListApi : IConnectApi
    {
        public ValueTask<ConnectPage<ConnectPhoneNumber>> ListPhoneNumbersV2Async(string instanceId, string? nextToken, CancellationToken cancellationToken)
            => new(new ConnectPage<ConnectPhoneNumber>([new ConnectPhoneNumber("n", TestNumbers.UsCallerId, "DID", "US")], "same-token"));

        public ValueTask<string> StartOutboundVoiceContactAsync(StartOutboundVoiceContactRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<ConnectQueueDescription> DescribeQueueAsync(string instanceId, string queueId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<ConnectPhoneNumber> DescribePhoneNumberAsync(string phoneNumberId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<ConnectPage<ConnectQuickConnectSummary>> ListQuickConnectsAsync(string instanceId, string? nextToken, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<ConnectQuickConnect> DescribeQuickConnectAsync(string instanceId, string quickConnectId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<ConnectContactFlow> DescribeContactFlowAsync(string instanceId, string contactFlowId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<ConnectContactOutcome> DescribeContactAsync(string instanceId, string contactId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
