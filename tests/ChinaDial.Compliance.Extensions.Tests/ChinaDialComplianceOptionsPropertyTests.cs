using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;
using PhoneNumbers;
using Xunit.Abstractions;

namespace ChinaDial.Compliance.Extensions.Tests;

/// <summary>
/// No option that passes validation fails later: options built from random values (every option; some cases sane,
/// some with a few values wild: 0, negatives, MaxValue, NaN, null and huge lists, bad days, zones and dates) either
/// fail <see cref="ChinaDialComplianceOptions.Validate()"/> (and then <c>CreateEvaluator</c> throws only the options
/// exception) or build an evaluator that judges a handful of calls on a fake clock, completing and cancelling tickets,
/// without throwing. The same for <see cref="ClickToDialGuard"/> and its options.
/// </summary>
public class ChinaDialComplianceOptionsPropertyTests(ITestOutputHelper output)
{
    private const int Cases = 3_000;

    private static readonly string[] CallerIdPool =
    [
        TestNumbers.UsCallerId, TestNumbers.UsCallerId2, "+12065550102", "+12065550103",
        TestNumbers.Example("GB", PhoneNumberType.MOBILE), TestNumbers.Example("CN", PhoneNumberType.FIXED_LINE), TestNumbers.Example("DE", PhoneNumberType.FIXED_LINE),
    ];

    private static readonly string[] OtherNumbers =
    [
        TestNumbers.CnMobile, "+8613900139000", "+861012345678", "+864001234567", "+8616812345678", TestNumbers.CnServiceShortCode,
        TestNumbers.Example("HK", PhoneNumberType.MOBILE), TestNumbers.Example("US", PhoneNumberType.TOLL_FREE), TestNumbers.Uifn,
        "", "not a number", "+", "+86", new string('9', 200),
    ];

    private static readonly string[] Regions = ["CN", "HK", "MO", "TW", "SG", "US", "GB", "KP"];
    private static readonly string[] Zones = ["Asia/Shanghai", "Asia/Urumqi", "UTC", "Australia/Lord_Howe", "America/New_York", "Europe/London"];

    [Fact]
    public void Random_options_either_fail_validation_or_build_an_evaluator_that_never_throws()
    {
        var (built, calls, allowed) = (0, 0, 0);
        var property = Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var values = new RandomValues(seed);
            var options = values.Options();
            var errors = options.Validate();
            if (errors.Count > 0)
            {
                var thrown = Assert.Throws<ChinaDialComplianceOptionsException>(() => options.CreateEvaluator());
                Assert.Equal(errors, thrown.Errors);
                return;
            }

            built++;
            var (judged, allows) = Evaluate(values, options);
            calls += judged;
            allowed += allows;
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases), property);
        output.WriteLine($"{Cases} option sets: {built} built an evaluator, which judged {calls} calls ({allowed} allowed).");

        // Not vacuous: a good share of the cases built an evaluator and judged calls (about a fifth: pacing's
        // bounds on the health levels refuse some of the random sets that built one before).
        Assert.InRange(built, Cases / 8, Cases);
    }

    [Fact]
    public void Random_click_to_dial_options_either_fail_validation_or_build_a_guard_that_never_throws()
    {
        var built = 0;
        var property = Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var values = new RandomValues(seed);
            var options = values.ClickToDial();
            var errors = options.Validate();
            if (errors.Count > 0)
            {
                Assert.Throws<ArgumentException>(() => new ClickToDialGuard(options));
                return;
            }

            built++;
            var clock = new FakeTimeProvider(values.Instant());
            var guard = new ClickToDialGuard(options, timeProvider: clock);
            for (var i = values.Next(1, 12); i > 0; i--)
            {
                var request = new ClickToDialRequest(values.Pick(OtherNumbers), values.Ip(), values.Next(0, 2) == 0);
                var result = guard.EvaluateAsync(request).AsTask().GetAwaiter().GetResult();
                if (result.ShouldDial && values.Next(0, 2) == 0)
                {
                    guard.CompleteCallbackAsync(request.Destination!, result.CallbackId).AsTask().GetAwaiter().GetResult();
                }

                Advance(clock, values.Step());
            }
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases), property);
        output.WriteLine($"{Cases} click-to-dial option sets: {built} built a guard.");
        Assert.InRange(built, Cases / 5, Cases);
    }

    /// <summary>Moves the clock on, stopping at the end of time.</summary>
    private static void Advance(FakeTimeProvider clock, TimeSpan step)
    {
        var now = clock.GetUtcNow();
        var next = step.Ticks > DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks ? DateTimeOffset.MaxValue : now + step;
        clock.SetUtcNow(next);
    }

    private static (int Calls, int Allowed) Evaluate(RandomValues values, ChinaDialComplianceOptions options)
    {
        var (calls, allowed) = (0, 0);
        var clock = new FakeTimeProvider(values.Instant());
        var evaluator = options.CreateEvaluator(clock, auditSink: values.Next(0, 3) == 0 ? new InMemoryAuditSink() : null);
        var callerIds = options.CallerIds.Approved.Concat(OtherNumbers).ToArray();
        for (var i = values.Next(1, 12); i > 0; i--)
        {
            // Half the calls are ones the options could allow (an approved caller ID to a mobile, a service call).
            var likely = options.CallerIds.Approved.Count > 0 && values.Next(0, 2) == 0;
            var call = likely
                ? new OutboundCall(values.Pick(options.CallerIds.Approved.ToArray()), values.Pick<string>([TestNumbers.CnMobile, "+8613900139000", "+8613700137000"]), CallPurpose.Service)
                : new OutboundCall(values.Pick(callerIds), values.Pick(OtherNumbers), (CallPurpose)values.Next(0, 3));
            var decision = evaluator.EvaluateAsync(call with { RequestedAt = values.RequestedAt(clock.GetUtcNow()) }).AsTask().GetAwaiter().GetResult();
            calls++;
            allowed += decision.Verdict == CallVerdict.Allow ? 1 : 0;
            Advance(clock, values.Step());
            switch (decision.Ticket is null ? -1 : values.Next(0, 3))
            {
                case 0:
                    decision.Ticket!.Complete(new CallOutcome(values.Next(0, 2) == 0, values.CallDuration()));
                    break;
                case 1:
                    decision.Ticket!.Cancel();
                    break;
            }
        }

        return (calls, allowed);
    }

    /// <summary>Random option values from one seed: sane (within every documented bound) or, with the case's wild
    /// share, extreme.</summary>
    private sealed class RandomValues(int seed)
    {
        private static readonly TimeSpan[] WildDurations =
        [
            TimeSpan.Zero, TimeSpan.FromTicks(-1), TimeSpan.MinValue, TimeSpan.MaxValue, TimeSpan.FromTicks(1),
            TimeSpan.FromDays(366) + TimeSpan.FromTicks(1), TimeSpan.FromDays(3_000_000), TimeSpan.FromDays(-1), TimeSpan.FromDays(1) + TimeSpan.FromTicks(1),
        ];

        private static readonly int[] WildInts = [0, -1, int.MinValue, int.MaxValue, 256, 10_001, 1_000_001, 1];
        private static readonly double[] WildDoubles = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1, 0, -0.0, 1.0000001, 1e300, double.Epsilon];
        private static readonly string?[] WildStrings = [null, string.Empty, " ", "\0", new string('x', 10_000), "XX", "Mars/Olympus", "China Standard Time", "../../../etc/passwd", "2026-13-01", "+0"];

        private readonly Random _random = new(seed);

        /// <summary>The share of values drawn wild in this case: none in a quarter of the cases.</summary>
        private readonly int _wildPercent = new[] { 0, 0, 1, 2, 4, 10, 50, 100 }[new Random(seed ^ 0x5EED).Next(8)];

        private bool Wild => _random.Next(100) < _wildPercent;

        public int Next(int min, int max) => _random.Next(min, max);

        public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

        /// <summary>Mostly this century; one in eight anywhere from year 1 to 9999, the ends included.</summary>
        public DateTimeOffset Instant() => _random.Next(8) switch
        {
            0 => Pick([DateTimeOffset.MinValue, DateTimeOffset.MaxValue, DateTimeOffset.MaxValue.AddHours(-1), DateTimeOffset.UnixEpoch.AddTicks(-1)]),
            1 => new DateTimeOffset((long)(_random.NextDouble() * DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero),
            _ => new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks((long)(_random.NextDouble() * TimeSpan.FromDays(36_500).Ticks)),
        };

        /// <summary>No requested instant, or one anywhere around the clock, the ends of time included.</summary>
        public DateTimeOffset? RequestedAt(DateTimeOffset now) => _random.Next(4) switch
        {
            0 => Instant(),
            1 => new DateTimeOffset(Math.Clamp(now.UtcTicks + (long)((_random.NextDouble() - 0.3) * TimeSpan.TicksPerDay * 30), 0, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero),
            _ => null,
        };

        public TimeSpan Step() => _random.Next(8) switch
        {
            0 => TimeSpan.Zero,
            1 => TimeSpan.FromTicks(1),
            2 => TimeSpan.FromSeconds(_random.Next(1, 60)),
            3 => TimeSpan.FromMinutes(_random.Next(1, 60)),
            4 => TimeSpan.FromHours(_random.Next(1, 24)),
            5 => TimeSpan.FromDays(_random.Next(1, 400)),
            _ => TimeSpan.FromTicks((long)(_random.NextDouble() * TimeSpan.TicksPerDay)),
        };

        public TimeSpan CallDuration() => _random.Next(10) == 0 ? Pick([TimeSpan.Zero, TimeSpan.FromDays(1), TimeSpan.FromTicks(1)]) : TimeSpan.FromSeconds(_random.Next(0, 3_600));

        public string? Ip() => _random.Next(6) switch
        {
            0 => $"192.0.2.{_random.Next(256)}",
            1 => $"198.51.{_random.Next(256)}.{_random.Next(256)}",
            2 => $"2001:db8:{_random.Next(65536):x}::{_random.Next(65536):x}",
            3 => "::1",
            4 => null,
            _ => Pick(["not an ip", "", "999.1.1.1", "10.0.0.1"]),
        };

        public ChinaDialComplianceOptions Options()
        {
            var options = new ChinaDialComplianceOptions
            {
                CallerIds = CallerIds(),
                Destinations = Destinations(),
                Consent = { RequiredFor = List(() => Enum<CallPurpose>(), 0, 3) },
                CallingHours = CallingHours(),
                Audit = { Pepper = Wild ? WildString() : Pick([null, string.Empty, "a pepper of sixteen+ characters"]) },
                CallerIdRate = CallerIdRate(),
                DestinationFrequency = new DestinationFrequencyOptions
                {
                    Enabled = Bool(),
                    PerDestination = List(Cap, 0, 4),
                    PerCallerIdAndDestination = List(Cap, 0, 4),
                },
                Concurrency = { Enabled = Bool(), MaxCallsInProgress = Int(1, 255) },
                CallerIdHealth = CallerIdHealth(),
                CallerIdPacing = { Enabled = Bool() },
                Evaluator = Evaluator(),
                ClickToDial = ClickToDial(),
            };
            return options;
        }

        public OutboundCallEvaluatorOptions Evaluator()
        {
            var modes = new Dictionary<string, PolicyMode>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in global::ChinaDial.Compliance.Configuration.PolicyModeNames.BuiltIn)
            {
                if (_random.Next(4) == 0)
                {
                    modes[name] = (PolicyMode)_random.Next(2);
                }
            }

            return new OutboundCallEvaluatorOptions
            {
                PolicyTimeout = Duration(TimeSpan.FromTicks(1), OutboundCallEvaluatorOptions.MaxPolicyTimeout),
                TicketLifetime = Duration(TimeSpan.FromTicks(1), OutboundCallEvaluatorOptions.MaxTicketLifetime),
                SchedulingHorizon = Duration(TimeSpan.FromTicks(1), OutboundCallEvaluatorOptions.MaxSchedulingHorizon),
                ClockSkewTolerance = Duration(TimeSpan.Zero, OutboundCallEvaluatorOptions.MaxClockSkewTolerance),
                PolicyModes = modes,
            };
        }

        public ClickToDialOptions ClickToDial() => new()
        {
            Destinations = Destinations(),
            Window = Duration(TimeSpan.FromTicks(1), TimeSpan.FromDays(1)),
            PerNumberLimit = Int(1, 255),
            PerIpLimit = Int(1, 255),
            PerNarrowNetworkLimit = Int(1, 255),
            PerWideNetworkLimit = Int(1, 255),
            PendingCallbackLifetime = Duration(TimeSpan.FromTicks(1), TimeSpan.FromDays(1)),
            RequireAuthentication = Bool(),
            DeflectionChannel = Wild ? WildString()! : Pick(["chat", "email"]),
        };

        private CallerIdOptions CallerIds()
        {
            var approved = Subset(CallerIdPool);
            var options = new CallerIdOptions
            {
                Approved = Wild ? List(() => Pick(OtherNumbers.Concat(CallerIdPool).ToArray()), 0, 3) : approved,
                ProhibitedRegions = Wild ? List(() => WildString()!, 0, 2) : Subset(["HK", "MO", "TW", "SG"]),
                ProhibitTollFree = Bool(),
                ProhibitNonGeographic = Bool(),
            };
            foreach (var number in approved)
            {
                switch (_random.Next(4))
                {
                    case 0:
                        options.ApprovedDestinations[number] = Wild ? List(() => WildString()!, 0, 2) : [.. Subset(Regions).DefaultIfEmpty("CN")];
                        break;
                    case 1:
                        options.ConnectInstances[Wild ? WildString() ?? "x" : $"instance-{_random.Next(2)}"] = [number];
                        break;
                }
            }

            return options;
        }

        private DestinationOptions Destinations() => new()
        {
            // Mostly lists that let calls to Chinese mobiles through, so that many cases judge allowed calls too.
            AllowedCountries = Wild ? List(() => WildString()!, 0, 2) : [.. Subset(Regions).Where(r => r != "CN" || _random.Next(5) > 0).Append(_random.Next(5) > 0 ? "CN" : "US").Distinct()],
            DeniedCountries = Wild ? List(() => WildString()!, 0, 2) : Subset(["KP", "HK"]),
            DeniedPrefixes = Wild ? List(() => WildString()!, 0, 2) : Subset(["+86168", "+8615", "+1"]),
            AllowedKinds = Wild ? List(() => Enum<PhoneNumberKind>(), 0, 4) : [.. Subset(System.Enum.GetValues<PhoneNumberKind>()).Append(_random.Next(5) > 0 ? PhoneNumberKind.Mobile : PhoneNumberKind.Voip).Distinct()],
        };

        private CallingHoursOptions CallingHours()
        {
            var stop = Duration(TimeSpan.Zero, TimeSpan.FromMinutes(30));
            var (start, end) = Window(stop);
            var hours = new CallingHoursOptions
            {
                Enabled = _random.Next(5) > 0,
                Start = start,
                End = end,
                StopBeforeEnd = stop,
                Days = Days(),
                TimeZone = Wild ? WildString()! : Pick(Zones),
                RestrictedDates = List(() => Wild ? WildString()! : new DateOnly(2000, 1, 1).AddDays(_random.Next(36_500)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), 0, _random.Next(3) == 0 ? 500 : 3),
            };
            foreach (var (region, zone) in new[] { ("HK", "Asia/Hong_Kong"), ("US", "America/New_York"), ("GB", "Europe/London"), ("CN", "Asia/Shanghai") })
            {
                if (_random.Next(3) == 0 && (region != "CN" || Wild))
                {
                    hours.CountryTimeZones[region] = Wild ? WildString() ?? zone : zone;
                }
            }

            for (var p = 0; p < 3; p++)
            {
                if (_random.Next(3) == 0)
                {
                    var (s, e) = Window(stop);
                    hours.Purposes[Wild ? (CallPurpose)_random.Next(-1, 5) : (CallPurpose)p] = new CallingWindowOptions { Start = s, End = e, Days = Days() };
                }
            }

            return hours;
        }

        private (TimeSpan Start, TimeSpan End) Window(TimeSpan stop)
        {
            if (Wild)
            {
                return (WildDuration(), WildDuration());
            }

            var start = TimeSpan.FromMinutes(_random.Next(0, 23 * 60));
            var room = stop < TimeSpan.Zero || stop > TimeSpan.FromDays(1) ? TimeSpan.Zero : TimeSpan.FromDays(1) - start - stop;
            if (room <= TimeSpan.FromMinutes(1))
            {
                return (start, TimeSpan.FromDays(1)); // the stop drawn wild: validation judges the pair
            }

            return (start, start + stop + TimeSpan.FromMinutes(_random.Next(1, (int)room.TotalMinutes + 1)));
        }

        private IList<DayOfWeek> Days()
            => Wild ? List(() => (DayOfWeek)_random.Next(-2, 9), 0, 9) : [.. Subset(System.Enum.GetValues<DayOfWeek>()).DefaultIfEmpty(DayOfWeek.Monday)];

        private CallerIdRateOptions CallerIdRate()
        {
            var paced = _random.Next(2) == 0;
            var limit = Int(1, paced ? 10_000 : 255);
            var burst = Int(1, Math.Max(1, limit));
            var window = Duration(TimeSpan.FromTicks(1), TimeSpan.FromDays(366));

            return new CallerIdRateOptions
            {
                Enabled = Bool(),
                Algorithm = Wild ? (CallerIdRateAlgorithm)_random.Next(-1, 4) : paced ? CallerIdRateAlgorithm.Paced : CallerIdRateAlgorithm.SlidingLog,
                Limit = limit,
                Burst = burst,
                Window = window,
            };
        }

        private FrequencyCap Cap() => Wild && _random.Next(4) == 0 ? null! : new FrequencyCap(Int(1, 255), Duration(TimeSpan.FromTicks(1), TimeSpan.FromDays(366)));

        private CallerIdHealthOptions CallerIdHealth()
        {
            var shortCall = Duration(TimeSpan.FromTicks(1), TimeSpan.FromHours(1));
            return new()
            {
                ShortCallThreshold = shortCall,
                VeryShortCallThreshold = Duration(TimeSpan.FromTicks(1), shortCall > TimeSpan.Zero ? shortCall : TimeSpan.FromHours(1)),
                Window = Duration(TimeSpan.FromMinutes(1), TimeSpan.FromDays(7)),
                MinimumCalls = Int(1, 1_000_000),
                QuarantineCoolDown = Duration(TimeSpan.FromTicks(1), TimeSpan.FromDays(366)),
                AnswerRate = Thresholds(lowIsBad: true, 1),
                AnswerRateToFleet = Thresholds(lowIsBad: true, 1),
                ShortCallRatio = Thresholds(lowIsBad: false, 1),
                VeryShortCallRatio = Thresholds(lowIsBad: false, 1),
                DistinctCalleesPerHour = Thresholds(lowIsBad: false, _random.Next(4) == 0 ? 1_000_000 : 1_000), // pacing: warning at most 1,000
                VolumeToFleetAverage = Thresholds(lowIsBad: false, 1_000_000),
                RepeatedCallRatio = Thresholds(lowIsBad: false, 1),

                // With pacing on, a callee may hear at most 255 caller IDs a day: most draws stay within reach.
                CallerIdsPerCalleePerDay = Thresholds(lowIsBad: false, _random.Next(4) == 0 ? 1_000_000 : 256),
            };
        }

        private HealthThresholds Thresholds(bool lowIsBad, double max)
        {
            if (Wild)
            {
                return _random.Next(5) == 0 ? null! : new HealthThresholds(Pick(WildDoubles), Pick(WildDoubles));
            }

            var a = _random.NextDouble() * max;
            var b = _random.NextDouble() * max;
            var (low, high) = (Math.Min(a, b), Math.Max(a, b));
            low = lowIsBad ? low : Math.Max(low, double.Epsilon);
            high = Math.Max(high, low);
            return lowIsBad ? new HealthThresholds(high, low) : new HealthThresholds(low, high);
        }

        private bool Bool() => _random.Next(2) == 0;

        private int Int(int min, int max) => Wild ? Pick(WildInts) : (int)Math.Round(Math.Exp(Math.Log(min) + (_random.NextDouble() * (Math.Log(max) - Math.Log(min)))));

        private TimeSpan Duration(TimeSpan min, TimeSpan max)
        {
            if (Wild)
            {
                return WildDuration();
            }

            // Log-uniform over the range, so that ticks, seconds and days all come up.
            var low = Math.Max(1, min.Ticks);
            var ticks = (long)Math.Exp(Math.Log(low) + (_random.NextDouble() * (Math.Log(max.Ticks) - Math.Log(low))));
            return TimeSpan.FromTicks(min.Ticks == 0 && _random.Next(4) == 0 ? 0 : Math.Clamp(ticks, min.Ticks, max.Ticks));
        }

        private TimeSpan WildDuration() => Pick(WildDurations);

        private string? WildString() => Pick(WildStrings);

        private TEnum Enum<TEnum>()
            where TEnum : struct, System.Enum
        {
            var defined = System.Enum.GetValues<TEnum>().Length;
            return (TEnum)(object)(Wild ? _random.Next(-3, defined + 3) : _random.Next(defined));
        }

        private IList<T> List<T>(Func<T> item, int min, int max)
        {
            if (Wild)
            {
                switch (_random.Next(4))
                {
                    case 0:
                        return null!;
                    case 1:
                        return [];
                    case 2:
                        return [.. Enumerable.Range(0, 1_000).Select(_ => item())];
                }
            }

            return [.. Enumerable.Range(0, _random.Next(min, max + 1)).Select(_ => item())];
        }

        private List<T> Subset<T>(IReadOnlyList<T> items) => [.. items.Where(_ => _random.Next(2) == 0)];
    }
}
