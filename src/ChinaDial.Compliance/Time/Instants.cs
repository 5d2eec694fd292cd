using System;

namespace ChinaDial.Compliance;

/// <summary>
/// Instant arithmetic that saturates at the ends of <see cref="DateTimeOffset"/> instead of throwing: an evaluation
/// at any instant from year 1 to 9999 gives a decision. A sum past the end is <see cref="DateTimeOffset.MaxValue"/>
/// ("not before the end of time"), a difference before the start is <see cref="DateTimeOffset.MinValue"/>.
/// </summary>
public static class Instants
{
    /// <summary>The UTC ticks of <see cref="DateTimeOffset.MaxValue"/>.</summary>
    internal const long MaxTicks = 3_155_378_975_999_999_999;

    /// <summary><paramref name="ticks"/> + <paramref name="delta"/>, both UTC ticks, kept within the range of
    /// <see cref="DateTimeOffset"/> (delta may be negative).</summary>
    internal static long Add(long ticks, long delta)
    {
        var sum = ticks + delta;
        if (((ticks ^ sum) & (delta ^ sum)) < 0)
        {
            sum = delta < 0 ? long.MinValue : long.MaxValue; // overflowed long itself
        }

        return Math.Clamp(sum, 0, MaxTicks);
    }

    /// <summary><paramref name="instant"/> + <paramref name="span"/>, saturating at the ends of the range.</summary>
    internal static DateTimeOffset Add(DateTimeOffset instant, TimeSpan span)
        => new(Add(instant.UtcTicks, span.Ticks), TimeSpan.Zero);

    /// <summary>The UTC instant of <paramref name="utcTicks"/>, clamped to the range of <see cref="DateTimeOffset"/>
    /// (never throws: a negative count is <see cref="DateTimeOffset.MinValue"/>, one past the end
    /// <see cref="DateTimeOffset.MaxValue"/>).</summary>
    /// <param name="utcTicks">Ticks since 0001-01-01T00:00:00Z.</param>
    /// <returns>The instant, with a zero offset.</returns>
    public static DateTimeOffset FromUtcTicks(long utcTicks) => new(Math.Clamp(utcTicks, 0, MaxTicks), TimeSpan.Zero);
}
