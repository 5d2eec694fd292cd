using Xunit.Abstractions;

namespace ChinaDial.Compliance.Tests.Consent;

[Collection(MemoryMeasurement.Name)]
public class InMemoryConsentStoreMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public void Five_million_consent_records_fit_in_the_measured_budget()
    {
        const int Records = 5_000_000;
        var at = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var numbers = new string[1];
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var store = new InMemoryConsentStore();
        for (var i = 0; i < Records; i++)
        {
            numbers[0] = "+86138" + i.ToString("00000000", System.Globalization.CultureInfo.InvariantCulture);
            store.Grant(new ConsentRecord(numbers[0], CallPurpose.Marketing, at));
        }

        var bytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(store);
        output.WriteLine($"{Records:N0} consent records: {bytes / 1024.0 / 1024.0:N1} MiB retained, {bytes / (double)Records:N0} B per record");

        Assert.Equal(Records, store.Count);
        Assert.True(bytes <= 180L * Records, $"{bytes / (double)Records:N0} B per record");
    }
}
