using Xunit.Abstractions;

namespace ChinaDial.Compliance.Tests.CallerIdRate;

[Collection(MemoryMeasurement.Name)]
public class CallerIdRateMemoryTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(CallerIdRateAlgorithm.SlidingLog, 110)]
    [InlineData(CallerIdRateAlgorithm.Paced, 110)]
    public void One_million_caller_IDs_retain_at_most_the_budgeted_bytes_each_state_and_dictionary_included(CallerIdRateAlgorithm algorithm, int bytesPerKey)
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var policy = new CallerIdRatePolicy(new CallerIdRateOptions { Algorithm = algorithm });
        for (var i = 0UL; i < 1_000_000; i++)
        {
            Assert.True(policy.TryAcquire(12065000000UL + i, now, out _));
        }

        var bytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(policy);
        output.WriteLine($"1,000,000 caller IDs, {algorithm}: {bytes / 1024.0 / 1024.0:F1} MiB retained, {bytes / 1_000_000.0:F0} B per caller ID");
        Assert.Equal(1_000_000, policy.TrackedKeys);
        Assert.True(bytes <= bytesPerKey * 1_000_000L, $"{bytes} bytes");
    }
}
