using System;
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
        ReplacePurposeDaysGivenIn(section, options.CallingHours);
    }

    /// <summary>Per-purpose windows are created by the binder with every day as default, and the binder appends the
    /// configured days to that: keep exactly the configured days.</summary>
    private static void ReplacePurposeDaysGivenIn(IConfiguration section, CallingHoursOptions hours)
    {
        foreach (var (purpose, window) in hours.Purposes)
        {
            var days = section.GetSection($"CallingHours:Purposes:{purpose}:Days").GetChildren();
            var configured = new List<DayOfWeek>();
            foreach (var day in days)
            {
                if (Enum.TryParse<DayOfWeek>(day.Value, ignoreCase: true, out var parsed))
                {
                    configured.Add(parsed);
                }
            }

            if (configured.Count > 0)
            {
                window.Days = configured;
            }
        }
    }

    private static void ClearListsGivenIn(IConfiguration section, ChinaDialComplianceOptions options)
    {
        ClearIfGiven(section, "CallerIds:ProhibitedRegions", options.CallerIds.ProhibitedRegions);
        ClearIfGiven(section, "CallerIds:Approved", options.CallerIds.Approved);
        ClearIfGiven(section, "Destinations:AllowedCountries", options.Destinations.AllowedCountries);
        ClearIfGiven(section, "Destinations:DeniedCountries", options.Destinations.DeniedCountries);
        ClearIfGiven(section, "Destinations:DeniedPrefixes", options.Destinations.DeniedPrefixes);
        ClearIfGiven(section, "Destinations:AllowedKinds", options.Destinations.AllowedKinds);
        ClearIfGiven(section, "Consent:RequiredFor", options.Consent.RequiredFor);
        ClearIfGiven(section, "CallingHours:Days", options.CallingHours.Days);
        ClearIfGiven(section, "CallingHours:RestrictedDates", options.CallingHours.RestrictedDates);
        ClearIfGiven(section, "DestinationFrequency:PerDestination", options.DestinationFrequency.PerDestination);
        ClearIfGiven(section, "DestinationFrequency:PerCallerIdAndDestination", options.DestinationFrequency.PerCallerIdAndDestination);
        ClearIfGiven(section, "ClickToDial:Destinations:AllowedCountries", options.ClickToDial.Destinations.AllowedCountries);
        ClearIfGiven(section, "ClickToDial:Destinations:DeniedCountries", options.ClickToDial.Destinations.DeniedCountries);
        ClearIfGiven(section, "ClickToDial:Destinations:DeniedPrefixes", options.ClickToDial.Destinations.DeniedPrefixes);
        ClearIfGiven(section, "ClickToDial:Destinations:AllowedKinds", options.ClickToDial.Destinations.AllowedKinds);
    }

    private static void ClearIfGiven<T>(IConfiguration section, string key, ICollection<T>? list)
    {
        if (list is { IsReadOnly: false } && section.GetSection(key).GetChildren().GetEnumerator() is var children && children.MoveNext())
        {
            list.Clear();
        }
    }
}
