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

    /// <summary>The local time of <paramref name="instant"/>; false when it lies outside <see cref="DateTime"/>'s
    /// range (within a day of the ends of time).</summary>
    public bool TryToLocal(DateTimeOffset instant, out DateTime local)
    {
        var utc = instant.UtcTicks;
        var day = utc / TimeSpan.TicksPerDay;
        var cached = Volatile.Read(ref _today);
        if (cached is null || cached.Day != day)
        {
            var start = zone.GetUtcOffset(new DateTimeOffset(day * TimeSpan.TicksPerDay, TimeSpan.Zero));
            var end = zone.GetUtcOffset(new DateTimeOffset(Math.Min(((day + 1) * TimeSpan.TicksPerDay) - 1, Instants.MaxTicks), TimeSpan.Zero));
            cached = new DayOffset(day, start.Ticks, start == end);
            Volatile.Write(ref _today, cached);
        }

        var offset = cached.Uniform ? cached.OffsetTicks : zone.GetUtcOffset(instant).Ticks;
        var ticks = utc + offset;
        if (ticks < 0 || ticks > Instants.MaxTicks)
        {
            local = default;
            return false;
        }

        local = new DateTime(ticks);
        return true;
    }

    private sealed record DayOffset(long Day, long OffsetTicks, bool Uniform);
}
