using ChinaDial.Compliance.Configuration;
using FsCheck;
using FsCheck.Xunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static ChinaDial.Compliance.Extensions.Tests.Configuration.ConfigurationRuns;

namespace ChinaDial.Compliance.Extensions.Tests.Configuration;

public class StrictConfigurationBinderTests
{
    private static List<string> Bind(IConfiguration configuration, ChinaDialComplianceOptions? options = null)
    {
        var errors = new List<string>();
        StrictConfigurationBinder.Bind(configuration, options ?? new ChinaDialComplianceOptions(), errors, AdapterSectionHandling.Check);
        return errors;
    }

    private static IConfiguration Memory(params (string Key, string? Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Theory]
    [InlineData("""{ "CallerIdRate": { "Limit": "5.0" } }""", "ChinaDialCompliance:CallerIdRate:Limit must be a whole number; it is '5.0'.")]
    [InlineData("""{ "CallerIdRate": { "Enabled": "yes" } }""", "ChinaDialCompliance:CallerIdRate:Enabled must be true or false; it is 'yes'.")]
    [InlineData("""{ "CallerIdRate": { "Window": 60 } }""", "ChinaDialCompliance:CallerIdRate:Window must be a duration written [d.]hh:mm[:ss[.fffffff]] (e.g. 00:01:00 for one minute; a bare number would be days); it is '60'.")]
    [InlineData("""{ "CallerIdRate": { "Algorithm": "Paced, SlidingLog" } }""", "ChinaDialCompliance:CallerIdRate:Algorithm must be one of SlidingLog, Paced; it is 'Paced, SlidingLog'.")]
    [InlineData("""{ "CallerIdRate": { "Algorithm": "2" } }""", "ChinaDialCompliance:CallerIdRate:Algorithm must be one of SlidingLog, Paced; it is '2'.")]
    [InlineData("""{ "CallerIdHealth": { "AnswerRate": { "Warning": "high" } } }""", "ChinaDialCompliance:CallerIdHealth:AnswerRate:Warning must be a number; it is 'high'.")]
    [InlineData("""{ "CallerIdHealth": { "AnswerRate": { "Warnign": 0.5 } } }""", "ChinaDialCompliance:CallerIdHealth:AnswerRate:Warnign is not an option; did you mean Warning?")]
    [InlineData("""{ "CallerIdHealth": { "AnswerRate": 0.5 } }""", "ChinaDialCompliance:CallerIdHealth:AnswerRate must be an object (JSON {...}) with Warning and Critical; it is '0.5'.")]
    [InlineData("""{ "Consent": { "RequiredFor": [ "Marketing", "Sales" ] } }""", "ChinaDialCompliance:Consent:RequiredFor:1 must be one of Marketing, Service, Callback; it is 'Sales'.")]
    [InlineData("""{ "CallingHours": { "Purposes": { "Sales": { "Start": "10:00" } } } }""", "ChinaDialCompliance:CallingHours:Purposes:Sales is not a key of ChinaDialCompliance:CallingHours:Purposes: its keys are one of Marketing, Service, Callback.")]
    [InlineData("""{ "CallingHours": { "Start": { "Hour": 9 } } }""", "ChinaDialCompliance:CallingHours:Start must be a duration written [d.]hh:mm[:ss[.fffffff]] (e.g. 00:01:00 for one minute; a bare number would be days); it is an object.")]
    [InlineData("""{ "CallerIds": { "Approved": { "first": "+12065550100" } } }""", "ChinaDialCompliance:CallerIds:Approved must be a list (JSON [...]); it is an object.")]
    [InlineData("""{ "Evaluator": { "PolicyModes": [ "destination" ] } }""", "ChinaDialCompliance:Evaluator:PolicyModes must be an object (JSON {...}) whose keys are policy names; it is a list.")]
    [InlineData("""{ "Evaluator": { "PolicyModes": { "destination": "Off" } } }""", "ChinaDialCompliance:Evaluator:PolicyModes:destination must be one of Enforce, Observe; it is 'Off'.")]
    [InlineData("""{ "ClickToDial": { "Destinations": { "AllowedCountrys": [ "CN" ] } } }""", "ChinaDialCompliance:ClickToDial:Destinations:AllowedCountrys is not an option; did you mean AllowedCountries?")]
    [InlineData("""{ "DestinationFrequency": { "PerDestination": [ { "Limit": 3, "Windw": "1.00:00:00" } ] } }""", "ChinaDialCompliance:DestinationFrequency:PerDestination:0:Windw is not an option; did you mean Window?")]
    [InlineData("""{ "Concurrency": {} }""", "ChinaDialCompliance:Concurrency is null or an empty object: give its options, or remove the key to keep the defaults.")]
    public void A_value_or_shape_the_option_cannot_take_is_one_error_naming_its_path(string section, string expected)
    {
        var errors = Bind(Json($$"""{ "ChinaDialCompliance": {{section}} }"""));

        Assert.Equal([expected], errors);
    }

    [Fact]
    public void Every_binding_and_validation_problem_is_reported_together_at_start_up()
    {
        var failures = StartUpFailures("""
            { "ChinaDialCompliance": {
                "CallerIdRate": { "Limit": 0, "Windw": "00:01:00" },
                "CallingHours": { "TimeZone": "Mars/Olympus", "Days": [ "Funday" ] },
                "Consent": { "RequiredFor": "Marketing" } } }
            """);

        Assert.Equal(
            [
                "ChinaDialCompliance:CallerIdRate:Windw is not an option; did you mean Window?",
                "ChinaDialCompliance:CallingHours:Days:0 must be a day of the week (Sunday, Monday, ..., Saturday, or 0-6 from Sunday); it is 'Funday'.",
                "ChinaDialCompliance:Consent:RequiredFor must be a list (JSON [...]); it is 'Marketing' (write [\"Marketing\"] for a list of one).",
                "ChinaDialCompliance:CallingHours:TimeZone 'Mars/Olympus' is not an IANA time zone id (e.g. Asia/Shanghai).",
                "ChinaDialCompliance:CallerIdRate:Limit must be between 1 and 255 with Algorithm SlidingLog; it is 0.",
            ],
            failures);
    }

    [Fact]
    public void A_configuration_registered_twice_reports_each_problem_once()
    {
        var configuration = Json("""{ "ChinaDialCompliance": { "CallerIdRates": {} } }""");
        using var provider = new ServiceCollection().AddChinaDialCompliance(configuration).AddChinaDialCompliance(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["ChinaDialCompliance:CallerIdRates is not an option; did you mean CallerIdRate?"], error.Failures);
    }

    [Fact]
    public void An_empty_list_empties_a_list_with_a_default_and_null_does_not()
    {
        var options = StartUp("""{ "ChinaDialCompliance": { "CallerIds": { "ProhibitedRegions": [] }, "Consent": { "RequiredFor": [] } } }""");
        Assert.Empty(options.CallerIds.ProhibitedRegions);
        Assert.Empty(options.Consent.RequiredFor);

        Assert.Equal(
            ["ChinaDialCompliance:CallerIds:ProhibitedRegions must be a list (JSON [...]); it is null (or an empty object)."],
            StartUpFailures("""{ "ChinaDialCompliance": { "CallerIds": { "ProhibitedRegions": null } } }"""));
    }

    [Fact]
    public void Lists_of_objects_and_maps_given_replace_the_defaults_and_unset_members_keep_theirs()
    {
        var options = StartUp("""
            { "ChinaDialCompliance": {
                "DestinationFrequency": { "PerDestination": [ { "Limit": 1, "Window": "7.00:00:00" }, { "Limit": 2, "Window": "24:00" } ] },
                "CallingHours": { "Purposes": { "marketing": { "Start": "10:00" } }, "CountryTimeZones": { "HK": "Asia/Hong_Kong" } },
                "CallerIdHealth": { "ShortCallRatio": { "Critical": 0.9 } },
                "Evaluator": { "PolicyModes": { "Consent": "Observe" } } } }
            """);

        Assert.Equal([(1, TimeSpan.FromDays(7)), (2, TimeSpan.FromDays(1))], options.DestinationFrequency.PerDestination.Select(c => (c.Limit, c.Window)));
        Assert.Equal(2, options.DestinationFrequency.PerCallerIdAndDestination.Single().Limit);
        var marketing = options.CallingHours.Purposes[CallPurpose.Marketing];
        Assert.Equal((TimeSpan.FromHours(10), TimeSpan.FromHours(21), 7), (marketing.Start, marketing.End, marketing.Days.Count));
        Assert.Equal("Asia/Hong_Kong", options.CallingHours.CountryTimeZones["hk"]);
        Assert.Equal(new HealthThresholds(0.50, 0.9), options.CallerIdHealth.ShortCallRatio);
        Assert.Equal(PolicyMode.Observe, options.Evaluator.PolicyModes["consent"]);
    }

    [Fact]
    public void A_list_whose_indices_have_a_gap_is_an_error()
    {
        var errors = Bind(Memory(("ChinaDialCompliance:CallerIds:Approved:0", TestNumbers.UsCallerId), ("ChinaDialCompliance:CallerIds:Approved:2", TestNumbers.UsCallerId2)));

        Assert.Equal(["ChinaDialCompliance:CallerIds:Approved has elements 0, 2: a list's indices run 0, 1, 2, ... without a gap."], errors);
    }

    [Fact]
    public void A_list_two_configuration_sources_give_with_different_elements_is_an_error()
    {
        // appsettings.json approves three caller IDs, the production file one: .NET keeps elements 1 and 2 of the first.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("ChinaDialCompliance:CallerIds:Approved:0", TestNumbers.UsCallerId), new("ChinaDialCompliance:CallerIds:Approved:1", TestNumbers.UsCallerId2), new("ChinaDialCompliance:CallerIds:Approved:2", "+12065550102")])
            .AddJsonStream(new MemoryStream("""{ "ChinaDialCompliance": { "CallerIds": { "Approved": [ "+12065550103" ] } } }"""u8.ToArray()))
            .Build();
        Assert.Equal(["+12065550103", TestNumbers.UsCallerId2, "+12065550102"], configuration.GetSection("ChinaDialCompliance:CallerIds:Approved").GetChildren().Select(c => c.Value));

        var error = Assert.Single(Bind(configuration));
        Assert.StartsWith("ChinaDialCompliance:CallerIds:Approved is a list given by 2 configuration sources with different elements (3 in MemoryConfigurationProvider; 1 in JsonStreamConfigurationProvider): .NET configuration merges lists element by element", error, StringComparison.Ordinal);

        // The same elements overridden one by one are one list.
        var overridden = new ConfigurationBuilder()
            .AddInMemoryCollection([new("ChinaDialCompliance:CallerIds:Approved:0", TestNumbers.UsCallerId)])
            .AddInMemoryCollection([new("ChinaDialCompliance:CallerIds:Approved:0", TestNumbers.UsCallerId2)])
            .Build();
        Assert.Empty(Bind(overridden));
    }

    [Fact]
    public void A_near_miss_of_the_section_name_at_the_root_is_an_error()
    {
        Assert.Equal(
            ["ChinaDialComplience is not a section ChinaDial.Compliance reads; did you mean ChinaDialCompliance?"],
            StartUpFailures("""{ "ChinaDialComplience": { "CallerIds": { "Approved": [ "+12065550100" ] } }, "Logging": {} }"""));
    }

    [Fact]
    public void Keys_are_matched_whatever_their_case_and_reported_in_the_schema_spelling()
    {
        Assert.Equal(5, StartUp("""{ "chinadialcompliance": { "callerIdRate": { "LIMIT": 5 } } }""").CallerIdRate.Limit);
        Assert.Equal(
            ["ChinaDialCompliance:CallerIdRate:Limit must be a whole number; it is 'five'."],
            Bind(Json("""{ "ChinaDialCompliance": { "callerIdRate": { "LIMIT": "five" } } }""")));
    }

    [Fact]
    public void A_redis_section_without_the_redis_adapter_is_an_error()
    {
        Assert.Equal(
            ["ChinaDialCompliance:Redis configures the Redis adapter (ChinaDial.Compliance.Redis), which is not registered: without it every dialer node keeps its own limits, consents and callbacks. Register it (services.AddChinaDialComplianceRedis(configuration)) or remove the section."],
            StartUpFailures("""{ "ChinaDialCompliance": { "Redis": { "Configuration": "localhost:6379" } } }"""));
    }

    [Fact]
    public void With_the_redis_adapter_its_section_is_checked_against_its_options()
    {
        const string Redis = "\"Configuration\": \"127.0.0.1:1,abortConnect=false\", \"KeySecret\": \"a secret of 16 characters\"";
        var configuration = Json($$"""{ "ChinaDialCompliance": { "Redis": { {{Redis}}, "OperationTimout": "00:00:01", "FailureMode": "Open" } } }""");
        using var provider = new ServiceCollection().AddChinaDialCompliance(configuration).AddChinaDialComplianceRedis(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value);

        Assert.Equal(
            [
                "ChinaDialCompliance:Redis:FailureMode must be one of FailClosed, LocalFallback; it is 'Open'.",
                "ChinaDialCompliance:Redis:OperationTimout is not an option; did you mean OperationTimeout?",
            ],
            error.Failures);

        var valid = Json($$"""{ "ChinaDialCompliance": { "Redis": { {{Redis}}, "OperationTimeout": "00:00:01" } } }""");
        using var ok = new ServiceCollection().AddChinaDialCompliance(valid).AddChinaDialComplianceRedis(valid).BuildServiceProvider();
        ok.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void PolicyModes_may_name_a_policy_registered_in_the_container_and_a_near_miss_of_one_is_suggested()
    {
        static void HouseRule(IServiceCollection services)
            => services.AddSingleton<IOutboundCallPolicy>(new ScriptedPolicy("house-rule", _ => PolicyResult.Allow()));

        var configuration = Json("""{ "ChinaDialCompliance": { "Evaluator": { "PolicyModes": { "house-rule": "Observe" } } } }""");
        var services = new ServiceCollection();
        HouseRule(services);
        using var provider = services.AddChinaDialCompliance(configuration).BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(PolicyMode.Observe, provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value.Evaluator.PolicyModes["house-rule"]);

        Assert.Equal(
            ["ChinaDialCompliance:Evaluator:PolicyModes:house-rul names no policy; did you mean house-rule?"],
            StartUpFailures("""{ "ChinaDialCompliance": { "Evaluator": { "PolicyModes": { "house-rul": "Observe" } } } }""", HouseRule));
    }

    [Fact]
    public void A_registered_policy_built_from_the_options_themselves_is_asked_its_name_without_recursion()
    {
        // The Redis adapter's policies are built from IOptions<ChinaDialComplianceOptions>: resolving them to learn their
        // names re-enters options validation, which must not resolve them again.
        static void FromOptions(IServiceCollection services)
            => services.AddSingleton<IOutboundCallPolicy>(provider => new ScriptedPolicy(
                $"limit-{provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value.CallerIdRate.Limit}",
                _ => PolicyResult.Allow()));

        var configuration = Json("""{ "ChinaDialCompliance": { "Evaluator": { "PolicyModes": { "limit-5": "Observe" } } } }""");
        var services = new ServiceCollection();
        FromOptions(services);
        using var provider = services.AddChinaDialCompliance(configuration).BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(
            ["ChinaDialCompliance:Evaluator:PolicyModes:limit-6 names no policy; did you mean limit-5?"],
            StartUpFailures("""{ "ChinaDialCompliance": { "Evaluator": { "PolicyModes": { "limit-6": "Observe" } } } }""", FromOptions));
    }

    [Fact]
    public void The_built_in_policy_names_known_to_the_check_are_the_public_constants()
        => Assert.Equal(
            typeof(BuiltInPolicyNames).GetFields().Select(f => (string)f.GetValue(null)!).Order(),
            PolicyModeNames.BuiltIn.Order());

    [Fact]
    public void The_policy_loaders_list_of_redis_options_is_the_redis_adapters()
        => Assert.Equal(
            typeof(global::ChinaDial.Compliance.Redis.RedisComplianceOptions).GetProperties().Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name).Order(),
            AdapterSection.KnownOptions.Single(k => k.Name == "Redis").Options.Order());

    [Fact]
    public void The_known_redis_options_type_is_the_redis_adapters()
    {
        var type = typeof(global::ChinaDial.Compliance.Redis.RedisComplianceOptions);
        Assert.Equal($"{type.FullName}, {type.Assembly.GetName().Name}", AdapterSection.KnownOptions.Single(k => k.Name == "Redis").OptionsType);
    }

    [Property(MaxTest = 2_000)]
    public void A_key_one_typo_away_from_an_option_is_answered_with_that_option(NonNegativeInt pick, NonNegativeInt at, char typed, byte kind)
    {
        var names = ChinaDialComplianceSchema.Root.Names.ToList();
        var name = names[pick.Get % names.Count];
        var i = at.Get % name.Length;
        var letter = char.IsAsciiLetterOrDigit(typed) ? typed : 'x';
        var misspelt = (kind % 4) switch
        {
            0 => name.Remove(i, 1),                                                       // a letter dropped
            1 => name.Insert(i, letter.ToString()),                                       // a letter added
            2 => string.Concat(name.AsSpan(0, i), letter.ToString(), name.AsSpan(i + 1)), // a letter replaced
            _ => i + 1 < name.Length ? string.Concat(name.AsSpan(0, i), name[i + 1].ToString(), name[i].ToString(), name.AsSpan(i + 2)) : name + "s",
        };
        if (names.Contains(misspelt, StringComparer.OrdinalIgnoreCase))
        {
            return; // the typo spells an option (a case change, or a swap of equal letters)
        }

        var errors = Bind(Memory(($"ChinaDialCompliance:{misspelt}:Enabled", "true")));

        var error = Assert.Single(errors);
        Assert.StartsWith($"ChinaDialCompliance:{misspelt} is not an option; did you mean ", error, StringComparison.Ordinal);
        Assert.Contains(name, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CallerIdRates", "CallerIdRate", 1)]
    [InlineData("Aproved", "Approved", 1)]
    [InlineData("Limt", "Limit", 1)]
    [InlineData("lmiit", "Limit", 1)]
    [InlineData("CALLINGHOURS", "CallingHours", 0)]
    [InlineData("", "Days", 4)]
    public void The_edit_distance_ignores_case_and_counts_a_swap_of_neighbours_as_one(string a, string b, int distance)
    {
        Assert.Equal(distance, NearMiss.Distance(a, b));
        Assert.Equal(distance, NearMiss.Distance(b, a));
    }
}
