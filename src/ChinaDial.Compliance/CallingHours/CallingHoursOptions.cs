using System;
using System.Collections.Generic;
using System.Globalization;

namespace ChinaDial.Compliance;

/// <summary>
/// When callees may be called, in their local time. Bound from the <c>ChinaDialCompliance:CallingHours</c>
/// configuration section (<c>Start</c>, <c>End</c>, <c>TimeZone</c> as in the design's configuration shape).
/// </summary>
public sealed class CallingHoursOptions
{
    /// <summary>Whether the calling-hours policy runs. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Start of the default window, local time. Default 09:00.</summary>
    public TimeSpan Start { get; set; } = TimeSpan.FromHours(9);

    /// <summary>End of the default window, local time (exclusive). Default 21:00.</summary>
    public TimeSpan End { get; set; } = TimeSpan.FromHours(21);

    /// <summary>The days of the default window. Default every day.</summary>
    public IList<DayOfWeek> Days { get; set; } = CallingWindowOptions.EveryDay();

    /// <summary>The IANA time zone of +86 callees. Default <c>Asia/Shanghai</c> (all of mainland China keeps one time).</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>IANA time zones of other destination regions (ISO 3166 → zone, e.g. <c>"HK": "Asia/Hong_Kong"</c>).
    /// Destinations in a region with no zone (here or <see cref="TimeZone"/> for CN) are not judged by calling hours.</summary>
    public IDictionary<string, string> CountryTimeZones { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Windows that replace the default one for a purpose (e.g. a shorter one for marketing).</summary>
    public IDictionary<CallPurpose, CallingWindowOptions> Purposes { get; set; } = new Dictionary<CallPurpose, CallingWindowOptions>();

    /// <summary>Local dates (<c>yyyy-MM-dd</c>) with no calling at all, e.g. public holidays.</summary>
    public IList<string> RestrictedDates { get; set; } = [];

    /// <summary>Stop this long before a window closes, so that calls end inside it. Default zero.</summary>
    public TimeSpan StopBeforeEnd { get; set; } = TimeSpan.Zero;

    /// <summary>Adds one error per bad entry to <paramref name="errors"/>, each naming its key under <paramref name="path"/>.</summary>
    internal void Validate(ICollection<string> errors, string path)
    {
        var stopOk = StopBeforeEnd >= TimeSpan.Zero && StopBeforeEnd < TimeSpan.FromDays(1);
        if (!stopOk)
        {
            errors.Add($"{path}:StopBeforeEnd must be between 00:00:00 and less than a day; it is {OptionChecks.Text(StopBeforeEnd)}.");
        }

        CallingWindowOptions.Check(errors, path, Start, End, Days, stopOk ? StopBeforeEnd : TimeSpan.Zero);
        CheckZone(TimeZone, errors, $"{path}:TimeZone");
        if (OptionChecks.NotNull(errors, $"{path}:CountryTimeZones", CountryTimeZones))
        {
            foreach (var (region, zone) in CountryTimeZones)
            {
                if (!RegionTable.IsKnown(region))
                {
                    errors.Add($"{path}:CountryTimeZones:{region} '{region}' is not a known region code (ISO 3166, e.g. HK).");
                }
                else if (string.Equals(region, "CN", StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add($"{path}:CountryTimeZones:{region}: the zone of CN callees is {path}:TimeZone; remove this entry.");
                }

                CheckZone(zone, errors, $"{path}:CountryTimeZones:{region}");
            }
        }

        if (OptionChecks.NotNull(errors, $"{path}:Purposes", Purposes))
        {
            foreach (var (purpose, window) in Purposes)
            {
                if (OptionChecks.Defined(errors, $"{path}:Purposes:{purpose:D}", purpose) && OptionChecks.NotNull(errors, $"{path}:Purposes:{purpose}", window))
                {
                    window.Validate(errors, $"{path}:Purposes:{purpose}");
                    CheckStop(window, errors, $"{path}:Purposes:{purpose}");
                }
            }
        }

        if (OptionChecks.NotNull(errors, $"{path}:RestrictedDates", RestrictedDates))
        {
            for (var i = 0; i < RestrictedDates.Count; i++)
            {
                if (!DateOnly.TryParseExact(RestrictedDates[i], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    errors.Add($"{path}:RestrictedDates:{i} '{RestrictedDates[i]}' is not a date (yyyy-MM-dd).");
                }
            }
        }
    }

    /// <summary>A window valid on its own must still open before <see cref="StopBeforeEnd"/> shortens it to nothing.</summary>
    private void CheckStop(CallingWindowOptions window, ICollection<string> errors, string path)
    {
        var day = TimeSpan.FromDays(1);
        if (StopBeforeEnd > TimeSpan.Zero && StopBeforeEnd < day && window.Start >= TimeSpan.Zero && window.End <= day
            && window.Start < window.End && window.Start >= window.End - StopBeforeEnd)
        {
            errors.Add($"{path}: Start ({OptionChecks.Text(window.Start)}) must come before End ({OptionChecks.Text(window.End)}) less StopBeforeEnd ({OptionChecks.Text(StopBeforeEnd)}).");
        }
    }

    /// <summary>Reports <paramref name="zone"/> unless it is an IANA time zone id this machine knows.</summary>
    private static void CheckZone(string? zone, ICollection<string> errors, string path)
    {
        TimeZoneInfo? found = null;
        try
        {
            found = string.IsNullOrEmpty(zone) ? null : TimeZoneInfo.FindSystemTimeZoneById(zone);
        }
#pragma warning disable CA1031 // Any failure to resolve a configured zone is a validation error, never an exception.
        catch (Exception)
#pragma warning restore CA1031
        {
            found = null;
        }

        if (found is null)
        {
            errors.Add($"{path} '{zone}' is not an IANA time zone id (e.g. Asia/Shanghai).");
        }
        else if (!found.HasIanaId)
        {
            errors.Add($"{path} '{zone}' is a Windows time zone id; give the IANA id (e.g. Asia/Shanghai).");
        }
    }
}
