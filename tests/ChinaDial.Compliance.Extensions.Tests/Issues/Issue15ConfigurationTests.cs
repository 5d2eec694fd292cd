using ChinaDial.Compliance.Cli.Input;
using ChinaDial.Compliance.Extensions.Tests.Configuration;

namespace ChinaDial.Compliance.Extensions.Tests.Issues;

/// <summary>
/// Issue 15, "Configuration silently ignored" and the option bullets of "Exceptions instead of decisions or validation
/// errors": one test per reported behaviour, each through <c>AddChinaDialCompliance(configuration)</c> at start-up and the
/// CLI's policy loader (and options set in code where the issue names them). Every test fails on main at ecbfd55.
/// </summary>
public class Issue15ConfigurationTests
{
    [Theory]
    [InlineData("""{ "CallingHours": { "Days": [ 7 ] } }""", "ChinaDialCompliance:CallingHours:Days:0")]
    [InlineData("""{ "CallingHours": { "Days": [ "Monday", -1 ] } }""", "ChinaDialCompliance:CallingHours:Days:1")]
    [InlineData("""{ "CallingHours": { "Purposes": { "Marketing": { "Days": [ 7 ] } } } }""", "ChinaDialCompliance:CallingHours:Purposes:Marketing:Days:0")]
    [InlineData("""{ "CallingHours": { "Purposes": { "Service": { "Days": [ -1 ] } } } }""", "ChinaDialCompliance:CallingHours:Purposes:Service:Days:0")]
    public void Calling_days_outside_0_to_6_are_refused_at_start_up_and_by_the_policy_loader_instead_of_crashing_the_evaluator(string section, string path)
    {
        ConfigurationRuns.AssertRefused($$"""{ "ChinaDialCompliance": {{section}} }""", path);

        // Set in code: a validation error naming the day, never an IndexOutOfRangeException from building the evaluator.
        foreach (var day in new[] { (DayOfWeek)7, (DayOfWeek)(-1) })
        {
            var options = new ChinaDialComplianceOptions();
            options.CallingHours.Days = [DayOfWeek.Monday, day];
            options.CallingHours.Purposes[CallPurpose.Marketing] = new CallingWindowOptions { Days = [day] };
            var errors = options.Validate();
            Assert.Contains(errors, e => e.StartsWith("ChinaDialCompliance:CallingHours:Days:1 ", StringComparison.Ordinal));
            Assert.Contains(errors, e => e.StartsWith("ChinaDialCompliance:CallingHours:Purposes:Marketing:Days:0 ", StringComparison.Ordinal));
            Assert.Throws<ChinaDialComplianceOptionsException>(() => options.CreateEvaluator());
        }
    }

    [Theory]
    [InlineData("""{ "CallerIdRate": { "Limit": 1, "Window": "10675199.02:48:05.4775807" } }""", "ChinaDialCompliance:CallerIdRate:Window")]
    [InlineData("""{ "DestinationFrequency": { "PerDestination": [ { "Limit": 1, "Window": "10675199.02:48:05.4775807" } ] } }""", "ChinaDialCompliance:DestinationFrequency:PerDestination:0:Window")]
    public void A_rate_window_of_TimeSpan_MaxValue_is_refused(string section, string path)
    {
        ConfigurationRuns.AssertRefused($$"""{ "ChinaDialCompliance": {{section}} }""", path);

        var options = new ChinaDialComplianceOptions { CallerIdRate = { Limit = 1, Window = TimeSpan.MaxValue } };
        Assert.Contains(options.Validate(), e => e.StartsWith("ChinaDialCompliance:CallerIdRate:Window ", StringComparison.Ordinal));
        Assert.Throws<ChinaDialComplianceOptionsException>(() => options.CreateEvaluator());
    }

    [Fact]
    public void The_six_caller_id_health_thresholds_bind_at_start_up_and_in_the_policy_loader()
    {
        const string Json = """
            { "ChinaDialCompliance": { "CallerIdHealth": {
                "AnswerRate": { "Warning": 0.9, "Critical": 0.8 },
                "ShortCallRatio": { "Warning": 0.4, "Critical": 0.6 },
                "DistinctCalleesPerHour": { "Warning": 100, "Critical": 200 },
                "VolumeToFleetAverage": { "Warning": 1.5, "Critical": 2.5 },
                "RepeatedCallRatio": { "Warning": 0.2, "Critical": 0.4 },
                "CallerIdsPerCalleePerDay": { "Warning": 2, "Critical": 4 } } } }
            """;
        using var file = new Cli.Tests.TempFile(Json, ".json");

        foreach (var health in new[] { ConfigurationRuns.StartUp(Json).CallerIdHealth, PolicyFile.Load(file.Path).CallerIdHealth })
        {
            Assert.Equal(new HealthThresholds(0.9, 0.8), health.AnswerRate);
            Assert.Equal(new HealthThresholds(0.4, 0.6), health.ShortCallRatio);
            Assert.Equal(new HealthThresholds(100, 200), health.DistinctCalleesPerHour);
            Assert.Equal(new HealthThresholds(1.5, 2.5), health.VolumeToFleetAverage);
            Assert.Equal(new HealthThresholds(0.2, 0.4), health.RepeatedCallRatio);
            Assert.Equal(new HealthThresholds(2, 4), health.CallerIdsPerCalleePerDay);
        }
    }

    [Theory]
    [InlineData("""{ "AnswerRate": { "Warning": 0.1, "Critical": 0.3 } }""", "ChinaDialCompliance:CallerIdHealth:AnswerRate")]
    [InlineData("""{ "ShortCallRatio": { "Warning": 0.8, "Critical": 0.5 } }""", "ChinaDialCompliance:CallerIdHealth:ShortCallRatio")]
    [InlineData("""{ "RepeatedCallRatio": { "Warning": "NaN", "Critical": 0.5 } }""", "ChinaDialCompliance:CallerIdHealth:RepeatedCallRatio:Warning")]
    [InlineData("""{ "DistinctCalleesPerHour": { "Warning": 150, "Critical": "Infinity" } }""", "ChinaDialCompliance:CallerIdHealth:DistinctCalleesPerHour:Critical")]
    public void Inverted_or_NaN_health_thresholds_are_refused(string section, string path)
    {
        ConfigurationRuns.AssertRefused($$"""{ "ChinaDialCompliance": { "CallerIdHealth": {{section}} } }""", path);

        // Set in code: an infinite or out-of-range level is refused too.
        var options = new ChinaDialComplianceOptions();
        options.CallerIdHealth.DistinctCalleesPerHour = new HealthThresholds(150, double.PositiveInfinity);
        options.CallerIdHealth.ShortCallRatio = new HealthThresholds(0.5, 1.5);
        var errors = options.Validate();
        Assert.Contains(errors, e => e.StartsWith("ChinaDialCompliance:CallerIdHealth:DistinctCalleesPerHour:Critical ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ChinaDialCompliance:CallerIdHealth:ShortCallRatio ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "CallerIdRates": { "Limit": 5 } }""", "ChinaDialCompliance:CallerIdRates is not an option; did you mean CallerIdRate?")]
    [InlineData("""{ "CallerIds": { "Aproved": [ "+12065550100" ] } }""", "ChinaDialCompliance:CallerIds:Aproved is not an option; did you mean Approved?")]
    [InlineData("""{ "CallerIdRate": { "Limt": 1 } }""", "ChinaDialCompliance:CallerIdRate:Limt is not an option; did you mean Limit?")]
    public void Misspelt_keys_are_errors_with_a_suggestion(string section, string expected)
        => ConfigurationRuns.AssertRefused($$"""{ "ChinaDialCompliance": {{section}} }""", expected);

    [Fact]
    public void An_unknown_section_is_an_error_listing_the_sections()
        => ConfigurationRuns.AssertRefused(
            """{ "ChinaDialCompliance": { "Telemetry": { "Enabled": true } } }""",
            "ChinaDialCompliance:Telemetry is not an option (the options of ChinaDialCompliance are CallerIds, Destinations, Consent, CallingHours, Audit, CallerIdRate, DestinationFrequency, Concurrency, CallerIdHealth, CallerIdPacing, Evaluator, ClickToDial");

    [Fact]
    public void PolicyModes_naming_no_policy_is_an_error()
        => ConfigurationRuns.AssertRefused(
            """{ "ChinaDialCompliance": { "Evaluator": { "PolicyModes": { "destinaton": "Observe" } } } }""",
            "ChinaDialCompliance:Evaluator:PolicyModes:destinaton names no policy; did you mean destination?");

    [Theory]
    [InlineData("""{ "ChinaDialCompliance": { "CallerIds": { "Approved": "+12065550100" } } }""", "ChinaDialCompliance:CallerIds:Approved must be a list (JSON [...]); it is '+12065550100'")]
    [InlineData("""{ "ChinaDialCompliance": { "CallerIdRate": { "Limit": null } } }""", "ChinaDialCompliance:CallerIdRate:Limit must be a whole number; it is null")]
    [InlineData("""{ "ChinaDialCompliance": { "CallerIds": null } }""", "ChinaDialCompliance:CallerIds is null or an empty object")]
    [InlineData("""{ "ChinaDialCompliance": 5 }""", "ChinaDialCompliance must be an object (JSON {...}) holding the options; it is '5'")]
    public void Wrong_shapes_are_errors_naming_the_path(string json, string expected)
        => ConfigurationRuns.AssertRefused(json, expected);
}
