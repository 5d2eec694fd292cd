using System;
using System.Collections.Generic;

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
}
