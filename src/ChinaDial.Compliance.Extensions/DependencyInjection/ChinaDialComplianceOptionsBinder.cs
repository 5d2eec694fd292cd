using System.Collections.Generic;
using Microsoft.Extensions.Configuration;

namespace ChinaDial.Compliance.DependencyInjection;

/// <summary>
/// Binds the <c>ChinaDialCompliance</c> section. A list given in configuration <em>replaces</em> the option's default
/// list: the configuration binder alone would append to it (e.g. <c>ProhibitedRegions: ["SG"]</c> would still
/// prohibit HK, MO and TW).
/// </summary>
internal static class ChinaDialComplianceOptionsBinder
{
    public static void Bind(IConfiguration section, ChinaDialComplianceOptions options)
    {
        ClearListsGivenIn(section, options);
        section.Bind(options);
    }

    private static void ClearListsGivenIn(IConfiguration section, ChinaDialComplianceOptions options)
    {
        ClearIfGiven(section, "CallerIds:ProhibitedRegions", options.CallerIds.ProhibitedRegions);
        ClearIfGiven(section, "CallerIds:Approved", options.CallerIds.Approved);
        ClearIfGiven(section, "Destinations:AllowedCountries", options.Destinations.AllowedCountries);
        ClearIfGiven(section, "Destinations:DeniedCountries", options.Destinations.DeniedCountries);
        ClearIfGiven(section, "Destinations:DeniedPrefixes", options.Destinations.DeniedPrefixes);
        ClearIfGiven(section, "Destinations:AllowedKinds", options.Destinations.AllowedKinds);
    }

    private static void ClearIfGiven<T>(IConfiguration section, string key, ICollection<T>? list)
    {
        if (list is { IsReadOnly: false } && section.GetSection(key).GetChildren().GetEnumerator() is var children && children.MoveNext())
        {
            list.Clear();
        }
    }
}
