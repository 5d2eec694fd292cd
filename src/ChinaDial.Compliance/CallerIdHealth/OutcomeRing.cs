using System;
using System.Threading;

namespace ChinaDial.Compliance;

/// <summary>
/// Lock-free rolling counts of calls, answered calls, short calls and very short calls over a window of
/// <see cref="BucketCount"/> buckets. Each bucket is one <see cref="ulong"/> — a 16-bit epoch tag and three 16-bit
/// counters — updated by a single compare-and-swap, so a bucket is never half reset; the very short calls have a
/// bucket of their own beside it (a 16-bit tag and a 48-bit counter). Counters saturate at 65,535 per bucket.
/// </summary>
internal sealed class OutcomeRing
{
    internal const int BucketCount = 12;
    private const ulong CounterMask = 0xFFFF;

    private readonly ulong[] _buckets = new ulong[BucketCount];
    private readonly ulong[] _veryShort = new ulong[BucketCount];
    private readonly long _bucketTicks;

    public OutcomeRing(TimeSpan window) => _bucketTicks = Math.Max(1, window.Ticks / BucketCount);

    public void Record(long ticks, bool answered, bool shortCall, bool veryShortCall = false)
    {
        var epoch = ticks / _bucketTicks;
        var tag = (ulong)epoch & CounterMask;
        ref var bucket = ref _buckets[(int)(epoch % BucketCount)];
        while (true)
        {
            var current = Volatile.Read(ref bucket);
            var (calls, answers, shorts) = (tag == current >> 48) ? Unpack(current) : (0UL, 0UL, 0UL);
            var next = (tag << 48)
                | (Math.Min(calls + 1, CounterMask) << 32)
                | (Math.Min(answers + (answered ? 1UL : 0UL), CounterMask) << 16)
                | Math.Min(shorts + (shortCall ? 1UL : 0UL), CounterMask);
            if (Interlocked.CompareExchange(ref bucket, next, current) == current)
            {
                break;
            }
        }

        if (!veryShortCall)
        {
            return;
        }

        ref var very = ref _veryShort[(int)(epoch % BucketCount)];
        while (true)
        {
            var current = Volatile.Read(ref very);
            var count = tag == current >> 48 ? current & 0xFFFF_FFFF_FFFF : 0;
            if (Interlocked.CompareExchange(ref very, (tag << 48) | Math.Min(count + 1, CounterMask), current) == current)
            {
                return;
            }
        }
    }

    /// <summary>Sums the buckets of the window ending at <paramref name="ticks"/>; <paramref name="recentBuckets"/>
    /// of them (the newest) are also summed separately, for trends.</summary>
    public OutcomeCounts Sum(long ticks, int recentBuckets = 0)
    {
        var epoch = ticks / _bucketTicks;
        var tag = (ulong)epoch & CounterMask;
        OutcomeCounts total = default, recent = default;
        var veryShort = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            var very = Volatile.Read(ref _veryShort[i]);
            if (very != 0 && ((tag - (very >> 48)) & CounterMask) < BucketCount)
            {
                veryShort += (int)(very & CounterMask);
            }

            var value = Volatile.Read(ref _buckets[i]);
            var age = (tag - (value >> 48)) & CounterMask;
            if (value == 0 || age >= BucketCount)
            {
                continue;
            }

            var (calls, answers, shorts) = Unpack(value);
            total = total.Add((int)calls, (int)answers, (int)shorts);
            if (age < (ulong)recentBuckets)
            {
                recent = recent.Add((int)calls, (int)answers, (int)shorts);
            }
        }

        return total with { RecentCalls = recent.Calls, RecentAnswered = recent.Answered, VeryShortCalls = veryShort };
    }

    public void Clear()
    {
        for (var i = 0; i < BucketCount; i++)
        {
            Volatile.Write(ref _buckets[i], 0);
            Volatile.Write(ref _veryShort[i], 0);
        }
    }

    private static (ulong Calls, ulong Answered, ulong Short) Unpack(ulong value)
        => ((value >> 32) & CounterMask, (value >> 16) & CounterMask, value & CounterMask);
}

/// <summary>Counts over a window.</summary>
internal readonly record struct OutcomeCounts(int Calls, int Answered, int ShortCalls, int RecentCalls = 0, int RecentAnswered = 0, int VeryShortCalls = 0)
{
    public OutcomeCounts Add(int calls, int answered, int shortCalls) => new(Calls + calls, Answered + answered, ShortCalls + shortCalls);
}
