using System;
using System.Collections.Generic;
using System.Linq;
using ChinaDial.Compliance;
using ChinaDial.Compliance.Configuration;
using ChinaDial.Compliance.DependencyInjection;
using ChinaDial.Compliance.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ChinaDial compliance evaluator in a service collection.</summary>
public static class ChinaDialComplianceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="OutboundCallEvaluator"/> (singleton) with options bound from the
    /// <c>ChinaDialCompliance</c> section of <paramref name="configuration"/> (or from <paramref name="configuration"/>
    /// itself when it is that section), validated at start-up with every problem reported together. Binding is strict:
    /// an unknown key (with a suggestion for a near miss), a wrong shape or a value that does not parse is a start-up
    /// error naming its full path, as is a <c>Redis</c> section without the Redis adapter registered and an
    /// <c>Evaluator:PolicyModes</c> entry naming no policy.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application's configuration, or its <c>ChinaDialCompliance</c> section.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <remarks>
    /// Idempotent: a second call adds only its configuration steps (binding again is harmless). A <see cref="TimeProvider"/>
    /// registered in the container is used as the clock (otherwise <see cref="TimeProvider.System"/>), and every
    /// <see cref="IOutboundCallPolicy"/> registered in the container runs after the built-in policies. Also registers,
    /// unless already registered: an <see cref="InMemoryConsentStore"/> as the <see cref="IConsentStore"/>, the
    /// <see cref="CallerIdHealthMonitor"/>, the <see cref="CallerIdSelector"/> and the <see cref="ClickToDialGuard"/>
    /// (options from <c>ChinaDialCompliance:ClickToDial</c>, with a registered <see cref="IIpRiskSource"/>) with an
    /// <see cref="InMemoryPendingCallbackStore"/> as its <see cref="IPendingCallbackStore"/> and an
    /// <see cref="InMemoryClickToDialRequestCounter"/> as its <see cref="IClickToDialRequestCounter"/>. A registered <see cref="IAuditSink"/>
    /// receives every audit record; with an <see cref="ILoggerFactory"/> every decision is also logged (category
    /// <c>ChinaDial.Compliance</c>, numbers masked and hashed). The in-memory consent store drops ended consents after
    /// <c>Retention:ConsentsAfterRevocation</c>; a <see cref="PersonalDataEraser"/> erases a number from every store
    /// above and every <see cref="IPersonalDataStore"/> registered. The refuse lists named in <c>RefuseLists:Lists</c>
    /// live in an <see cref="InMemoryRefuseLists"/> (also the <see cref="IRefuseListStore"/>): import them before dialling.
    /// The click-to-dial guard writes its outcomes to the registered <see cref="IAuditSink"/> too.
    /// </remarks>
    public static IServiceCollection AddChinaDialCompliance(this IServiceCollection services, IConfiguration configuration)
        => services.AddChinaDialCompliance(configuration, static _ => { });

    /// <summary>
    /// Registers <see cref="OutboundCallEvaluator"/> (singleton) with options bound from the
    /// <c>ChinaDialCompliance</c> section of <paramref name="configuration"/>, then changed by <paramref name="configure"/>;
    /// see <see cref="AddChinaDialCompliance(IServiceCollection, IConfiguration)"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application's configuration, or its <c>ChinaDialCompliance</c> section.</param>
    /// <param name="configure">Changes applied after binding.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddChinaDialCompliance(this IServiceCollection services, IConfiguration configuration, Action<ChinaDialComplianceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(configure);
        AddCore(services);

        // Bound on every call that gives a configuration, also after a registration without one (e.g. by an adapter's
        // AddChinaDialComplianceRedis): binding is idempotent, lists given in configuration replace what they hold. The
        // binder is strict; its problems are reported with the validation errors at start-up.
        services.AddSingleton<IConfigureOptions<ChinaDialComplianceOptions>>(new ChinaDialComplianceConfigurationBinding(configuration));

        services.Configure(configure);
        return services;
    }

    /// <summary>
    /// Registers <see cref="OutboundCallEvaluator"/> (singleton) with the default options (an empty caller-ID
    /// inventory: every call is <c>caller_id_not_approved</c> until it is configured). Idempotent.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddChinaDialCompliance(this IServiceCollection services)
        => services.AddChinaDialCompliance(static _ => { });

    /// <summary>
    /// Registers <see cref="OutboundCallEvaluator"/> (singleton) with options set in code, validated at start-up with
    /// every problem reported together. Idempotent; see <see cref="AddChinaDialCompliance(IServiceCollection, IConfiguration)"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options, e.g. the approved caller IDs.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddChinaDialCompliance(this IServiceCollection services, Action<ChinaDialComplianceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        AddCore(services);
        services.Configure(configure);
        return services;
    }

    private static void AddCore(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ChinaDialComplianceMarker)))
        {
            return;
        }

        services.AddSingleton<ChinaDialComplianceMarker>();
        services.AddOptions<ChinaDialComplianceOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChinaDialComplianceOptions>, ChinaDialComplianceOptionsValidator>());
        services.TryAddSingleton(static provider => new InMemoryConsentStore(
            provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value.Retention,
            provider.GetService<TimeProvider>()));
        services.TryAddSingleton<IConsentStore>(static provider => provider.GetRequiredService<InMemoryConsentStore>());
        services.TryAddSingleton(static provider => new CallerIdHealthMonitor(provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value.CallerIdHealth));
        services.TryAddSingleton(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value;
            var loggerFactory = provider.GetService<ILoggerFactory>();
            return options.CreateEvaluator(
                provider.GetService<TimeProvider>(),
                provider.GetServices<IOutboundCallPolicy>(),
                provider.GetRequiredService<CallerIdHealthMonitor>(),
                provider.GetRequiredService<IConsentStore>(),
                provider.GetService<IAuditSink>(),
                provider.GetRequiredService<InMemoryRefuseLists>(),
                loggerFactory is null ? null : new LoggingTelemetryListener(loggerFactory.CreateLogger("ChinaDial.Compliance"), options.Audit.CreatePseudonymizer()));
        });
        services.TryAddSingleton(static provider => new InMemoryRefuseLists(provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value.RefuseLists));
        services.TryAddSingleton<IRefuseListStore>(static provider => provider.GetRequiredService<InMemoryRefuseLists>());
        services.TryAddSingleton(static provider => CallerIdSelector.Create(
            provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value.CallerIds,
            provider.GetRequiredService<OutboundCallEvaluator>(),
            provider.GetRequiredService<CallerIdHealthMonitor>()));
        services.TryAddSingleton<IPendingCallbackStore, InMemoryPendingCallbackStore>();
        services.TryAddSingleton<IClickToDialRequestCounter>(static provider => new InMemoryClickToDialRequestCounter(
            provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value.ClickToDial));
        services.TryAddSingleton(static provider =>
        {
            // Every store that holds numbers: the evaluator (its policies, health monitor and audit trail), the consent
            // store, the click-to-dial guard (pending callbacks, request counts), and any registered store.
            List<IPersonalDataStore> stores =
            [
                provider.GetRequiredService<OutboundCallEvaluator>(),
                provider.GetRequiredService<CallerIdHealthMonitor>(),
                provider.GetRequiredService<ClickToDialGuard>(),
            ];
            stores.AddRange(provider.GetServices<IPersonalDataStore>());
            foreach (var store in new object[] { provider.GetRequiredService<IConsentStore>(), provider.GetRequiredService<IPendingCallbackStore>(), provider.GetRequiredService<IClickToDialRequestCounter>() })
            {
                if (store is IPersonalDataStore personal)
                {
                    stores.Add(personal);
                }
            }

            return new PersonalDataEraser(stores);
        });
        services.TryAddSingleton(static provider => new ClickToDialGuard(
            provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value.ClickToDial,
            provider.GetService<IIpRiskSource>(),
            provider.GetService<TimeProvider>(),
            provider.GetRequiredService<IPendingCallbackStore>(),
            provider.GetRequiredService<IClickToDialRequestCounter>(),
            provider.GetService<IAuditSink>() is { } sink ? new AuditTrail(sink, provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value.Audit.CreatePseudonymizer()) : null));
    }
}
