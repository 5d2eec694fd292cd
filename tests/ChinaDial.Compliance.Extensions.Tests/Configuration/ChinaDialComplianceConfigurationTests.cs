using FsCheck;
using FsCheck.Xunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static ChinaDial.Compliance.Extensions.Tests.Configuration.ConfigurationRuns;

namespace ChinaDial.Compliance.Extensions.Tests.Configuration;

/// <summary>The public binding without DI is exactly as strict as <c>AddChinaDialCompliance(configuration)</c>, and the
/// adapter registration seam accepts only the adapter it belongs to.</summary>
public class ChinaDialComplianceConfigurationTests
{
    private static IReadOnlyList<string> BindFailures(string json)
        => [.. Assert.Throws<OptionsValidationException>(() => ChinaDialComplianceConfiguration.Bind(Json(json))).Failures];

    public static TheoryData<string> Refused => new()
    {
        // A misspelt key, at the top and deep down.
        """{ "ChinaDialCompliance": { "CallerIdRat": { "Limit": 5 } } }""",
        """{ "ChinaDialCompliance": { "DestinationFrequency": { "PerDestination": [ { "Limit": 3, "Windw": "1.00:00:00" } ] } } }""",
        // A wrong shape.
        """{ "ChinaDialCompliance": { "CallerIds": { "Approved": { "first": "+12065550100" } } } }""",
        """{ "ChinaDialCompliance": "on" }""",
        // A value that does not parse, and values out of range.
        """{ "ChinaDialCompliance": { "CallerIdRate": { "Limit": "5.0" } } }""",
        """{ "ChinaDialCompliance": { "CallerIdRate": { "Limit": 0, "Burst": 7 } } }""",
        """{ "ChinaDialCompliance": { "CallingHours": { "TimeZone": "Mars/Olympus", "Days": [ "Funday" ] } } }""",
        // A caller ID that can never be one, a short pepper.
        """{ "ChinaDialCompliance": { "CallerIds": { "Approved": [ "+80012345678" ] }, "Audit": { "Pepper": "short" } } }""",
        // A policy mode naming no policy.
        """{ "ChinaDialCompliance": { "Evaluator": { "PolicyModes": { "caller-id-rat": "Observe" } } } }""",
        // An adapter's section, the adapter not registered.
        """{ "ChinaDialCompliance": { "Redis": { "Configuration": "localhost:6379" } } }""",
        // A near miss of the section's name.
        """{ "ChinaDialComplience": { "CallerIdRate": { "Limit": 5 } } }""",
        // Everything at once.
        """
        { "ChinaDialCompliance": {
            "CallerIdRate": { "Limit": 0, "Windw": "00:01:00" },
            "CallingHours": { "TimeZone": "Mars/Olympus" },
            "Consent": { "RequiredFor": "Marketing" },
            "Redis": { "KeySecret": "0123456789abcdef" },
            "Evaluator": { "PolicyModes": { "nothing": "Observe" } } } }
        """,
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Bind_refuses_what_start_up_refuses_with_the_same_errors_in_the_same_order(string json)
    {
        var startUp = StartUpFailures(json);

        Assert.NotEmpty(startUp);
        Assert.Equal(startUp, BindFailures(json));
    }

    [Fact]
    public void Bind_reports_every_problem_in_one_exception_as_start_up_does()
    {
        const string Json = """{ "ChinaDialCompliance": { "CallerIdRate": { "Limit": 0, "Windw": "00:01:00" }, "Audit": { "Peper": "x" } } }""";
        var error = Assert.Throws<OptionsValidationException>(() => ChinaDialComplianceConfiguration.Bind(ConfigurationRuns.Json(Json)));

        Assert.Equal(typeof(ChinaDialComplianceOptions), error.OptionsType);
        Assert.Equal(Options.DefaultName, error.OptionsName);
        Assert.Contains("ChinaDialCompliance:CallerIdRate:Windw is not an option; did you mean Window?", error.Failures);
        Assert.Contains("ChinaDialCompliance:Audit:Peper is not an option; did you mean Pepper?", error.Failures);
        Assert.True(error.Failures.Count() >= 3, string.Join(Environment.NewLine, error.Failures));
    }

    [Fact]
    public void Bind_of_the_section_itself_is_as_strict_as_of_the_root()
    {
        const string Json = """{ "ChinaDialCompliance": { "CallerIdRat": { "Limit": 5 }, "Redis": { "Configuration": "localhost:6379" } } }""";
        var section = ConfigurationRuns.Json(Json).GetSection(ChinaDialComplianceOptions.SectionName);

        var failures = Assert.Throws<OptionsValidationException>(() => ChinaDialComplianceConfiguration.Bind(section)).Failures;

        Assert.Equal(StartUpFailures(Json), failures);
    }

    [Fact]
    public void Bind_returns_the_options_start_up_binds()
    {
        const string Json = """
            { "ChinaDialCompliance": {
                "CallerIds": { "Approved": [ "+12065550100" ] },
                "CallerIdRate": { "Limit": 4, "Window": "00:02:00" },
                "CallingHours": { "TimeZone": "Asia/Shanghai", "Start": "10:00" },
                "Evaluator": { "PolicyModes": { "calling-hours": "Observe" } } } }
            """;

        var bound = ChinaDialComplianceConfiguration.Bind(ConfigurationRuns.Json(Json));
        var startUp = StartUp(Json);

        Assert.Equal(startUp.CallerIds.Approved, bound.CallerIds.Approved);
        Assert.Equal(startUp.CallerIdRate.Limit, bound.CallerIdRate.Limit);
        Assert.Equal(TimeSpan.FromMinutes(2), bound.CallerIdRate.Window);
        Assert.Equal(startUp.CallingHours.Start, bound.CallingHours.Start);
        Assert.Equal(startUp.Evaluator.PolicyModes, bound.Evaluator.PolicyModes);
        Assert.Empty(bound.Validate());
    }

    [Property(MaxTest = 300)]
    public void A_misspelt_option_key_gives_the_same_errors_through_bind_and_at_start_up(NonNegativeInt pick, NonNegativeInt at)
    {
        string[] keys = ["CallerIds", "CallerIdRate", "CallingHours", "Consent", "DestinationFrequency", "Concurrency", "Audit", "Evaluator", "Retention", "ClickToDial"];
        var key = keys[pick.Get % keys.Length];
        var misspelt = key.Remove(at.Get % key.Length, 1);
        var json = $$"""{ "ChinaDialCompliance": { "{{misspelt}}": { "Enabled": true } } }""";

        Assert.Equal(StartUpFailures(json), BindFailures(json));
    }

    [Fact]
    public void The_offline_bind_checks_an_adapter_section_for_typos_then_reports_it_as_not_used()
    {
        var notices = new List<string>();
        var options = ChinaDialComplianceConfiguration.Bind(
            Json("""{ "ChinaDialCompliance": { "Redis": { "Configuration": "redis:6379", "KeySecret": "0123456789abcdef" } } }"""),
            "replayed in memory",
            notices);

        Assert.NotNull(options);
        Assert.Equal(["ChinaDialCompliance:Redis is not used: replayed in memory"], notices);

        notices.Clear();
        var typo = Assert.Throws<OptionsValidationException>(() => ChinaDialComplianceConfiguration.Bind(
            Json("""{ "ChinaDialCompliance": { "Redis": { "KeySecrets": "0123456789abcdef" } } }"""), "replayed in memory", notices));
        Assert.Equal(["ChinaDialCompliance:Redis:KeySecrets is not an option; did you mean KeySecret?"], typo.Failures);
        Assert.Empty(notices);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void The_offline_bind_is_as_strict_as_start_up_about_everything_but_an_adapter_section(string json)
    {
        var startUp = StartUpFailures(json).Where(f => !f.StartsWith("ChinaDialCompliance:Redis ", StringComparison.Ordinal)).ToList();
        var notices = new List<string>();

        if (startUp.Count == 0)
        {
            ChinaDialComplianceConfiguration.Bind(Json(json), "offline", notices);
            Assert.Equal(["ChinaDialCompliance:Redis is not used: offline"], notices);
            return;
        }

        var error = Assert.Throws<OptionsValidationException>(() => ChinaDialComplianceConfiguration.Bind(Json(json), "offline", notices));
        Assert.Equal(startUp, error.Failures);
    }

    [Fact]
    public void The_offline_bind_needs_a_reason_and_a_place_for_its_notices()
    {
        var configuration = Json("""{ "ChinaDialCompliance": {} }""");

        Assert.Throws<ArgumentNullException>(() => ChinaDialComplianceConfiguration.Bind(null!));
        Assert.Throws<ArgumentException>(() => ChinaDialComplianceConfiguration.Bind(configuration, " ", new List<string>()));
        Assert.Throws<ArgumentNullException>(() => ChinaDialComplianceConfiguration.Bind(configuration, "offline", null!));
    }

    [Fact]
    public void Registering_a_section_that_is_no_known_adapters_is_refused()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentException>(() => ChinaDialComplianceConfiguration.RegisterAdapterSection<LookAlikeRedisOptions>(services, "CallerIdRate"));
        Assert.Throws<ArgumentException>(() => ChinaDialComplianceConfiguration.RegisterAdapterSection<LookAlikeRedisOptions>(services, "Kafka"));
        Assert.Empty(services);
    }

    [Fact]
    public void Registering_the_redis_section_with_other_options_than_the_adapters_is_refused_so_the_section_stays_refused()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentException>(() => ChinaDialComplianceConfiguration.RegisterAdapterSection<LookAlikeRedisOptions>(services, "Redis"));

        Assert.Equal(
            ["ChinaDialCompliance:Redis configures the Redis adapter (ChinaDial.Compliance.Redis), which is not registered: without it every dialer node keeps its own limits, consents and callbacks. Register it (services.AddChinaDialComplianceRedis(configuration)) or remove the section."],
            StartUpFailures("""{ "ChinaDialCompliance": { "Redis": { "Configuration": "localhost:6379" } } }""", s => Assert.ThrowsAny<ArgumentException>(() => ChinaDialComplianceConfiguration.RegisterAdapterSection<LookAlikeRedisOptions>(s, "Redis"))));
    }

    [Fact]
    public void Registering_the_redis_adapters_section_makes_start_up_check_it_against_its_options_once()
    {
        var services = new ServiceCollection();
        ChinaDialComplianceConfiguration.RegisterAdapterSection<global::ChinaDial.Compliance.Redis.RedisComplianceOptions>(services, "redis");
        ChinaDialComplianceConfiguration.RegisterAdapterSection<global::ChinaDial.Compliance.Redis.RedisComplianceOptions>(services, "Redis");

        Assert.Single(services);
        Assert.Equal(
            ["ChinaDialCompliance:Redis:KeySecrets is not an option; did you mean KeySecret?"],
            StartUpFailures(
                """{ "ChinaDialCompliance": { "Redis": { "KeySecrets": "0123456789abcdef" } } }""",
                s => ChinaDialComplianceConfiguration.RegisterAdapterSection<global::ChinaDial.Compliance.Redis.RedisComplianceOptions>(s, "Redis")));
    }

    [Fact]
    public void The_readmes_bind_without_dependency_injection_is_this_compiled_code()
    {
        const string Snippet = """
            var options = ChinaDialComplianceConfiguration.Bind(configuration.GetSection("ChinaDialCompliance"));
            using var evaluator = options.CreateEvaluator();
            """;
        var configuration = Json("""{ "ChinaDialCompliance": { "CallerIds": { "Approved": [ "+12065550100" ] } } }""");

        // The snippet, compiled:
        var options = ChinaDialComplianceConfiguration.Bind(configuration.GetSection("ChinaDialCompliance"));
        using var evaluator = options.CreateEvaluator();

        Assert.Equal(["+12065550100"], options.CallerIds.Approved);
        Assert.Contains("```csharp\n" + Snippet + "\n```", File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md")), StringComparison.Ordinal);
    }

    /// <summary>Options shaped like the Redis adapter's, but not the adapter's.</summary>
    private sealed class LookAlikeRedisOptions
    {
        public string? Configuration { get; set; }

        public string? KeySecret { get; set; }
    }
}
