using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using ChinaDial.Compliance.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChinaDial.Compliance;

/// <summary>
/// The strict binding of the <c>ChinaDialCompliance</c> configuration section that
/// <c>AddChinaDialCompliance(configuration)</c> does, for hosts that build the evaluator without dependency injection
/// (<see cref="ChinaDialComplianceOptions.CreateEvaluator"/>), and for adapter packages whose options live in a
/// section of their own under <c>ChinaDialCompliance</c>.
/// </summary>
public static class ChinaDialComplianceConfiguration
{
    /// <summary>
    /// Binds the <c>ChinaDialCompliance</c> section of <paramref name="configuration"/> (or <paramref name="configuration"/>
    /// itself when it is that section) and validates the options, exactly as <c>AddChinaDialCompliance(configuration)</c>
    /// does at start-up: the same strict binder and the same messages, every problem reported together, each naming its
    /// full configuration path. An unknown key (with a suggestion for a near miss), a wrong shape, a value that does not
    /// parse or is out of range, a section of an adapter package (<c>Redis</c>: these options cannot use it) and an
    /// <c>Evaluator:PolicyModes</c> entry naming no built-in policy are errors.
    /// </summary>
    /// <param name="configuration">The application's configuration, or its <c>ChinaDialCompliance</c> section.</param>
    /// <returns>The bound options, valid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configuration"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">The configuration has problems; <see cref="OptionsValidationException.Failures"/>
    /// lists every one (as start-up validation would).</exception>
    public static ChinaDialComplianceOptions Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Bind(configuration, AdapterSectionHandling.Check, [], notices: null, notUsedReason: null);
    }

    /// <summary>
    /// As <see cref="Bind(IConfiguration)"/>, for a host that reads a configuration written for dialer nodes but runs
    /// without the adapter packages (an offline replay or a linter): a section of an adapter package (<c>Redis</c>) is
    /// still checked against the adapter's options (a misspelt key is an error), then, instead of being refused,
    /// reported in <paramref name="notices"/> as not used, with <paramref name="notUsedReason"/>. Everything else is as
    /// strict as <see cref="Bind(IConfiguration)"/>.
    /// </summary>
    /// <param name="configuration">The application's configuration, or its <c>ChinaDialCompliance</c> section.</param>
    /// <param name="notUsedReason">Why the host does not use adapters' sections, for the notices.</param>
    /// <param name="notices">Receives one line per adapter section not used (only when the options are returned).</param>
    /// <returns>The bound options, valid.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="notUsedReason"/> is blank.</exception>
    /// <exception cref="OptionsValidationException">The configuration has problems; <see cref="OptionsValidationException.Failures"/>
    /// lists every one.</exception>
    public static ChinaDialComplianceOptions Bind(IConfiguration configuration, string notUsedReason, ICollection<string> notices)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(notUsedReason);
        ArgumentNullException.ThrowIfNull(notices);
        var remarks = new List<string>();
        var options = Bind(configuration, AdapterSectionHandling.NotUsed, AdapterSection.OfKnownNames(), remarks, notUsedReason);
        foreach (var remark in remarks)
        {
            notices.Add(remark);
        }

        return options;
    }

    /// <summary>
    /// For an adapter package's registration: makes the options validator of <c>AddChinaDialCompliance</c> check the
    /// adapter's section <c>ChinaDialCompliance:<paramref name="sectionName"/></c> strictly against
    /// <typeparamref name="TOptions"/> (one key per public settable property, holding a value of its type); without
    /// this registration the section is refused as configuring an adapter that is not registered. Idempotent.
    /// </summary>
    /// <typeparam name="TOptions">The adapter's options type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="sectionName">The adapter's section under <c>ChinaDialCompliance</c> (<c>Redis</c>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="sectionName"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="sectionName"/> is not the section of an adapter this package
    /// knows, or <typeparamref name="TOptions"/> is not that adapter's options type (registering another type would
    /// accept the section without the adapter that reads it).</exception>
    public static void RegisterAdapterSection<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(IServiceCollection services, string sectionName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(sectionName);
        var optionsType = $"{typeof(TOptions).FullName}, {typeof(TOptions).Assembly.GetName().Name}";
        foreach (var (name, expected, _) in AdapterSection.KnownOptions)
        {
            if (string.Equals(name, sectionName, StringComparison.OrdinalIgnoreCase))
            {
                if (!string.Equals(expected, optionsType, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"ChinaDialCompliance:{name} belongs to the adapter whose options are {expected}, not {optionsType}.", nameof(sectionName));
                }

                AdapterSection.Register<TOptions>(services, name);
                return;
            }
        }

        throw new ArgumentException($"'{sectionName}' is not the section of an adapter ChinaDial.Compliance knows.", nameof(sectionName));
    }

    /// <summary>Every problem once, in the order found (one configuration registered twice reports its problems once).</summary>
    internal static List<string> Distinct(List<string> errors)
    {
        var distinct = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var error in errors)
        {
            if (seen.Add(error))
            {
                distinct.Add(error);
            }
        }

        return distinct;
    }

    private static ChinaDialComplianceOptions Bind(
        IConfiguration configuration,
        AdapterSectionHandling handling,
        IEnumerable<AdapterSection> adapters,
        ICollection<string>? notices,
        string? notUsedReason)
    {
        // As the options validator: the strict binder's problems, the options' own validation, then the policy modes
        // (here only the built-in policies exist).
        var options = new ChinaDialComplianceOptions();
        var errors = new List<string>();
        StrictConfigurationBinder.Bind(configuration, options, errors, handling, adapters, notices, notUsedReason);
        errors.AddRange(options.Validate());
        PolicyModeNames.Report(PolicyModeNames.Unknown(options, PolicyModeNames.BuiltIn), PolicyModeNames.BuiltIn, errors);
        var distinct = Distinct(errors);
        if (distinct.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ChinaDialComplianceOptions), distinct);
        }

        return options;
    }
}
