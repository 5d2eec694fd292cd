using System.Text;
using ChinaDial.Compliance.Connect;

namespace ChinaDial.Compliance.Tests.Connect;

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

    [Fact]
    public void Every_claimed_number_is_reported_with_type_region_approval_and_problems()
    {
        var options = new CallerIdOptions { Approved = [TestNumbers.UsCallerId, "+18005550100", "+85221234567"] };

        var rows = ConnectPhoneNumberAudit.Audit(new MemoryStream(Encoding.UTF8.GetBytes(CliOutput)), options);

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
}
