using System.Net;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ChinaDial.Compliance.Tests.ClickToDial;

[Collection(MemoryMeasurement.Name)]
public class ClickToDialCounterMemoryTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Keys_active_in_the_window_take_at_most_8_by_1_plus_cap_bytes_each_with_the_tables_free_space_and_idle_ones_are_evicted()
    {
        // 200,000 distinct addresses (in 782 /24s of 4 /16s) and 200,000 distinct numbers, within one window.
        var options = new ClickToDialOptions { MaxCounterBytes = 1L << 30 };
        var counter = new InMemoryClickToDialRequestCounter(options);
        var empty = counter.AllocatedBytes;
        const int Keys = 200_000;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await Flood(counter, Keys, first: 0, Start);
        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        const int Narrow = 782, Wide = 4;
        var active = ((long)Keys * 8 * (1 + options.PerIpLimit)) + ((long)Keys * 8 * (1 + options.PerNumberLimit))
            + (Narrow * 8L * (1 + options.PerNarrowNetworkLimit)) + (Wide * 8L * (1 + options.PerWideNetworkLimit));
        output.WriteLine($"{Keys:N0} addresses and numbers: {counter.AllocatedBytes:N0} bytes in the tables, {retained:N0} retained, {active:N0} for the active keys alone");
        Assert.Equal(Keys + Keys + Narrow + Wide, counter.Count);
        Assert.True(counter.AllocatedBytes - empty <= active * 8 / 3, $"{counter.AllocatedBytes} bytes");
        Assert.True(retained <= (active * 8 / 3) + (1 << 20), $"{retained} bytes retained");

        // A window and two minutes later every key is idle: the next request sweeps them out, and a second flood of as
        // many new keys leaves the tables holding that flood's keys alone (and the probe's four), within the same bound
        // per key (a table rebuilt after eviction is at least a quarter full).
        var later = Start + options.Window + TimeSpan.FromMinutes(2);
        await counter.CountAsync(IPAddress.Parse("192.0.2.1"), PhoneNumberClassifier.Classify("+8613700000000"), later, default);
        await Eventually(() => counter.Count <= 4);
        await Flood(counter, Keys, first: Keys, later);
        output.WriteLine($"after eviction and a second flood: {counter.Count:N0} keys, {counter.AllocatedBytes:N0} bytes in the tables");
        Assert.Equal(Keys + Keys + Narrow + Wide + 4, counter.Count);
        Assert.True(counter.AllocatedBytes - empty <= active * 4, $"{counter.AllocatedBytes} bytes");
        GC.KeepAlive(counter);
    }

    [Fact]
    public async Task One_million_distinct_addresses_and_numbers_stay_within_the_memory_bound_and_are_refused_once_it_is_reached()
    {
        var time = new FakeTimeProvider(Start);
        var options = new ClickToDialOptions();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var guard = new ClickToDialGuard(options, timeProvider: time);
        var refused = 0;
        for (var i = 0; i < 1_000_000; i++)
        {
            var result = await guard.EvaluateAsync(new($"+86138{i:D8}", $"{10 + (i >> 24)}.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}", false));
            refused += result.Reasons.Contains(ReasonCode.PolicyError) ? 1 : 0;
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        output.WriteLine($"1,000,000 distinct addresses and numbers: {retained:N0} bytes retained, {refused:N0} refused with policy_error (bound {options.MaxCounterBytes:N0} bytes)");
        Assert.True(retained <= (options.MaxCounterBytes * 9 / 8) + (4 << 20), $"{retained} bytes retained");
        Assert.InRange(refused, 1, 999_999);
        GC.KeepAlive(guard);
    }

    /// <summary>Addresses <c>first</c> to <c>first + keys - 1</c> counted up from 10.0.0.0, and as many numbers.</summary>
    private static async Task Flood(InMemoryClickToDialRequestCounter counter, int keys, int first, DateTimeOffset at)
    {
        for (var i = first; i < first + keys; i++)
        {
            await counter.CountAsync(Address(i), PhoneNumberClassifier.Classify($"+86139{i:D8}"), at, default);
        }
    }

    private static IPAddress Address(int i) => new([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]);

    private static async Task Eventually(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the sweep did not run");
            await Task.Delay(10);
        }
    }
}
