namespace ChinaDial.Compliance.Tests;

/// <summary>Every bound of the README's key table, at the bound (accepted) and one step past it (refused, naming the
/// option's full path).</summary>
public class OptionBoundsTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);
    private static readonly TimeSpan Year = TimeSpan.FromDays(366);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>(name, the value at the bound, the value past it, the path of the error).</summary>
    public static TheoryData<string, Action<ChinaDialComplianceOptions>, Action<ChinaDialComplianceOptions>, string> Bounds => new()
    {
        { "rate window, longest", o => o.CallerIdRate.Window = Year, o => o.CallerIdRate.Window = Year + Tick, "ChinaDialCompliance:CallerIdRate:Window " },
        { "rate window, shortest", o => o.CallerIdRate.Window = Tick, o => o.CallerIdRate.Window = TimeSpan.Zero, "ChinaDialCompliance:CallerIdRate:Window " },
        { "sliding-log limit", o => o.CallerIdRate.Limit = 255, o => o.CallerIdRate.Limit = 256, "ChinaDialCompliance:CallerIdRate:Limit " },
        { "paced limit", o => (o.CallerIdRate.Algorithm, o.CallerIdRate.Limit) = (CallerIdRateAlgorithm.Paced, 10_000), o => (o.CallerIdRate.Algorithm, o.CallerIdRate.Limit) = (CallerIdRateAlgorithm.Paced, 10_001), "ChinaDialCompliance:CallerIdRate:Limit " },
        { "paced burst", o => (o.CallerIdRate.Algorithm, o.CallerIdRate.Burst) = (CallerIdRateAlgorithm.Paced, 5), o => (o.CallerIdRate.Algorithm, o.CallerIdRate.Burst) = (CallerIdRateAlgorithm.Paced, 6), "ChinaDialCompliance:CallerIdRate:Burst " },
        { "algorithm", o => o.CallerIdRate.Algorithm = CallerIdRateAlgorithm.Paced, o => o.CallerIdRate.Algorithm = (CallerIdRateAlgorithm)2, "ChinaDialCompliance:CallerIdRate:Algorithm " },
        { "frequency window", o => o.DestinationFrequency.PerDestination[0].Window = Year, o => o.DestinationFrequency.PerDestination[0].Window = TimeSpan.MaxValue, "ChinaDialCompliance:DestinationFrequency:PerDestination:0:Window " },
        { "frequency limit", o => o.DestinationFrequency.PerCallerIdAndDestination[0].Limit = 255, o => o.DestinationFrequency.PerCallerIdAndDestination[0].Limit = 256, "ChinaDialCompliance:DestinationFrequency:PerCallerIdAndDestination:0:Limit " },
        { "frequency caps", o => o.DestinationFrequency.PerDestination = [.. Enumerable.Range(1, 4).Select(n => new FrequencyCap(n, Day))], o => o.DestinationFrequency.PerDestination = [.. Enumerable.Range(1, 5).Select(n => new FrequencyCap(n, Day))], "ChinaDialCompliance:DestinationFrequency:PerDestination " },
        { "frequency cap missing", o => o.DestinationFrequency.PerDestination = [], o => o.DestinationFrequency.PerDestination = [null!], "ChinaDialCompliance:DestinationFrequency:PerDestination:0 " },
        { "concurrency", o => o.Concurrency.MaxCallsInProgress = 255, o => o.Concurrency.MaxCallsInProgress = 256, "ChinaDialCompliance:Concurrency:MaxCallsInProgress " },
        { "short call", o => o.CallerIdHealth.ShortCallThreshold = TimeSpan.FromHours(1), o => o.CallerIdHealth.ShortCallThreshold = TimeSpan.FromHours(1) + Tick, "ChinaDialCompliance:CallerIdHealth:ShortCallThreshold " },
        { "very short call", o => o.CallerIdHealth.VeryShortCallThreshold = o.CallerIdHealth.ShortCallThreshold, o => o.CallerIdHealth.VeryShortCallThreshold = o.CallerIdHealth.ShortCallThreshold + Tick, "ChinaDialCompliance:CallerIdHealth:VeryShortCallThreshold " },
        { "very short call, shortest", o => o.CallerIdHealth.VeryShortCallThreshold = Tick, o => o.CallerIdHealth.VeryShortCallThreshold = TimeSpan.Zero, "ChinaDialCompliance:CallerIdHealth:VeryShortCallThreshold " },
        { "answer rate against the fleet", o => o.CallerIdHealth.AnswerRateToFleet = new(1, 0), o => o.CallerIdHealth.AnswerRateToFleet = new(0.5, 0.6), "ChinaDialCompliance:CallerIdHealth:AnswerRateToFleet " },
        { "very short ratio", o => o.CallerIdHealth.VeryShortCallRatio = new(0.1, 1), o => o.CallerIdHealth.VeryShortCallRatio = new(0, 1), "ChinaDialCompliance:CallerIdHealth:VeryShortCallRatio " },
        { "paced exposure", o => o.CallerIdHealth.CallerIdsPerCalleePerDay = new(256, 1_000_000), o => o.CallerIdHealth.CallerIdsPerCalleePerDay = new(256.5, 1_000_000), "ChinaDialCompliance:CallerIdHealth:CallerIdsPerCalleePerDay:Warning " },
        { "paced exposure, lowest", o => o.CallerIdHealth.CallerIdsPerCalleePerDay = new(1.5, 5), o => o.CallerIdHealth.CallerIdsPerCalleePerDay = new(1, 5), "ChinaDialCompliance:CallerIdHealth:CallerIdsPerCalleePerDay:Warning " },
        { "unpaced exposure", o => (o.CallerIdPacing.Enabled, o.CallerIdHealth.CallerIdsPerCalleePerDay) = (false, new(1, 1_000_000)), o => (o.CallerIdPacing.Enabled, o.CallerIdHealth.CallerIdsPerCalleePerDay) = (false, new(1, 1_000_001)), "ChinaDialCompliance:CallerIdHealth:CallerIdsPerCalleePerDay " },
        { "paced volume", o => o.CallerIdHealth.VolumeToFleetAverage = new(1.0000001, 3), o => o.CallerIdHealth.VolumeToFleetAverage = new(1, 3), "ChinaDialCompliance:CallerIdHealth:VolumeToFleetAverage:Warning " },
        { "paced fan-out", o => o.CallerIdHealth.DistinctCalleesPerHour = new(1.001, 250), o => o.CallerIdHealth.DistinctCalleesPerHour = new(1.0005, 250), "ChinaDialCompliance:CallerIdHealth:DistinctCalleesPerHour:Warning " },
        { "paced fan-out, highest", o => o.CallerIdHealth.DistinctCalleesPerHour = new(1_000, 2_000), o => o.CallerIdHealth.DistinctCalleesPerHour = new(1_000.5, 2_000), "ChinaDialCompliance:CallerIdHealth:DistinctCalleesPerHour:Warning " },
        { "health window", o => o.CallerIdHealth.Window = TimeSpan.FromDays(7), o => o.CallerIdHealth.Window = TimeSpan.FromDays(7) + Tick, "ChinaDialCompliance:CallerIdHealth:Window " },
        { "minimum calls", o => o.CallerIdHealth.MinimumCalls = 1_000_000, o => o.CallerIdHealth.MinimumCalls = 1_000_001, "ChinaDialCompliance:CallerIdHealth:MinimumCalls " },
        { "cool-down", o => o.CallerIdHealth.QuarantineCoolDown = Year, o => o.CallerIdHealth.QuarantineCoolDown = Year + Tick, "ChinaDialCompliance:CallerIdHealth:QuarantineCoolDown " },
        { "answer rate", o => o.CallerIdHealth.AnswerRate = new(1, 0), o => o.CallerIdHealth.AnswerRate = new(1.0000001, 0), "ChinaDialCompliance:CallerIdHealth:AnswerRate " },
        { "ratio", o => o.CallerIdHealth.RepeatedCallRatio = new(0.5, 1), o => o.CallerIdHealth.RepeatedCallRatio = new(0.5, 1.0000001), "ChinaDialCompliance:CallerIdHealth:RepeatedCallRatio " },
        { "count", o => o.CallerIdHealth.DistinctCalleesPerHour = new(3, 1_000_000), o => o.CallerIdHealth.DistinctCalleesPerHour = new(3, 1_000_001), "ChinaDialCompliance:CallerIdHealth:DistinctCalleesPerHour " },
        { "warning first", o => o.CallerIdHealth.VolumeToFleetAverage = new(3, 3), o => o.CallerIdHealth.VolumeToFleetAverage = new(3.1, 3), "ChinaDialCompliance:CallerIdHealth:VolumeToFleetAverage " },
        { "NaN level", o => o.CallerIdHealth.ShortCallRatio = new(0.5, 0.7), o => o.CallerIdHealth.ShortCallRatio = new(double.NaN, 0.7), "ChinaDialCompliance:CallerIdHealth:ShortCallRatio:Warning " },
        { "end of day", o => o.CallingHours.End = Day, o => o.CallingHours.End = Day + Tick, "ChinaDialCompliance:CallingHours:End " },
        { "start of day", o => o.CallingHours.Start = TimeSpan.Zero, o => o.CallingHours.Start = -Tick, "ChinaDialCompliance:CallingHours:Start " },
        { "stop before end", o => o.CallingHours.StopBeforeEnd = TimeSpan.FromHours(12) - Tick, o => o.CallingHours.StopBeforeEnd = TimeSpan.FromHours(12), "ChinaDialCompliance:CallingHours: Start " },
        { "stop swallowing a purpose window", o => Purpose(o, 10, 11, TimeSpan.FromMinutes(59)), o => Purpose(o, 10, 11, TimeSpan.FromHours(1)), "ChinaDialCompliance:CallingHours:Purposes:Marketing: Start " },
        { "day of the week", o => o.CallingHours.Days = [DayOfWeek.Saturday], o => o.CallingHours.Days = [(DayOfWeek)7], "ChinaDialCompliance:CallingHours:Days:0 " },
        { "a day twice", o => o.CallingHours.Days = [DayOfWeek.Monday, DayOfWeek.Tuesday], o => o.CallingHours.Days = [DayOfWeek.Monday, DayOfWeek.Monday], "ChinaDialCompliance:CallingHours:Days:1 " },
        { "no day", o => o.CallingHours.Purposes[CallPurpose.Service] = new() { Days = [DayOfWeek.Sunday] }, o => o.CallingHours.Purposes[CallPurpose.Service] = new() { Days = [] }, "ChinaDialCompliance:CallingHours:Purposes:Service:Days " },
        { "IANA zone", o => o.CallingHours.TimeZone = "Asia/Shanghai", o => o.CallingHours.TimeZone = "China Standard Time", "ChinaDialCompliance:CallingHours:TimeZone " },
        { "CN's zone", o => o.CallingHours.CountryTimeZones["HK"] = "Asia/Hong_Kong", o => o.CallingHours.CountryTimeZones["CN"] = "Asia/Urumqi", "ChinaDialCompliance:CallingHours:CountryTimeZones:CN" },
        { "restricted date", o => o.CallingHours.RestrictedDates = ["2026-02-28"], o => o.CallingHours.RestrictedDates = ["2026-02-29"], "ChinaDialCompliance:CallingHours:RestrictedDates:0 " },
        { "approved destinations", o => Approve(o, ["CN"]), o => Approve(o, []), "ChinaDialCompliance:CallerIds:ApprovedDestinations:+12065550100 " },
        { "connect instance", o => Approve(o, null, "a"), o => Approve(o, null, "a", "b"), "ChinaDialCompliance:CallerIds:ConnectInstances:b:0 " },
        { "click-to-dial window", o => o.ClickToDial.Window = Day, o => o.ClickToDial.Window = Day + Tick, "ChinaDialCompliance:ClickToDial:Window " },
        { "callback lifetime", o => o.ClickToDial.PendingCallbackLifetime = Day, o => o.ClickToDial.PendingCallbackLifetime = TimeSpan.Zero, "ChinaDialCompliance:ClickToDial:PendingCallbackLifetime " },
        { "click-to-dial limit", o => o.ClickToDial.PerWideNetworkLimit = 255, o => o.ClickToDial.PerWideNetworkLimit = 256, "ChinaDialCompliance:ClickToDial:PerWideNetworkLimit " },
        { "click-to-dial kinds", o => o.ClickToDial.Destinations.AllowedKinds = [PhoneNumberKind.Mobile], o => o.ClickToDial.Destinations.AllowedKinds = [(PhoneNumberKind)99], "ChinaDialCompliance:ClickToDial:Destinations:AllowedKinds:0 " },
        { "consent purpose", o => o.Consent.RequiredFor = [CallPurpose.Callback], o => o.Consent.RequiredFor = [(CallPurpose)3], "ChinaDialCompliance:Consent:RequiredFor:0 " },
        { "pepper", o => o.Audit.Pepper = new string('p', 16), o => o.Audit.Pepper = new string('p', 15), "ChinaDialCompliance:Audit:Pepper " },
    };

    [Theory]
    [MemberData(nameof(Bounds))]
    public void An_option_at_its_bound_is_accepted_and_one_step_past_it_is_refused_naming_its_path(string bound, Action<ChinaDialComplianceOptions> at, Action<ChinaDialComplianceOptions> past, string path)
    {
        var atBound = new ChinaDialComplianceOptions();
        at(atBound);
        Assert.True(atBound.Validate() is [], $"{bound}: {string.Join(" | ", atBound.Validate())}");

        var pastBound = new ChinaDialComplianceOptions();
        past(pastBound);
        var error = Assert.Single(pastBound.Validate());
        Assert.StartsWith(path, error, StringComparison.Ordinal);
    }

    private static void Purpose(ChinaDialComplianceOptions options, int start, int end, TimeSpan stop)
    {
        options.CallingHours.StopBeforeEnd = stop;
        options.CallingHours.Purposes[CallPurpose.Marketing] = new() { Start = TimeSpan.FromHours(start), End = TimeSpan.FromHours(end) };
    }

    private static void Approve(ChinaDialComplianceOptions options, IList<string>? regions, params string[] instances)
    {
        options.CallerIds.Approved = [TestNumbers.UsCallerId];
        if (regions is not null)
        {
            options.CallerIds.ApprovedDestinations[TestNumbers.UsCallerId] = regions;
        }

        foreach (var instance in instances)
        {
            options.CallerIds.ConnectInstances[instance] = [TestNumbers.UsCallerId];
        }
    }
}
