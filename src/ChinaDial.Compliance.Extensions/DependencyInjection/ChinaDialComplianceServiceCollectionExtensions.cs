using System;
using System.Linq;
using ChinaDial.Compliance;
using ChinaDial.Compliance.DependencyInjection;
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
    /// itself when it is that section), validated at start-up with every problem reported together.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application's configuration, or its <c>ChinaDialCompliance</c> section.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <remarks>
    /// Idempotent: a second call adds only its configuration step. A <see cref="TimeProvider"/>
    /// registered in the container is used as the clock (otherwise <see cref="TimeProvider.System"/>), and every
    /// <see cref="IOutboundCallPolicy"/> registered in the container runs after the built-in policies.
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
        var section = configuration is IConfigurationSection { Key: ChinaDialComplianceOptions.SectionName }
            ? configuration
            : configuration.GetSection(ChinaDialComplianceOptions.SectionName);
        var isNew = AddCore(services);
        if (isNew)
        {
            services.Configure<ChinaDialComplianceOptions>(options => ChinaDialComplianceOptionsBinder.Bind(section, options));
        }

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

    private static bool AddCore(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ChinaDialComplianceMarker)))
        {
            return false;
        }

        services.AddSingleton<ChinaDialComplianceMarker>();
        services.AddOptions<ChinaDialComplianceOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChinaDialComplianceOptions>, ChinaDialComplianceOptionsValidator>());
        services.TryAddSingleton(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<ChinaDialComplianceOptions>>().Value;
            return options.CreateEvaluator(
                provider.GetService<TimeProvider>(),
                provider.GetServices<IOutboundCallPolicy>());
        });
        return true;
    }
}
