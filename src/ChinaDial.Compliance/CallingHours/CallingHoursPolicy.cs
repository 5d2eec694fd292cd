using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// Defers a call whose callee's local time is outside the calling window of its purpose, or on a restricted date, with
/// <c>outside_calling_hours</c> and <see cref="PolicyResult.NotBefore"/> = the next instant a window opens. Time zones
/// are resolved once per region at construction; judging a call allocates nothing.
/// </summary>
internal sealed class CallingHoursPolicy : IOutboundCallPolicy
{
    private const int MaxDaysAhead = 400;

    private readonly ZoneOffsetCache?[] _zones;
    private readonly Window[] _windows = new Window[3];
    private readonly FrozenSet<DateOnly> _restricted;

    public CallingHoursPolicy(CallingHoursOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        options.Validate(errors, "CallingHours");
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _zones = new ZoneOffsetCache?[NumberPlan.RegionCodes.Length];
        _zones[RegionTable.IndexOf("CN")] = new ZoneOffsetCache(TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone));
        foreach (var (region, zone) in options.CountryTimeZones)
        {
            _zones[RegionTable.IndexOf(region)] = new ZoneOffsetCache(TimeZoneInfo.FindSystemTimeZoneById(zone));
        }

        var fallback = new Window(options.Start, options.End - options.StopBeforeEnd, Days(options.Days));
        for (var p = 0; p < _windows.Length; p++)
        {
            _windows[p] = options.Purposes.TryGetValue((CallPurpose)p, out var custom)
                ? new Window(custom.Start, custom.End - options.StopBeforeEnd, Days(custom.Days))
                : fallback;
        }

        var restricted = new HashSet<DateOnly>();
        foreach (var date in options.RestrictedDates)
        {
            restricted.Add(DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        _restricted = restricted.ToFrozenSet();
    }

    public string Name => BuiltInPolicyNames.CallingHours;

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        var region = context.Destination.RegionIndex;
        var zone = region >= 0 ? _zones[region] : null;
        if (zone is null)
        {
            return new(PolicyResult.Allow());
        }

        var window = _windows[(int)context.Purpose];
        if (!zone.TryToLocal(context.Instant, out var local))
        {
            // Within a day of the ends of time the callee's local time cannot be told: no window can be shown open.
            return new(PolicyResult.Deny(ReasonCode.OutsideCallingHours));
        }

        if (IsOpen(window, local))
        {
            return new(PolicyResult.Allow());
        }

        return new(NextOpening(window, local, context.Instant, zone.Zone) is { } next
            ? PolicyResult.Defer(ReasonCode.OutsideCallingHours, next)
            : PolicyResult.Deny(ReasonCode.OutsideCallingHours));
    }

    /// <summary>Whether a call at local time <paramref name="local"/> is inside <paramref name="window"/>.</summary>
    private bool IsOpen(Window window, DateTime local)
    {
        var timeOfDay = local.TimeOfDay;
        return timeOfDay >= window.Start && timeOfDay < window.End && window.Days[(int)local.DayOfWeek]
            && (_restricted.Count == 0 || !_restricted.Contains(DateOnly.FromDateTime(local)));
    }

    /// <summary>The first instant after <paramref name="instant"/> (local time <paramref name="local"/>) at which the window opens.</summary>
    private DateTimeOffset? NextOpening(Window window, DateTime local, DateTimeOffset instant, TimeZoneInfo zone)
    {
        var lastDay = Math.Min(MaxDaysAhead, (int)((DateTime.MaxValue.Date - local.Date).Ticks / TimeSpan.TicksPerDay) - 1);
        for (var day = 0; day <= lastDay; day++)
        {
            var date = local.Date.AddDays(day);
            if (!window.Days[(int)date.DayOfWeek] || _restricted.Contains(DateOnly.FromDateTime(date)))
            {
                continue;
            }

            var opening = date + window.Start;
            if (opening <= local && day == 0)
            {
                continue;
            }

            // Where a daylight-saving gap swallows the opening, the window opens when the clocks resume.
            while (zone.IsInvalidTime(opening))
            {
                opening = opening.AddMinutes(1);
            }

            if (opening.Date != date || opening.TimeOfDay >= window.End)
            {
                continue; // the gap swallowed the whole window that day
            }

            if (!zone.IsAmbiguousTime(opening))
            {
                var offset = zone.GetUtcOffset(opening);
                var utc = opening.Ticks - offset.Ticks;
                if (utc < 0 || utc > Instants.MaxTicks)
                {
                    continue; // an opening before the start of time (or after its end) cannot be named
                }

                return new DateTimeOffset(opening, offset);
            }

            // Where the clocks go back, the opening time happens twice: the first of its instants still to come.
            var offsets = zone.GetAmbiguousTimeOffsets(opening);
            Array.Sort(offsets);
            for (var i = offsets.Length - 1; i >= 0; i--)
            {
                var utc = opening.Ticks - offsets[i].Ticks;
                if (utc < 0 || utc > Instants.MaxTicks)
                {
                    continue;
                }

                var candidate = new DateTimeOffset(opening, offsets[i]);
                if (candidate > instant)
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static bool[] Days(IList<DayOfWeek> days)
    {
        var flags = new bool[7];
        foreach (var day in days)
        {
            flags[(int)day] = true;
        }

        return flags;
    }

    private sealed record Window(TimeSpan Start, TimeSpan End, bool[] Days);
}
