using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;

namespace ChinaDial.Compliance.Configuration;

/// <summary>What the binder does with an adapter's section (<c>ChinaDialCompliance:Redis</c>).</summary>
internal enum AdapterSectionHandling
{
    /// <summary>Leave it alone (binding; the checks run at validation).</summary>
    Ignore,

    /// <summary>Check it against the registered adapter's options; without the adapter registered, refuse it.</summary>
    Check,

    /// <summary>Check it against the adapter's options, then report it as not used (the CLI replays in memory).</summary>
    NotUsed,
}

/// <summary>
/// The one binder of the <c>ChinaDialCompliance</c> section, for <c>AddChinaDialCompliance(configuration)</c> and the
/// CLI's <c>--policy FILE</c> alike. Strict: every key must name an option (a near miss gets a suggestion), every
/// option must hold what its type takes (an object, a list, a value that parses), and nothing throws: each problem
/// is one message naming the full configuration path. Lists and maps given replace the defaults; an option whose
/// configuration is wrong keeps its value.
/// </summary>
internal static class StrictConfigurationBinder
{
    /// <summary>Binds the <c>ChinaDialCompliance</c> section of <paramref name="configuration"/> (or
    /// <paramref name="configuration"/> itself when it is that section) into <paramref name="options"/>.</summary>
    /// <param name="configuration">The configuration root, or the section itself.</param>
    /// <param name="options">The options bound into.</param>
    /// <param name="errors">Where every problem goes.</param>
    /// <param name="handling">What to do with adapters' sections.</param>
    /// <param name="adapters">The adapters' sections known (registered, or known to the CLI).</param>
    /// <param name="notices">Where remarks that are not errors go (a section not used).</param>
    /// <param name="notUsedReason">Why an adapter's section is not used, with <see cref="AdapterSectionHandling.NotUsed"/>.</param>
    public static void Bind(
        IConfiguration configuration,
        ChinaDialComplianceOptions options,
        ICollection<string> errors,
        AdapterSectionHandling handling = AdapterSectionHandling.Ignore,
        IEnumerable<AdapterSection>? adapters = null,
        ICollection<string>? notices = null,
        string? notUsedReason = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        IConfigurationSection section;
        if (configuration is IConfigurationSection { Key: ChinaDialComplianceOptions.SectionName } itself)
        {
            section = itself;
        }
        else
        {
            section = configuration.GetSection(ChinaDialComplianceOptions.SectionName);
            CheckNearMissesOfTheSection(configuration, errors);
        }

        var path = section.Path;
        if (section.Value is not null)
        {
            errors.Add($"{path} must be an object (JSON {{...}}) holding the options; it is {Sections.Describe(section)}.");
            return;
        }

        if (configuration is IConfigurationRoot root)
        {
            CheckListsMergedFromSources(root, section, errors);
        }

        var adapterNames = new List<string>();
        foreach (var (name, _, _) in AdapterSection.Known)
        {
            adapterNames.Add(name);
        }

        foreach (var child in section.GetChildren())
        {
            var adapter = AdapterName(child.Key);
            if (adapter is null)
            {
                ChinaDialComplianceSchema.Root.BindChild(child, path, options, errors, adapterNames);
            }
            else if (handling != AdapterSectionHandling.Ignore)
            {
                CheckAdapterSection(child, $"{path}:{adapter.Value.Name}", adapter.Value, handling, adapters, errors, notices, notUsedReason);
            }
        }
    }

    private static (string Name, string Adapter, string Registration)? AdapterName(string key)
    {
        foreach (var known in AdapterSection.Known)
        {
            if (string.Equals(known.Name, key, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return null;
    }

    private static void CheckAdapterSection(
        IConfigurationSection section,
        string path,
        (string Name, string Adapter, string Registration) known,
        AdapterSectionHandling handling,
        IEnumerable<AdapterSection>? adapters,
        ICollection<string> errors,
        ICollection<string>? notices,
        string? notUsedReason)
    {
        AdapterSection? adapter = null;
        foreach (var candidate in adapters ?? [])
        {
            if (string.Equals(candidate.Name, known.Name, StringComparison.OrdinalIgnoreCase))
            {
                adapter = candidate;
            }
        }

        if (adapter is null)
        {
            if (handling == AdapterSectionHandling.Check)
            {
                errors.Add($"{path} configures {known.Adapter}, which is not registered: without it every dialer node keeps its own limits, consents and callbacks. Register it ({known.Registration}) or remove the section.");
            }

            return;
        }

        adapter.Check(section, path, errors);
        if (handling == AdapterSectionHandling.NotUsed)
        {
            notices?.Add($"{path} is not used{(notUsedReason is null ? "." : ": " + notUsedReason)}");
        }
    }

    /// <summary>
    /// A list given by more than one configuration source with different elements (<c>appsettings.json</c> approving
    /// three caller IDs, <c>appsettings.Production.json</c> one) is an error: .NET configuration merges lists element
    /// by element, so the list would hold the production one and two of the others, which neither file says.
    /// </summary>
    private static void CheckListsMergedFromSources(IConfigurationRoot root, IConfigurationSection section, ICollection<string> errors)
    {
        foreach (var child in section.GetChildren())
        {
            if (Sections.IsList(child))
            {
                var sources = new List<(string Source, HashSet<string> Indices)>();
                foreach (var provider in root.Providers)
                {
                    var indices = new HashSet<string>(provider.GetChildKeys([], child.Path), StringComparer.Ordinal);
                    if (indices.Count > 0)
                    {
                        sources.Add((provider.ToString() ?? provider.GetType().Name, indices));
                    }
                }

                if (sources.Exists(s => !s.Indices.SetEquals(sources[0].Indices)))
                {
                    var counts = string.Join("; ", sources.ConvertAll(s => $"{s.Indices.Count} in {s.Source}"));
                    errors.Add($"{child.Path} is a list given by {sources.Count} configuration sources with different elements ({counts}): .NET configuration merges lists element by element, so it would hold elements of each. Give the whole list in one source.");
                }
            }

            CheckListsMergedFromSources(root, child, errors);
        }
    }

    /// <summary>A key of the configuration root that is a near miss of <c>ChinaDialCompliance</c> (e.g.
    /// <c>ChinaDialComplience</c>) holds options nobody reads: an error, whether or not the section exists too.</summary>
    private static void CheckNearMissesOfTheSection(IConfiguration root, ICollection<string> errors)
    {
        foreach (var child in root.GetChildren())
        {
            var distance = NearMiss.Distance(child.Key, ChinaDialComplianceOptions.SectionName);
            if (distance is > 0 and <= 3)
            {
                errors.Add($"{child.Path} is not a section ChinaDial.Compliance reads; did you mean {ChinaDialComplianceOptions.SectionName}?");
            }
        }
    }
}
