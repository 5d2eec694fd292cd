using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.ClickToDial;

public class ClickToDialGuardTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private sealed class FixedRisk(Func<IPAddress, IpRisk> answer) : IIpRiskSource
    {
        public ValueTask<IpRisk> GetRiskAsync(IPAddress address, CancellationToken cancellationToken) => new(answer(address));
    }

    /// <summary>What the sample's public endpoint answers: the same bytes for accepted and shadow-accepted.</summary>
    private static string PublicResponse(ClickToDialResult result) => result.Outcome switch
    {
        ClickToDialOutcome.Accepted or ClickToDialOutcome.ShadowAccepted => JsonSerializer.Serialize(new { status = "accepted" }),
        ClickToDialOutcome.Deflected => JsonSerializer.Serialize(new { status = "deflected", channel = result.Channel }),
        _ => JsonSerializer.Serialize(new { status = "rejected" }),
    };

    [Fact]
    public async Task Authenticated_request_from_the_destination_country_for_a_mobile_is_accepted_once_then_duplicate_until_completed()
    {
        var time = new FakeTimeProvider(Start);
        var guard = new ClickToDialGuard(new ClickToDialOptions(), new FixedRisk(_ => new IpRisk(false, "CN")), time);

        var first = await guard.EvaluateAsync(new(TestNumbers.CnMobile, "203.0.113.7", true));
        var second = await guard.EvaluateAsync(new(TestNumbers.CnMobile, "203.0.113.8", true));

        Assert.Equal(ClickToDialOutcome.Accepted, first.Outcome);
        Assert.Equal(ClickToDialOutcome.ShadowAccepted, second.Outcome);
        Assert.Contains(ReasonCode.DuplicateCallback, second.Reasons);
        Assert.True(await guard.CompleteCallbackAsync(TestNumbers.CnMobile, first.CallbackId));
        Assert.Equal(ClickToDialOutcome.Accepted, (await guard.EvaluateAsync(new(TestNumbers.CnMobile, "203.0.113.9", true))).Outcome);
    }

    [Fact]
    public async Task Pending_callback_lapses_after_its_lifetime()
    {
        var time = new FakeTimeProvider(Start);
        var store = new InMemoryPendingCallbackStore();
        var guard = new ClickToDialGuard(new ClickToDialOptions { PerNumberLimit = 10 }, timeProvider: time, pendingCallbacks: store);

        Assert.Equal(ClickToDialOutcome.Accepted, (await guard.EvaluateAsync(new(TestNumbers.CnMobile, "203.0.113.7", true))).Outcome);
        Assert.Equal(1, store.CountPending(time.GetUtcNow()));
        time.Advance(TimeSpan.FromMinutes(31));

        Assert.Equal(0, store.CountPending(time.GetUtcNow()));
        Assert.Equal(ClickToDialOutcome.Accepted, (await guard.EvaluateAsync(new(TestNumbers.CnMobile, "203.0.113.7", true))).Outcome);
    }

    [Fact]
    public async Task Unauthenticated_anonymous_or_foreign_requests_are_deflected_and_malformed_ones_rejected()
    {
        var guard = new ClickToDialGuard(new ClickToDialOptions(), new FixedRisk(ip => ip.ToString() switch
        {
            "198.51.100.1" => new IpRisk(true, "CN"),
            "198.51.100.2" => new IpRisk(false, "US"),
            _ => new IpRisk(false, "CN"),
        }), new FakeTimeProvider(Start));

        Assert.Equal(ClickToDialOutcome.Deflected, (await guard.EvaluateAsync(new(TestNumbers.CnMobile, "192.0.2.1", false))).Outcome);
        Assert.Equal(ClickToDialOutcome.Deflected, (await guard.EvaluateAsync(new(TestNumbers.CnMobile, "198.51.100.1", true))).Outcome);
        Assert.Equal(ClickToDialOutcome.Deflected, (await guard.EvaluateAsync(new(TestNumbers.CnMobile, "198.51.100.2", true))).Outcome);
        Assert.Equal(ClickToDialOutcome.Rejected, (await guard.EvaluateAsync(new("not a number", "192.0.2.1", true))).Outcome);
    }

    [Fact]
    public void Invalid_options_are_refused_with_every_problem_listed()
    {
        var thrown = Assert.Throws<ArgumentException>(() => new ClickToDialGuard(new ClickToDialOptions { Window = TimeSpan.Zero, PerIpLimit = 0, DeflectionChannel = "" }));

        Assert.Contains("Window", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("PerIpLimit", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("DeflectionChannel", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scripted_attack_of_ten_thousand_requests_places_no_call_to_a_disallowed_destination_and_every_legitimate_visitor_is_accepted()
    {
        var time = new FakeTimeProvider(Start);
        var options = new ClickToDialOptions();
        options.Destinations.DeniedPrefixes.Add("+86170"); // virtual-operator range, deny-listed by prefix
        var store = new InMemoryPendingCallbackStore();
        var guard = new ClickToDialGuard(options, new FixedRisk(_ => new IpRisk(false, "CN")), time, store);

        // The script: 100 IPs in a few subnets (one IPv4 /24, thirty IPv4 /16s, twenty IPv6
        // /48s and ten /64s of another), pumping premium,
        // international, special-service and invalid numbers, and a handful of legitimate ones to look normal.
        string[] targeted = ["+8613800138000", "+8613900139000", "+8618600186000", "+8615000150000", "+8613700137000"];
        string[] hostile = ["+8617000170000", "+882345678901", "+447700900123", "+12025550123", "+8695588", "12345", "+86", "+8613800", "+9007123456"];
        var ips = Enumerable.Range(0, 100).Select(i => i switch
        {
            < 40 => $"203.0.113.{i + 1}",
            < 70 => $"198.51.{i}.10",
            < 90 => $"2001:db8:{i}::1",
            _ => $"2001:db8:1:{i}::1",
        }).ToArray();

        // Meanwhile real visitors: authenticated, each from a home network of its own, asking for a callback to their own
        // mobile; the dialler places it and completes it a minute later; each visitor asks twice, half an hour apart.
        var visitors = Enumerable.Range(0, 100).Select(i => (Number: $"+86139{i:D2}001234", Ip: $"100.{64 + i}.7.{i + 1}")).ToArray();

        var random = new Random(6);
        var pending = new Dictionary<string, (Guid Id, DateTimeOffset Until)>();
        var toComplete = new Queue<(DateTimeOffset At, string Number, Guid Id)>();
        var dialled = new List<string>();
        var visitorRequests = 0;
        string? acceptedBytes = null;
        string? shadowBytes = null;

        for (var i = 0; i < 10_000; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(360)); // one hour in all
            var now = time.GetUtcNow();
            while (toComplete.Count > 0 && toComplete.Peek().At <= now)
            {
                var (_, number, id) = toComplete.Dequeue();
                Assert.True(await guard.CompleteCallbackAsync(number, id));
                pending.Remove(number);
            }

            var isVisitor = i % 50 == 0;
            var visitor = visitors[i / 50 % visitors.Length];
            var request = isVisitor
                ? new ClickToDialRequest(visitor.Number, visitor.Ip, IsAuthenticated: true)
                : new ClickToDialRequest(
                    random.Next(10) == 0 ? targeted[random.Next(targeted.Length)] : hostile[random.Next(hostile.Length)],
                    ips[random.Next(ips.Length)],
                    random.Next(2) == 0);
            var result = await guard.EvaluateAsync(request);
            var bytes = PublicResponse(result);

            if (isVisitor && !pending.ContainsKey(visitor.Number))
            {
                visitorRequests++;
                Assert.Equal(ClickToDialOutcome.Accepted, result.Outcome);
            }

            if (result.ShouldDial)
            {
                var number = request.Destination!;
                Assert.False(pending.TryGetValue(number, out var open) && open.Until > now, $"a second pending callback for a number at request {i}");
                pending[number] = (result.CallbackId, now + options.PendingCallbackLifetime);
                dialled.Add(number);
                acceptedBytes = bytes;
                if (isVisitor)
                {
                    toComplete.Enqueue((now + TimeSpan.FromMinutes(1), number, result.CallbackId));
                }
            }
            else if (result.Outcome == ClickToDialOutcome.ShadowAccepted)
            {
                shadowBytes = bytes;
                Assert.Contains(result.Reasons.Contains(ReasonCode.DuplicateCallback) ? ReasonCode.DuplicateCallback : ReasonCode.SuspectedFraud, result.Reasons);
            }
        }

        Assert.All(dialled, number => Assert.True(targeted.Contains(number) || visitors.Any(v => v.Number == number), number));
        Assert.Equal(200, visitorRequests);
        Assert.True(store.CountPending(time.GetUtcNow()) <= targeted.Length + visitors.Length);
        Assert.NotNull(shadowBytes);
        Assert.Equal(acceptedBytes, shadowBytes);
    }

    [Fact]
    public async Task An_IPv6_address_never_shares_a_count_with_an_IPv4_address()
    {
        var time = new FakeTimeProvider(Start);
        var options = new ClickToDialOptions { PerIpLimit = 1, RequireAuthentication = false };
        var guard = new ClickToDialGuard(options, timeProvider: time);

        // 8000::c000:201 ends in the bits of 192.0.2.1; with the top bit set it is where a tagged IPv4 key would be.
        Assert.Equal(ClickToDialOutcome.Accepted, (await guard.EvaluateAsync(new("+8613800138000", "192.0.2.1", true))).Outcome);
        Assert.Equal(ClickToDialOutcome.Accepted, (await guard.EvaluateAsync(new("+8613900139000", "8000::c000:201", true))).Outcome);
        Assert.Equal(ClickToDialOutcome.Accepted, (await guard.EvaluateAsync(new("+8618600186000", "::ffff:c000:202", true))).Outcome);

        // The IPv4-mapped form of an address is the address: its second request is over the cap.
        Assert.Equal(ClickToDialOutcome.ShadowAccepted, (await guard.EvaluateAsync(new("+8615000150000", "::ffff:192.0.2.1", true))).Outcome);
    }

    private sealed class FailingStore : IPendingCallbackStore
    {
        public ValueTask<bool> TryAddAsync(PhoneNumberInfo destination, Guid callbackId, DateTimeOffset now, TimeSpan lifetime, CancellationToken cancellationToken)
            => throw new TimeoutException("store did not answer");

        public ValueTask<bool> CompleteAsync(PhoneNumberInfo destination, Guid callbackId, CancellationToken cancellationToken)
            => throw new TimeoutException("store did not answer");
    }

    [Fact]
    public async Task A_failing_pending_callback_store_deflects_with_policy_error_and_never_dials()
    {
        var guard = new ClickToDialGuard(new ClickToDialOptions(), new FixedRisk(_ => new IpRisk(false, "CN")), new FakeTimeProvider(Start), new FailingStore());

        var result = await guard.EvaluateAsync(new(TestNumbers.CnMobile, "203.0.113.7", true));

        Assert.Equal(ClickToDialOutcome.Deflected, result.Outcome);
        Assert.False(result.ShouldDial);
        Assert.Equal(ReasonCodeSet.Of(ReasonCode.PolicyError), result.Reasons);
        Assert.Equal("chat", result.Channel);
    }

    [Fact]
    public async Task Two_guards_sharing_one_store_keep_one_pending_callback_per_number()
    {
        var time = new FakeTimeProvider(Start);
        var store = new InMemoryPendingCallbackStore();
        var a = new ClickToDialGuard(new ClickToDialOptions(), timeProvider: time, pendingCallbacks: store);
        var b = new ClickToDialGuard(new ClickToDialOptions(), timeProvider: time, pendingCallbacks: store);

        var first = await a.EvaluateAsync(new(TestNumbers.CnMobile, "203.0.113.7", true));
        Assert.Equal(ClickToDialOutcome.Accepted, first.Outcome);
        Assert.Equal(ClickToDialOutcome.ShadowAccepted, (await b.EvaluateAsync(new(TestNumbers.CnMobile, "198.51.100.7", true))).Outcome);
        Assert.False(await b.CompleteCallbackAsync(TestNumbers.CnMobile, Guid.NewGuid()));
        Assert.True(await b.CompleteCallbackAsync(TestNumbers.CnMobile, first.CallbackId));
        Assert.Equal(ClickToDialOutcome.Accepted, (await b.EvaluateAsync(new(TestNumbers.CnMobile, "198.51.100.7", true))).Outcome);
    }
}
