using System;
using System.Threading;

namespace ChinaDial.Compliance;

/// <summary>
/// Converts instants to a zone's local time fast: the zone's UTC offset is looked up once per UTC day and reused for
/// every instant of that day when the offset is the same at both ends of the day (no transition that day); on a day
/// with a transition every conversion asks <see cref="TimeZoneInfo"/>.
/// </summary>
internal sealed class ZoneOffsetCache(TimeZoneInfo zone)
{
    private DayOffset? _today;

    public TimeZoneInfo Zone => zone;

    public DateTime ToLocal(DateTimeOffset instant)
    {
        var utc = instant.UtcTicks;
        var day = utc / TimeSpan.TicksPerDay;
        var cached = Volatile.Read(ref _today);
        if (cached is null || cached.Day != day)
        {
            var start = zone.GetUtcOffset(new DateTimeOffset(day * TimeSpan.TicksPerDay, TimeSpan.Zero));
            var end = zone.GetUtcOffset(new DateTimeOffset(((day + 1) * TimeSpan.TicksPerDay) - 1, TimeSpan.Zero));
            cached = new DayOffset(day, start.Ticks, start == end);
            Volatile.Write(ref _today, cached);
        }

        return cached.Uniform ? new DateTime(utc + cached.OffsetTicks) : TimeZoneInfo.ConvertTime(instant, zone).DateTime;
    }

    private sealed record DayOffset(long Day, long OffsetTicks, bool Uniform);
}
