using System;
using ChinaDial.Compliance.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ChinaDial.Compliance.Samples.Dialer;

/// <summary>Builds the dialer sample: a worker that runs one campaign and stops.</summary>
public static class DialerApp
{
    /// <summary>
    /// Builds the host. Settings come from <c>appsettings.json</c> beside the executable (or under <c>--contentRoot</c>),
    /// environment variables and <paramref name="args"/>. When <c>ChinaDialCompliance:Redis:Configuration</c> is set, the
    /// limits, consents and opt-outs live in Redis (shared by every dialer node); otherwise in memory. A
    /// <see cref="TimeProvider"/> or <see cref="ICampaignDialer"/> registered by <paramref name="configure"/> is used.
    /// </summary>
    /// <param name="args">Command-line arguments, e.g. <c>--Dialer:Campaign ../data/calls.csv</c>.</param>
    /// <param name="configure">Changes applied before the sample's own registrations (configuration sources, services).</param>
    /// <returns>The host, not started; read <see cref="CampaignSummary"/> from its services after it stops.</returns>
    public static IHost Build(string[] args, Action<HostApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        // `dotnet run --project samples/...` keeps the caller's working directory: look for the files beside the binary.
        var contentRoot = new ConfigurationBuilder().AddCommandLine(args).Build()[HostDefaults.ContentRootKey] ?? AppContext.BaseDirectory;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = contentRoot });
        configure?.Invoke(builder);

        var configuration = builder.Configuration;
        var options = configuration.GetSection(DialerOptions.SectionName).Get<DialerOptions>() ?? new DialerOptions();
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddChinaDialCompliance(configuration);
        var redis = !string.IsNullOrWhiteSpace(configuration[$"{ChinaDialComplianceOptions.SectionName}:{RedisComplianceOptions.SectionName}:Configuration"]);
        if (redis)
        {
            services.AddChinaDialComplianceRedis(configuration);
        }

        services.AddSingleton(options);
        services.AddSingleton<CampaignSummary>();
        services.TryAddSingleton<ICampaignDialer, SimulatedDialer>();
        services.AddHostedService(provider => ActivatorUtilities.CreateInstance<CampaignWorker>(provider, redis ? "redis" : "in-memory"));   // with Redis, it waits for its health check first
        return builder.Build();
    }
}
