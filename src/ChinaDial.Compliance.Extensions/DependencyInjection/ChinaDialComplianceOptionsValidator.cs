using System;
using System.Collections.Generic;
using ChinaDial.Compliance.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChinaDial.Compliance.DependencyInjection;

/// <summary>
/// Validates the options at start-up, reporting every problem together: the strict binder's (unknown keys with
/// suggestions, wrong shapes, values that do not parse, adapters' sections), <see cref="ChinaDialComplianceOptions.Validate()"/>'s,
/// and <c>Evaluator:PolicyModes</c> entries that name neither a built-in policy nor an <see cref="IOutboundCallPolicy"/>
/// registered in the container.
/// </summary>
internal sealed class ChinaDialComplianceOptionsValidator(
    IEnumerable<IConfigureOptions<ChinaDialComplianceOptions>> setups,
    IEnumerable<AdapterSection> adapters,
    IServiceProvider services) : IValidateOptions<ChinaDialComplianceOptions>
{
    /// <summary>Set while the registered policies are resolved: a policy built from these options (the Redis adapter's)
    /// asks for them again, and that inner validation must not resolve the policies once more.</summary>
    [ThreadStatic]
    private static bool _resolvingPolicies;

    public ValidateOptionsResult Validate(string? name, ChinaDialComplianceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (name is null || name == Options.DefaultName)
        {
            foreach (var setup in setups)
            {
                (setup as ChinaDialComplianceConfigurationBinding)?.CollectErrors(adapters, errors);
            }
        }

        errors.AddRange(options.Validate());
        CheckPolicyModes(options, errors);

        var distinct = ChinaDialComplianceConfiguration.Distinct(errors);
        return distinct.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(distinct);
    }

    private void CheckPolicyModes(ChinaDialComplianceOptions options, List<string> errors)
    {
        var unknown = PolicyModeNames.Unknown(options, PolicyModeNames.BuiltIn);
        if (unknown.Count == 0 || _resolvingPolicies)
        {
            return;
        }

        // Names beyond the built-in ones must be those of policies registered in the container: build them to ask.
        var known = new List<string>(PolicyModeNames.BuiltIn);
        string? note = null;
        _resolvingPolicies = true;
        try
        {
            foreach (var policy in services.GetServices<IOutboundCallPolicy>())
            {
                if (policy?.Name is { } policyName)
                {
                    known.Add(policyName);
                }
            }
        }
#pragma warning disable CA1031 // A policy that cannot be built now is reported with the names it leaves unchecked.
        catch (Exception error)
#pragma warning restore CA1031
        {
            note = error is OptionsValidationException
                ? " (the registered policies could not be built to check their names while the other problems listed stand)"
                : $" (the registered policies could not be built to check their names: {error.GetType().Name}: {error.Message})";
        }
        finally
        {
            _resolvingPolicies = false;
        }

        PolicyModeNames.Report(PolicyModeNames.Unknown(options, known), known, errors, note);
    }
}
