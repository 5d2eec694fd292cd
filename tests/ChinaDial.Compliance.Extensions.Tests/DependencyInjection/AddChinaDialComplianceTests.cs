using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Extensions.Tests.DependencyInjection;

public class AddChinaDialComplianceTests
{
    private const string DesignJson = """
        { "ChinaDialCompliance": {
            "CallerIds":    { "Approved": ["+12065550100"], "ProhibitedRegions": ["SG"] },
            "Destinations": { "AllowedCountries": ["CN"], "DeniedPrefixes": ["+86168"] },
            "Evaluator":    { "PolicyTimeout": "00:00:00.100", "PolicyModes": { "destination": "Observe" } } } }
        """;

    private static IConfiguration Json(string json)
        => new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    [Fact]
    public void The_design_configuration_shape_binds_and_lists_replace_their_defaults()
    {
        using var provider = new ServiceCollection().AddChinaDialCompliance(Json(DesignJson)).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value;

        Assert.Equal(["+12065550100"], options.CallerIds.Approved);
        Assert.Equal(["SG"], options.CallerIds.ProhibitedRegions);
        Assert.Equal(["CN"], options.Destinations.AllowedCountries);
        Assert.Equal(["+86168"], options.Destinations.DeniedPrefixes);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.Evaluator.PolicyTimeout);
        Assert.Equal(PolicyMode.Observe, options.Evaluator.PolicyModes["destination"]);
    }

    [Fact]
    public void The_section_itself_may_be_passed_instead_of_the_root()
    {
        using var provider = new ServiceCollection().AddChinaDialCompliance(Json(DesignJson).GetSection("ChinaDialCompliance")).BuildServiceProvider();
        Assert.Equal(["+12065550100"], provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value.CallerIds.Approved);
    }

    [Fact]
    public async Task The_registered_evaluator_uses_the_options_the_registered_clock_and_registered_policies()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton<IOutboundCallPolicy>(new ScriptedPolicy("house-rule", _ => PolicyResult.Deny(ReasonCode.NoConsent)))
            .AddChinaDialCompliance(Json(DesignJson));
        using var provider = services.BuildServiceProvider();

        var evaluator = provider.GetRequiredService<OutboundCallEvaluator>();
        var decision = await evaluator.EvaluateAsync(new OutboundCall(TestNumbers.UsCallerId, TestNumbers.CnMobile, CallPurpose.Service));

        Assert.Same(clock, evaluator.TimeProvider);
        Assert.Equal([ReasonCode.NoConsent], decision.Reasons.ToArray());
        Assert.Equal(["destination", "caller-id", "caller-id-health", "consent", "calling-hours", "destination-frequency", "caller-id-rate", "concurrency", "caller-id-pacing", "house-rule"], evaluator.Policies.Select(p => p.Name));
    }

    [Fact]
    public void Registering_twice_registers_once_and_binds_lists_once()
    {
        var services = new ServiceCollection();
        services.AddChinaDialCompliance(Json(DesignJson));
        var count = services.Count;
        services.AddChinaDialCompliance(Json(DesignJson));
        services.AddChinaDialCompliance();
        using var provider = services.BuildServiceProvider();

        Assert.Equal(count + 3, services.Count); // the second call's binding and configure steps, the third's configure step
        Assert.Single(provider.GetServices<OutboundCallEvaluator>());
        Assert.Equal(["+12065550100"], provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value.CallerIds.Approved);
    }

    [Fact]
    public void Invalid_options_fail_at_start_up_with_every_problem_listed()
    {
        var services = new ServiceCollection().AddChinaDialCompliance(o =>
        {
            o.CallerIds.Approved = ["+80012345678", "nonsense"];
            o.Destinations.AllowedCountries = ["XX"];
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(3, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.Contains("Approved:0", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Approved:1", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("AllowedCountries:0", StringComparison.Ordinal));
    }

    [Fact]
    public void Configuration_given_in_code_applies_after_binding()
    {
        using var provider = new ServiceCollection()
            .AddChinaDialCompliance(Json(DesignJson), o => o.CallerIds.Approved.Add(TestNumbers.UsCallerId2))
            .BuildServiceProvider();

        Assert.Equal([TestNumbers.UsCallerId, TestNumbers.UsCallerId2], provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value.CallerIds.Approved);
    }

    private sealed class AnonymousEverywhere : IIpRiskSource
    {
        public ValueTask<IpRisk> GetRiskAsync(System.Net.IPAddress address, CancellationToken cancellationToken) => new(new IpRisk(true, "CN"));
    }

    [Fact]
    public async Task The_click_to_dial_guard_is_registered_with_its_section_the_registered_clock_and_IP_risk_source()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero));
        var configuration = Json("""
            { "ChinaDialCompliance": { "ClickToDial": {
                "PerNumberLimit": 1, "RequireAuthentication": false, "DeflectionChannel": "email",
                "PendingCallbackLifetime": "00:05:00", "Destinations": { "DeniedPrefixes": ["+86139"] } } } }
            """);
        using var provider = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddChinaDialCompliance(configuration)
            .BuildServiceProvider();
        var guard = provider.GetRequiredService<ClickToDialGuard>();
        Assert.Same(guard, provider.GetRequiredService<ClickToDialGuard>());

        // The configured deny list applies (beside the default CN-only list); authentication is not required here.
        Assert.Equal(ClickToDialOutcome.ShadowAccepted, (await guard.EvaluateAsync(new("+8613900139000", "192.0.2.1", true))).Outcome);
        var unauthenticated = await guard.EvaluateAsync(new(TestNumbers.CnMobile, "192.0.2.2", false));
        Assert.Equal(ClickToDialOutcome.Accepted, unauthenticated.Outcome);

        using var withRisk = new ServiceCollection()
            .AddSingleton<IIpRiskSource, AnonymousEverywhere>()
            .AddChinaDialCompliance(configuration)
            .BuildServiceProvider();
        var deflected = await withRisk.GetRequiredService<ClickToDialGuard>().EvaluateAsync(new(TestNumbers.CnMobile, "192.0.2.2", false));
        Assert.Equal(ClickToDialOutcome.Deflected, deflected.Outcome);
        Assert.Equal("email", deflected.Channel);
    }

    [Fact]
    public void Invalid_click_to_dial_options_fail_at_start_up()
    {
        var configuration = Json("""{ "ChinaDialCompliance": { "ClickToDial": { "PerIpLimit": 0, "DeflectionChannel": "" } } }""");
        using var provider = new ServiceCollection().AddChinaDialCompliance(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(2, error.Failures.Count());
        Assert.All(error.Failures, f => Assert.StartsWith("ChinaDialCompliance:ClickToDial", f, StringComparison.Ordinal));
    }

    [Fact]
    public void Configuration_given_after_a_registration_without_one_is_bound()
    {
        // AddChinaDialComplianceRedis(...) registers the core without configuration; the application's call comes later.
        using var provider = new ServiceCollection()
            .AddChinaDialCompliance()
            .AddChinaDialCompliance(Json(DesignJson))
            .BuildServiceProvider();

        Assert.Equal(["+12065550100"], provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value.CallerIds.Approved);
        Assert.Equal(["SG"], provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value.CallerIds.ProhibitedRegions);
    }
}
