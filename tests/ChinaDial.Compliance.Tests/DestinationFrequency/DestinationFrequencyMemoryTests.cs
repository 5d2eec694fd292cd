using Xunit.Abstractions;

namespace ChinaDial.Compliance.Tests.DestinationFrequency;

[Collection(MemoryMeasurement.Name)]
public class DestinationFrequencyMemoryTests(ITestOutputHelper output)
{
    private static readonly long Now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    [Fact]
    public void One_million_tracked_callees_with_the_default_per_callee_cap_take_at_most_80_MB()
    {
        var bytes = Retained(new DestinationFrequencyOptions { PerCallerIdAndDestination = [] }, out var policy);
        output.WriteLine($"1,000,000 callees, per-callee cap 3/day: {bytes / 1024.0 / 1024.0:F1} MiB retained, {bytes / 1_000_000.0:F0} B per callee");
        Assert.Equal(1_000_000, policy.TrackedDestinations);
        Assert.True(bytes <= 80L * 1000 * 1000, $"{bytes} bytes");
    }

    [Fact]
    public void One_million_callees_each_with_one_caller_ID_pair_under_the_default_caps_take_at_most_150_MB()
    {
        var bytes = Retained(new DestinationFrequencyOptions(), out var policy);
        output.WriteLine($"1,000,000 callees + 1,000,000 caller-ID/callee pairs (defaults): {bytes / 1024.0 / 1024.0:F1} MiB retained, {bytes / 1_000_000.0:F0} B per callee");
        Assert.Equal(1_000_000, policy.TrackedDestinations);
        Assert.True(bytes <= 150L * 1000 * 1000, $"{bytes} bytes");
    }

    private static long Retained(DestinationFrequencyOptions options, out DestinationFrequencyPolicy policy)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        policy = new DestinationFrequencyPolicy(options);
        for (var i = 0UL; i < 1_000_000; i++)
        {
            Assert.Equal(CallVerdict.Allow, policy.Acquire(12065550100UL + (i % 1024), 8613800000000UL + i, Now).Verdict);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(policy);
        return after - before;
    }
}
