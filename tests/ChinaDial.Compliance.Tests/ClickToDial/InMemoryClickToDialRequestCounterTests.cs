using System.Net;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.ClickToDial;

public class InMemoryClickToDialRequestCounterTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Arbitrary request streams over a few addresses (three networks deep), a few numbers and small caps: every answer
    /// equals an exact model (per key, the requests counted in the half-open window ending now; a request is counted
    /// against each key whose cap has room), so no key ever holds more than its cap in any window.
    /// </summary>
    [Property(MaxTest = 5_000)]
    public bool Every_answer_matches_an_exact_sliding_window_per_address_network_and_number(byte[] addresses, byte[] numbers, byte[] gaps, byte capSeed)
    {
        var options = new ClickToDialOptions
        {
            Window = TimeSpan.FromSeconds(10),
            PerNumberLimit = 1 + (capSeed % 3),
            PerIpLimit = 1 + ((capSeed >> 2) % 3),
            PerNarrowNetworkLimit = 2 + ((capSeed >> 4) % 3),
            PerWideNetworkLimit = 3 + ((capSeed >> 6) % 3),
        };
        var counter = new InMemoryClickToDialRequestCounter(options);
        var model = new Dictionary<string, List<long>>();
        var now = Start.UtcTicks;
        var window = options.Window.Ticks;
        for (var i = 0; i < addresses.Length; i++)
        {
            now += (gaps.Length == 0 ? 0 : gaps[i % gaps.Length]) * TimeSpan.TicksPerSecond / 8;
            var a = addresses[i];
            var ip = IPAddress.Parse($"10.{a >> 6}.{(a >> 3) & 7}.{a & 7}");
            var number = numbers.Length == 0 || numbers[i % numbers.Length] % 4 == 0 ? PhoneNumberInfo.Unparsed : PhoneNumberClassifier.Classify($"+8613800138{numbers[i % numbers.Length] % 4:D3}");
            var keys = new List<(string Key, int Cap)>
            {
                ($"ip {ip}", options.PerIpLimit),
                ($"/24 {a >> 3}", options.PerNarrowNetworkLimit),
                ($"/16 {a >> 6}", options.PerWideNetworkLimit),
            };
            if (number.IsParsed)
            {
                keys.Add(($"number {number.Key}", options.PerNumberLimit));
            }

            var under = true;
            foreach (var (key, cap) in keys)
            {
                var log = model.TryGetValue(key, out var l) ? l : model[key] = [];
                log.RemoveAll(t => t <= now - window);
                if (log.Count < cap)
                {
                    log.Add(now);
                }
                else
                {
                    under = false;
                }
            }

            var pending = counter.CountAsync(ip, number, new DateTimeOffset(now, TimeSpan.Zero), default);
            if (!pending.IsCompletedSuccessfully || pending.Result != (under ? ClickToDialCount.UnderCaps : ClickToDialCount.OverCap))
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public async Task An_IPv6_client_is_capped_per_address_per_64_and_per_48_and_an_IPv4_one_never_shares_a_key_with_IPv6()
    {
        // Caps 1 per address, 2 per /64, 3 per /48. A full cap records nothing; the caps with room still count the request.
        var counter = new InMemoryClickToDialRequestCounter(new ClickToDialOptions { PerIpLimit = 1, PerNarrowNetworkLimit = 2, PerWideNetworkLimit = 3 });
        async Task<ClickToDialCount> Count(string ip) => await counter.CountAsync(IPAddress.Parse(ip), PhoneNumberInfo.Unparsed, Start, default);

        Assert.Equal(ClickToDialCount.UnderCaps, await Count("2001:db8:1:1::1"));
        Assert.Equal(ClickToDialCount.UnderCaps, await Count("2001:db8:1:1::2"));
        Assert.Equal(ClickToDialCount.OverCap, await Count("2001:db8:1:1::3"));      // the /64 (the /48 counts it: 3)
        Assert.Equal(ClickToDialCount.OverCap, await Count("2001:db8:1:2::1"));      // the /48
        Assert.Equal(ClickToDialCount.UnderCaps, await Count("2001:db8:2::1"));      // another /48
        Assert.Equal(ClickToDialCount.OverCap, await Count("2001:db8:2::1"));        // the address
        Assert.Equal(ClickToDialCount.UnderCaps, await Count("::ffff:0:0"));         // ::ffff:0.0.0.0 is IPv4 0.0.0.0
        Assert.Equal(ClickToDialCount.OverCap, await Count("0.0.0.0"));
        Assert.Equal(ClickToDialCount.UnderCaps, await Count("::"));                 // IPv6 ::/128, ::/64, ::/48
    }

    [Fact]
    public async Task A_flood_that_reaches_the_memory_bound_is_refused_for_one_window_and_then_counted_afresh()
    {
        var time = new FakeTimeProvider(Start);
        var options = new ClickToDialOptions { MaxCounterBytes = 1L << 20, PerIpLimit = 2 };
        var counter = new InMemoryClickToDialRequestCounter(options);
        var guard = new ClickToDialGuard(options, timeProvider: time, requestCounter: counter);
        var answers = new List<ClickToDialResult>();
        for (var i = 0; i < 20_000; i++)
        {
            answers.Add(await guard.EvaluateAsync(new($"+86138{i:D8}", $"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}", false)));
            time.Advance(TimeSpan.FromMilliseconds(10));
        }

        var refused = answers.FindIndex(a => a.Reasons.Contains(ReasonCode.PolicyError));
        Assert.True(refused > 0, "the bound was never reached");
        Assert.DoesNotContain(answers, a => a.ShouldDial);
        Assert.All(answers[refused..], a => Assert.Equal((ClickToDialOutcome.Deflected, ReasonCodeSet.Of(ReasonCode.PolicyError)), (a.Outcome, a.Reasons)));
        Assert.True(counter.AllocatedBytes <= options.MaxCounterBytes * 9 / 8, $"{counter.AllocatedBytes} bytes");

        // An address counted before the flood is still refused until the window that began with the saturation ends.
        var saturatedAt = Start + TimeSpan.FromMilliseconds(10 * refused);
        time.SetUtcNow(saturatedAt + options.Window - TimeSpan.FromTicks(1));
        Assert.Equal(ClickToDialCount.Unavailable, await counter.CountAsync(IPAddress.Parse("10.0.0.0"), PhoneNumberInfo.Unparsed, time.GetUtcNow(), default));
        time.SetUtcNow(saturatedAt + options.Window + TimeSpan.FromMilliseconds(10));
        Assert.Equal(ClickToDialCount.UnderCaps, await counter.CountAsync(IPAddress.Parse("10.0.0.0"), PhoneNumberInfo.Unparsed, time.GetUtcNow(), default));
        Assert.Equal(ClickToDialCount.UnderCaps, await counter.CountAsync(IPAddress.Parse("10.0.0.0"), PhoneNumberInfo.Unparsed, time.GetUtcNow(), default));
        Assert.Equal(ClickToDialCount.OverCap, await counter.CountAsync(IPAddress.Parse("10.0.0.0"), PhoneNumberInfo.Unparsed, time.GetUtcNow(), default));
        Assert.True(counter.AllocatedBytes < 1L << 20);
    }

    [Fact]
    public async Task A_counter_that_fails_makes_the_guard_deflect_with_policy_error_and_never_dial()
    {
        var guard = new ClickToDialGuard(new ClickToDialOptions(), timeProvider: new FakeTimeProvider(Start), requestCounter: new FailingCounter());

        var result = await guard.EvaluateAsync(new(TestNumbers.CnMobile, "203.0.113.7", true));

        Assert.Equal((ClickToDialOutcome.Deflected, ReasonCodeSet.Of(ReasonCode.PolicyError)), (result.Outcome, result.Reasons));
        Assert.False(result.ShouldDial);
    }

    [Fact]
    public void Caps_outside_1_to_255_and_a_memory_bound_under_1_MiB_are_refused_with_their_paths()
    {
        var errors = new ClickToDialOptions { PerWideNetworkLimit = 256, PerNumberLimit = 0, MaxCounterBytes = 1000 }.Validate();

        Assert.Contains(errors, e => e.Contains("ClickToDial:PerWideNetworkLimit", StringComparison.Ordinal) && e.Contains("255", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("ClickToDial:PerNumberLimit", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("ClickToDial:MaxCounterBytes", StringComparison.Ordinal) && e.Contains("1048576", StringComparison.Ordinal));
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public async Task Lapsed_pending_callbacks_are_swept_out_of_the_in_memory_store()
    {
        var store = new InMemoryPendingCallbackStore();
        for (var i = 0; i < 1_000; i++)
        {
            Assert.True(await store.TryAddAsync(PhoneNumberClassifier.Classify($"+86138{i:D8}"), Guid.NewGuid(), Start, TimeSpan.FromMinutes(30), default));
        }

        Assert.Equal(1_000, store.Count);
        Assert.True(await store.TryAddAsync(PhoneNumberClassifier.Classify("+8613900000000"), Guid.NewGuid(), Start.AddMinutes(31), TimeSpan.FromMinutes(30), default));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (store.Count > 1 && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(10); // the sweep runs on the thread pool
        }

        Assert.Equal(1, store.Count);
    }

    private sealed class FailingCounter : IClickToDialRequestCounter
    {
        public ValueTask<ClickToDialCount> CountAsync(IPAddress client, PhoneNumberInfo destination, DateTimeOffset now, CancellationToken cancellationToken)
            => ValueTask.FromException<ClickToDialCount>(new InvalidOperationException("store down"));
    }
}
