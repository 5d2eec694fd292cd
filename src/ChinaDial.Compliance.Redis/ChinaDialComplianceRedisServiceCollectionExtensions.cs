using System;
using System.Linq;
using ChinaDial.Compliance;
using ChinaDial.Compliance.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Redis adapter: the compliance state shared by every dialer node.</summary>
public static class ChinaDialComplianceRedisServiceCollectionExtensions
{
    /// <summary>
    /// Shares the caller-ID rate limit, the destination frequency caps, consents and opt-outs, pending click-to-dial
    /// callbacks and caller-ID outcome counters between dialer nodes through Redis, with options bound from
    /// <c>ChinaDialCompliance:Redis</c> of <paramref name="configuration"/> (the root, the <c>ChinaDialCompliance</c>
    /// section or the <c>Redis</c> section itself) and validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application's configuration or one of the sections named above.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <remarks>
    /// Also calls <c>AddChinaDialCompliance()</c> (idempotent). Replaces the in-process <c>caller-id-rate</c> and
    /// <c>destination-frequency</c> policies (same options, decided on the Redis server's clock) and the
    /// <see cref="IConsentStore"/> (by <see cref="RedisConsentStore"/>) and the click-to-dial guard's
    /// <see cref="IPendingCallbackStore"/> (by <see cref="RedisPendingCallbacks"/>); registers
    /// <see cref="RedisCallerIdOutcomeCounters"/> and <see cref="RedisComplianceHealthCheck"/>. An
    /// <see cref="IConnectionMultiplexer"/> already registered is used; otherwise one is created from
    /// <see cref="RedisComplianceOptions.Configuration"/> with <c>AbortOnConnectFail=false</c> and a fail-fast backlog.
    /// </remarks>
    public static IServiceCollection AddChinaDialComplianceRedis(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration switch
        {
            IConfigurationSection { Key: RedisComplianceOptions.SectionName } redis => redis,
            IConfigurationSection { Key: ChinaDialComplianceOptions.SectionName } root => root.GetSection(RedisComplianceOptions.SectionName),
            _ => configuration.GetSection($"{ChinaDialComplianceOptions.SectionName}:{RedisComplianceOptions.SectionName}"),
        };
        return services.AddChinaDialComplianceRedis(options => section.Bind(options));
    }

    /// <summary>As <see cref="AddChinaDialComplianceRedis(IServiceCollection, IConfiguration)"/>, with the options set in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (at least <see cref="RedisComplianceOptions.Configuration"/> and
    /// <see cref="RedisComplianceOptions.KeySecret"/>).</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddChinaDialComplianceRedis(this IServiceCollection services, Action<RedisComplianceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddChinaDialCompliance();
        services.Configure(configure);
        if (services.Any(d => d.ServiceType == typeof(RedisGateway)))
        {
            return services;
        }

        services.AddOptions<RedisComplianceOptions>().ValidateOnStart();
        ChinaDialComplianceConfiguration.RegisterAdapterSection<RedisComplianceOptions>(services, RedisComplianceOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisComplianceOptions>, RedisComplianceOptionsValidator>());
        services.TryAddSingleton<IConnectionMultiplexer>(static provider =>
            RedisGateway.Connect(provider.GetRequiredService<IOptions<RedisComplianceOptions>>().Value.Configuration!));
        services.AddSingleton(static provider => new RedisGateway(
            provider.GetRequiredService<IConnectionMultiplexer>(),
            provider.GetRequiredService<IOptions<RedisComplianceOptions>>().Value));
        services.AddSingleton(static provider => new RedisConsentStore(
            provider.GetRequiredService<RedisGateway>(),
            provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value.Retention,
            provider.GetService<TimeProvider>() ?? TimeProvider.System));
        services.Replace(ServiceDescriptor.Singleton<IConsentStore>(static provider => provider.GetRequiredService<RedisConsentStore>()));
        services.AddSingleton(static provider => new RedisPendingCallbacks(provider.GetRequiredService<RedisGateway>()));
        services.Replace(ServiceDescriptor.Singleton<IPendingCallbackStore>(static provider => provider.GetRequiredService<RedisPendingCallbacks>()));
        services.Replace(ServiceDescriptor.Singleton<IClickToDialRequestCounter>(static provider => new RedisClickToDialRequestCounter(
            provider.GetRequiredService<RedisGateway>(),
            provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value.ClickToDial)));
        services.AddSingleton(static provider => new RedisCallerIdOutcomeCounters(
            provider.GetRequiredService<RedisGateway>(),
            provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value.Retention.OutcomeCounters));
        services.AddSingleton(static provider => new RedisDurability(
            provider.GetRequiredService<RedisGateway>(),
            provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value.CallerIdRate,
            provider.GetService<ILoggerFactory>()?.CreateLogger("ChinaDial.Compliance.Redis")));
        services.AddSingleton(static provider => new RedisComplianceHealthCheck(provider.GetRequiredService<RedisGateway>(), provider.GetRequiredService<RedisDurability>()));
        services.AddSingleton(static provider =>
        {
            // Resolved with the evaluator, when the application starts deciding: check that the masters keep the
            // shared state (a warning when not) and load the scripts, in the background.
            provider.GetRequiredService<RedisDurability>().Start();
            var compliance = provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value;
            return new RedisDecisions(provider.GetRequiredService<RedisGateway>(), new RedisDecisionParts
            {
                CallerIdRate = compliance.CallerIdRate.Enabled ? compliance.CallerIdRate : null,
                Concurrency = compliance.Concurrency.Enabled ? compliance.Concurrency : null,
                TicketLifetime = compliance.Evaluator.TicketLifetime,
                Health = provider.GetRequiredService<CallerIdHealthMonitor>(),
                Consent = compliance.Consent,
                DestinationFrequency = compliance.DestinationFrequency.Enabled ? compliance.DestinationFrequency : null,
                RefuseLists = compliance.RefuseLists,
                Modes = compliance.Evaluator.PolicyModes,
            });
        });
        services.AddSingleton(static provider => new RedisOutcomeFeed(
            provider.GetRequiredService<RedisGateway>(),
            provider.GetRequiredService<CallerIdHealthMonitor>(),
            provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value.CallerIds.Approved,
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            TimeSpan.FromMilliseconds(250)));
        services.AddSingleton<IOutboundCallPolicy>(static provider => new RedisCallerIdHealthPolicy(
            provider.GetRequiredService<RedisDecisions>(),
            provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value.CallerIdHealth.QuarantineCoolDown,
            provider.GetRequiredService<RedisOutcomeFeed>()));
        services.AddSingleton<IOutboundCallPolicy>(static provider => new RedisConsentPolicy(provider.GetRequiredService<RedisDecisions>()));
        services.AddSingleton<IOutboundCallPolicy>(static provider => new RedisRefuseListPolicy(provider.GetRequiredService<RedisDecisions>()));
        services.Replace(ServiceDescriptor.Singleton<IRefuseListStore>(static provider => provider.GetRequiredService<RedisDecisions>().RefuseLists
            ?? new RedisRefuseLists(provider.GetRequiredService<RedisGateway>(), provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value.RefuseLists)));
        services.AddSingleton<IOutboundCallPolicy>(static provider => new RedisDestinationFrequencyPolicy(provider.GetRequiredService<RedisDecisions>()));
        services.AddSingleton<IOutboundCallPolicy>(static provider => new RedisCallerIdRatePolicy(provider.GetRequiredService<RedisDecisions>()));
        services.AddSingleton<IOutboundCallPolicy>(static provider => new RedisConcurrencyPolicy(provider.GetRequiredService<RedisDecisions>()));
        services.AddSingleton<IOutboundCallPolicy>(static provider => provider.GetRequiredService<RedisCallerIdOutcomeCounters>());
        return services;
    }
}
