using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Tests.CallingHours;

public class CallingHoursPolicyTests
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private static async Task<CallDecision> Call(CallingHoursOptions options, DateTimeOffset at, string destination = TestNumbers.CnMobile, CallPurpose purpose = CallPurpose.Service)
    {
        var evaluator = new OutboundCallEvaluator([new CallingHoursPolicy(options)], timeProvider: new FakeTimeProvider(at));
        return await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, destination, purpose));
    }

    [Theory]
    [InlineData(8, 59, 59, false)]
    [InlineData(9, 0, 0, true)]
    [InlineData(20, 59, 59, true)]
    [InlineData(21, 0, 0, false)]
    public async Task The_default_window_is_nine_to_nine_shanghai_time(int hour, int minute, int second, bool inside)
    {
        var local = new DateTimeOffset(2026, 11, 23, hour, minute, second, Shanghai);
        var decision = await Call(new CallingHoursOptions(), local.ToUniversalTime());

        Assert.Equal(inside, decision.IsAllowed);
        if (!inside)
        {
            Assert.Equal([ReasonCode.OutsideCallingHours], decision.Reasons.ToArray());
            Assert.Equal(CallVerdict.Defer, decision.Verdict);
        }
    }

    [Fact]
    public async Task An_instant_given_in_utc_is_judged_in_the_callees_zone_and_deferred_to_the_next_opening()
    {
        // 23:30 UTC is 07:30 the next morning in Shanghai.
        var decision = await Call(new CallingHoursOptions(), new DateTimeOffset(2026, 11, 22, 23, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 0, 0, Shanghai), decision.NotBefore);
    }

    [Fact]
    public async Task A_call_after_closing_is_deferred_to_the_next_morning()
    {
        var decision = await Call(new CallingHoursOptions(), new DateTimeOffset(2026, 11, 23, 21, 30, 0, Shanghai));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 0, 0, Shanghai), decision.NotBefore);
    }

    [Fact]
    public async Task Restricted_dates_defer_to_the_next_allowed_day()
    {
        var options = new CallingHoursOptions { RestrictedDates = ["2026-10-01", "2026-10-02"] };

        var decision = await Call(options, new DateTimeOffset(2026, 10, 1, 10, 0, 0, Shanghai));

        Assert.Equal(new DateTimeOffset(2026, 10, 3, 9, 0, 0, Shanghai), decision.NotBefore);
    }

    [Fact]
    public async Task Stopping_before_the_window_closes_and_purpose_windows_apply()
    {
        var options = new CallingHoursOptions
        {
            StopBeforeEnd = TimeSpan.FromMinutes(30),
            Purposes = { [CallPurpose.Marketing] = new CallingWindowOptions { Start = TimeSpan.FromHours(10), End = TimeSpan.FromHours(18), Days = [DayOfWeek.Monday] } },
        };

        Assert.False((await Call(options, new DateTimeOffset(2026, 11, 23, 20, 45, 0, Shanghai))).IsAllowed);
        Assert.True((await Call(options, new DateTimeOffset(2026, 11, 23, 20, 29, 0, Shanghai))).IsAllowed);
        var marketing = await Call(options, new DateTimeOffset(2026, 11, 24, 11, 0, 0, Shanghai), purpose: CallPurpose.Marketing);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, Shanghai), marketing.NotBefore);
    }

    [Fact]
    public async Task Destinations_in_a_region_without_a_zone_are_not_judged()
        => Assert.True((await Call(new CallingHoursOptions(), new DateTimeOffset(2026, 11, 23, 3, 0, 0, Shanghai), TestNumbers.UsCallerId2)).IsAllowed);

    [Fact]
    public void Bad_windows_zones_and_dates_fail_validation_naming_every_key()
    {
        var errors = new ChinaDialComplianceOptions
        {
            CallingHours = { Start = TimeSpan.FromHours(22), TimeZone = "Mars/Olympus", RestrictedDates = ["1 Oct"], CountryTimeZones = { ["XX"] = "Asia/Tokyo" } },
        }.Validate();

        Assert.Contains(errors, e => e.Contains("CallingHours: Start", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("CallingHours:TimeZone", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("RestrictedDates:0", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'XX'", StringComparison.Ordinal));
    }

    [Theory]
    // Lord Howe Island leaves daylight saving on 2026-04-05 at 02:00 (+11:00), back to 01:30 (+10:30): 01:30-02:00 happens twice.
    [InlineData("2026-04-04T04:55:31Z", "2026-04-05T01:30:00+11:00")] // Saturday 15:55: the first 01:30 is the opening
    [InlineData("2026-04-04T15:05:00Z", "2026-04-05T01:40:00+10:30")] // the second 01:35: the first 01:40 is past
    public async Task Where_the_clocks_go_back_the_retry_is_the_first_instant_of_the_opening_still_to_come(string at, string expected)
    {
        var options = new CallingHoursOptions
        {
            Start = at.StartsWith("2026-04-04T04", StringComparison.Ordinal) ? TimeSpan.FromMinutes(90) : TimeSpan.FromMinutes(100),
            End = TimeSpan.FromHours(13),
            Days = [DayOfWeek.Saturday, DayOfWeek.Sunday],
            CountryTimeZones = { ["US"] = "Australia/Lord_Howe" },
        };

        var decision = await Call(options, DateTimeOffset.Parse(at, CultureInfo.InvariantCulture), TestNumbers.UsCallerId2);

        Assert.Equal(CallVerdict.Defer, decision.Verdict);
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), decision.NotBefore);
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture).Offset, decision.NotBefore!.Value.Offset);
    }

    [Fact]
    public async Task A_window_the_spring_forward_gap_swallows_opens_on_its_next_day()
    {
        // New York skips 02:00-03:00 on Sunday 2027-03-14: a 02:00-02:30 window does not happen that day.
        var options = new CallingHoursOptions
        {
            Start = TimeSpan.FromHours(2),
            End = TimeSpan.FromMinutes(150),
            Days = [DayOfWeek.Saturday, DayOfWeek.Sunday],
            CountryTimeZones = { ["US"] = "America/New_York" },
        };

        var decision = await Call(options, new DateTimeOffset(2027, 3, 13, 12, 32, 43, TimeSpan.Zero), TestNumbers.UsCallerId2);

        Assert.Equal(CallVerdict.Defer, decision.Verdict);
        Assert.Equal(new DateTimeOffset(2027, 3, 20, 2, 0, 0, TimeSpan.FromHours(-4)), decision.NotBefore);
    }

    [Fact]
    public void For_arbitrary_instants_and_zones_the_decision_equals_a_reference_model_and_every_retry_lies_in_an_open_window()
    {
        string[] zones = ["Asia/Shanghai", "America/New_York", "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe", "America/St_Johns"];
        var scenarios =
            from zone in Gen.Elements(zones)
            from minutes in Gen.Choose(0, 2 * 366 * 24 * 60)
            from seconds in Gen.Choose(0, 59)
            from start in Gen.Choose(0, 12 * 4)
            from length in Gen.Choose(1, 12 * 4)
            from weekend in ArbMap.Default.GeneratorFor<bool>()
            select (zone, instant: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(minutes).AddSeconds(seconds), start: TimeSpan.FromMinutes(start * 15), end: TimeSpan.FromMinutes((start + length) * 15), weekend);

        var property = Prop.ForAll(scenarios.ToArbitrary(), scenario =>
        {
            var (zoneId, instant, start, end, weekend) = scenario;
            var days = weekend ? new[] { DayOfWeek.Saturday, DayOfWeek.Sunday } : new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };
            var options = new CallingHoursOptions { Start = start, End = end, Days = days, CountryTimeZones = { ["US"] = zoneId } };
            var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            bool Open(DateTimeOffset at)
            {
                var local = TimeZoneInfo.ConvertTime(at, zone).DateTime;
                return days.Contains(local.DayOfWeek) && local.TimeOfDay >= start && local.TimeOfDay < end;
            }

            var decision = Call(options, instant, TestNumbers.UsCallerId2).GetAwaiter().GetResult();
            if (Open(instant))
            {
                return decision.IsAllowed.Label("open instant allowed");
            }

            return (decision.Verdict == CallVerdict.Defer && decision.NotBefore is { } next && next > instant && Open(next)
                && !Open(next.AddMinutes(-1)) && next - instant <= TimeSpan.FromDays(8)).Label($"{zoneId} {instant:O} -> {decision.NotBefore:O}");
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(10_000), property);
    }
}
