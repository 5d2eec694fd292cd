using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Threading;

namespace ChinaDial.Compliance;

/// <summary>
/// The state of caller-ID pacing, shared by the <c>caller-id-pacing</c> policy (which reserves and records placed
/// calls) and <see cref="CallerIdSelector"/> (which asks it for headroom). Per caller ID of the approved pool: the
/// callees of the current and previous UTC hour (<see cref="HourlyCallees"/>, the health monitor's bit per callee and
/// estimate) and the calls placed over the health window; per callee: the caller IDs that called it this UTC day
/// (a <see cref="SlidingLogTable"/> with one slot per caller ID allowed, each holding the end of the day plus the caller
/// ID's index, so a slot frees itself when the day ends). Lock-free; nothing allocated per decision.
/// </summary>
/// <remarks>
/// What is guaranteed, and what is judged:
/// <list type="bullet">
/// <item>Distinct callees per hour (counted at the hour a call is placed): a call to a callee not yet called this hour
/// reserves a place among the hour's callees (counted exactly, as a carrier would) and, when its bit of the hour's map is
/// not set, a bit, only while both counts stay under the warning level (the bits through the health monitor's
/// estimate), however many calls are judged at once; the monitor's map holds the completed calls' bits, a subset, so
/// its estimate stays under the level too.</item>
/// <item>Caller IDs per callee per UTC day: a call from a caller ID the callee has not heard today claims a slot; with
/// <c>ceil(Warning) - 1</c> slots the count never reaches the warning level.</item>
/// <item>Repeated calls and volume against the fleet are judged on the calls placed (not reserved): calls judged at the
/// same instant on one caller ID may pass together.</item>
/// </list>
/// A reservation of a call that is not placed is given back when the call is denied or deferred by another policy; when
/// a ticket is cancelled (or an evaluation ends otherwise) it stays counted until its hour or day ends: stricter, never
/// looser.
/// </remarks>
internal sealed class CallerIdPacer
{
    /// <summary>The largest caller-ID index a callee's slot can tell apart (the slot holds the end of the day plus the
    /// index, in ticks); caller IDs from this index on share it and always count as new for a callee.</summary>
    internal const int MaxDistinctIndex = 2047;

    private readonly FrozenDictionary<ulong, int> _index;
    private readonly PhoneNumberInfo[] _pool;
    private readonly HourlyCallees[] _hours;
    private readonly OutcomeRing[] _placed;
    private readonly OutcomeRing _fleet;
    private readonly SlidingLogTable _exposure;
    private readonly int _exposureSlots;
    private readonly int _maxSetBits;
    private readonly int _maxCallees;
    private readonly double _fanOutWarning;
    private readonly double _repeatedWarning;
    private readonly double _volumeWarning;
    private readonly int _minimumCalls;
    private readonly long _bucketTicks;
    private readonly long[] _lastEpoch;
    private readonly ulong[] _activeSince = new ulong[OutcomeRing.BucketCount];

    /// <summary>Creates the pacing state of the approved caller IDs of <paramref name="callerIds"/>, held under the
    /// warning levels of <paramref name="health"/> (both validated by the caller).</summary>
    public CallerIdPacer(CallerIdOptions callerIds, CallerIdHealthOptions health)
    {
        ArgumentNullException.ThrowIfNull(callerIds);
        ArgumentNullException.ThrowIfNull(health);
        var index = new Dictionary<ulong, int>();
        var pool = new List<PhoneNumberInfo>();
        foreach (var text in callerIds.Approved)
        {
            var number = PhoneNumberClassifier.Classify(text);
            if (number.IsParsed && index.TryAdd(number.Key, pool.Count))
            {
                pool.Add(number);
            }
        }

        _index = index.ToFrozenDictionary();
        _pool = [.. pool];
        _fanOutWarning = health.DistinctCalleesPerHour.Warning;
        _maxSetBits = HourlyCallees.MaxSetBits(_fanOutWarning);
        _maxCallees = Math.Max(0, (int)Math.Min(Math.Ceiling(_fanOutWarning) - 1, MaxFanOutWarning));
        _hours = new HourlyCallees[_pool.Length];
        _placed = new OutcomeRing[_pool.Length];
        var exact = (int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(2 * _maxCallees)));
        for (var i = 0; i < _pool.Length; i++)
        {
            _hours[i] = new HourlyCallees(exact);
            _placed[i] = new OutcomeRing(health.Window);
        }

        _fleet = new OutcomeRing(health.Window);
        _lastEpoch = new long[_pool.Length];
        Array.Fill(_lastEpoch, long.MinValue);
        _bucketTicks = Math.Max(1, health.Window.Ticks / OutcomeRing.BucketCount);
        _repeatedWarning = health.RepeatedCallRatio.Warning;
        _volumeWarning = health.VolumeToFleetAverage.Warning;
        _minimumCalls = health.MinimumCalls;
        _exposureSlots = ExposureSlots(health.CallerIdsPerCalleePerDay.Warning);
        _exposure = new SlidingLogTable([_exposureSlots], [0L], TimeSpan.TicksPerHour);
    }

    /// <summary>The largest distinct-callees-per-hour warning level pacing holds caller IDs under (it keeps each caller
    /// ID's callees of the hour, at most one fewer than the level).</summary>
    internal const int MaxFanOutWarning = 1000;

    /// <summary>How many caller IDs a callee may hear in a day under the exposure warning level <paramref name="warning"/>:
    /// one fewer than the level (rounded up).</summary>
    internal static int ExposureSlots(double warning) => (int)Math.Ceiling(warning) - 1;

    /// <summary>How many slots a callee has: the scratch space <see cref="ReadCallee"/> needs.</summary>
    public int ExposureSlotCount => _exposureSlots;

    /// <summary>How many caller IDs are paced.</summary>
    public int PoolSize => _pool.Length;

    /// <summary>The index of <paramref name="callerId"/> in the paced pool; -1 when it is not approved.</summary>
    public int IndexOf(PhoneNumberInfo callerId) => callerId.IsParsed && _index.TryGetValue(callerId.Key, out var i) ? i : -1;

    /// <summary>The caller ID at <paramref name="index"/>.</summary>
    public PhoneNumberInfo CallerIdAt(int index) => _pool[index];

    /// <summary>Reads the caller IDs <paramref name="callee"/> heard on the UTC day of <paramref name="now"/>.</summary>
    public CalleeDay ReadCallee(PhoneNumberInfo callee, long now, Span<long> scratch)
    {
        var count = callee.IsParsed ? _exposure.CopySlots(callee.Key, scratch[..Math.Min(scratch.Length, _exposureSlots)]) : 0;
        var dayEnd = DayEnd(now);
        var inUse = 0;
        var first = -1;
        var earliest = long.MaxValue;
        var firstClaim = long.MaxValue;
        for (var i = 0; i < count; i++)
        {
            var slot = scratch[i];
            if (slot <= now)
            {
                continue; // free: an earlier day's, or never used
            }

            inUse++;
            earliest = Math.Min(earliest, slot);
            var offset = slot - dayEnd;
            if (offset is >= 0 and < MaxDistinctIndex && offset < _pool.Length && i < firstClaim)
            {
                (first, firstClaim) = ((int)offset, i);
            }
        }

        return new CalleeDay(dayEnd, inUse, count, first, earliest == long.MaxValue ? now : earliest);
    }

    /// <summary>Whether the slots read into <paramref name="scratch"/> hold caller ID <paramref name="index"/> today.</summary>
    public static bool Heard(in CalleeDay day, ReadOnlySpan<long> scratch, int index)
    {
        if (index >= MaxDistinctIndex)
        {
            return false;
        }

        var claim = day.DayEnd + index;
        for (var i = 0; i < day.Slots; i++)
        {
            if (scratch[i] == claim)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// When a call from caller ID <paramref name="index"/> to <paramref name="callee"/> would keep every paced signal
    /// under its warning level if nothing else arrives (<paramref name="now"/> when it would now: the first instant, not
    /// an estimate), the signals it would take there now (<see cref="Pacing"/>), and how loaded the caller ID is (the
    /// largest of its signals against their warning levels, 0 when idle). <paramref name="day"/> and
    /// <paramref name="scratch"/> are the callee's day read at <paramref name="now"/> (<see cref="ReadCallee"/>).
    /// </summary>
    public long NextAdmission(int index, PhoneNumberInfo callee, in CalleeDay day, ReadOnlySpan<long> scratch, long now, out Pacing over, out double load)
        => NextAdmission(index, callee, day, scratch, now, long.MaxValue, out over, out load);

    /// <summary>As <see cref="NextAdmission(int, PhoneNumberInfo, in CalleeDay, ReadOnlySpan{long}, long, out Pacing, out double)"/>,
    /// but an instant at or after <paramref name="notAfter"/> is returned as soon as it is known to be one (a caller
    /// looking for the earliest of several needs no more).</summary>
    public long NextAdmission(int index, PhoneNumberInfo callee, in CalleeDay day, ReadOnlySpan<long> scratch, long now, long notAfter, out Pacing over, out double load)
    {
        var next = Judge(index, callee, day, scratch, now, out over, out load);
        if (over == Pacing.None || next >= notAfter)
        {
            return over == Pacing.None ? now : next;
        }

        // Each signal's own instant may leave another over (the volume against the fleet moves both ways as calls age
        // out): judge again at it until nothing is over, as of then.
        Span<long> later = stackalloc long[_exposureSlots];
        for (var round = 0; round < 16 && next < notAfter; round++)
        {
            var then = ReadCallee(callee, next, later);
            var again = Judge(index, callee, then, later, next, out var still, out _);
            if (still == Pacing.None)
            {
                return next;
            }

            next = again;
        }

        return next;
    }

    /// <summary>The signals a call at <paramref name="now"/> would take to their level, and for each the instant it
    /// would not (the latest of them).</summary>
    private long Judge(int index, PhoneNumberInfo callee, in CalleeDay day, ReadOnlySpan<long> scratch, long now, out Pacing over, out double load)
    {
        over = Pacing.None;
        var next = now;
        if (!Heard(day, scratch, index) && day.InUse >= _exposureSlots)
        {
            over |= Pacing.CalleeExposure;
            next = Math.Max(next, day.EarliestFree);
        }

        var hour = now / TimeSpan.TicksPerHour;
        var view = _hours[index].View(hour, callee.Key);
        var bits = view.SetBits + view.PendingBits;
        var callees = view.Callees + view.PendingCallees;
        load = Math.Max(HourlyCallees.Estimate(bits), callees) / _fanOutWarning;
        if (!view.Known && (callees + 1 > _maxCallees || (!view.BitSet && bits + 1 > _maxSetBits)))
        {
            over |= Pacing.FanOut;
            next = Math.Max(next, NextHour(hour));
        }

        if (view.Calls + 1 >= _minimumCalls)
        {
            // As the monitor estimates it and as a carrier counts it. Any call that leaves the hour judged at the level
            // waits, a new callee too: the calls below the minimum may have been repeats already.
            var estimated = 1 - (HourlyCallees.Estimate(view.SetBits + (view.BitSet ? 0 : 1)) / (view.Calls + 1));
            var counted = 1 - ((double)(view.Callees + (view.Known ? 0 : 1)) / (view.Calls + 1));
            var repeated = Math.Max(0, Math.Max(estimated, counted));
            load = Math.Max(load, repeated / _repeatedWarning);
            if (repeated >= _repeatedWarning)
            {
                over |= Pacing.Repeated;
                next = Math.Max(next, NextHour(hour));
            }
        }

        var mine = _placed[index].Sum(now).Calls + 1;
        if (mine >= _minimumCalls)
        {
            var fleet = _fleet.Sum(now).Calls + 1;
            var active = Math.Max(1, ActiveCallerIds(now) + (mine == 1 ? 1 : 0));
            var volume = (double)mine * active / fleet;
            load = Math.Max(load, volume / _volumeWarning);
            if (volume >= _volumeWarning)
            {
                over |= Pacing.Volume;
                next = Math.Max(next, VolumeClears(index, now));
            }
        }

        return next;
    }

    /// <summary>Reserves a call from caller ID <paramref name="index"/> to <paramref name="callee"/> at
    /// <paramref name="now"/> (the evaluator's clock): its bit of the hour and, for a caller ID the callee has not heard
    /// today, a slot of the callee's day.</summary>
    /// <returns>The reservation; or <see cref="Pacing"/> flags and the instant the call would pass, nothing reserved.</returns>
    public bool TryReserve(int index, PhoneNumberInfo callee, long now, out long reservation, out Pacing over, out long retryAt)
    {
        reservation = 0;
        Span<long> scratch = stackalloc long[_exposureSlots];
        var day = ReadCallee(callee, now, scratch);
        retryAt = NextAdmission(index, callee, day, scratch, now, out over, out _);
        if (over != Pacing.None)
        {
            return false;
        }

        var hour = now / TimeSpan.TicksPerHour;
        if (!_hours[index].TryReserve(hour, callee.Key, _maxSetBits, _maxCallees, out var hourly))
        {
            over = Pacing.FanOut; // taken by a call judged at the same time
            retryAt = NextHour(hour);
            return false;
        }

        ulong slots = 0;
        var claimed = false;
        if (!Heard(day, scratch, index))
        {
            if (!_exposure.TryAcquire(callee.Key, now, day.DayEnd + Math.Min(index, MaxDistinctIndex), out slots, out var free))
            {
                _hours[index].Release(hour, hourly);
                over = Pacing.CalleeExposure;
                retryAt = free;
                return false;
            }

            claimed = true;
        }

        reservation = (long)((uint)hourly.Bit | (hourly.NewBit ? 1UL << 9 : 0) | (hourly.NewCallee ? 1UL << 10 : 0) | (claimed ? 1UL << 11 : 0) | (slots << 12));
        return true;
    }

    /// <summary>Records the call of <paramref name="reservation"/> as placed at <paramref name="now"/>.</summary>
    public void Commit(int index, PhoneNumberInfo callee, long reservation, long now)
    {
        _hours[index].Commit(now / TimeSpan.TicksPerHour, callee.Key, Hourly(reservation));
        _placed[index].Record(now, answered: false, shortCall: false);
        _fleet.Record(now, answered: false, shortCall: false);
        BecomeActive(index, now / _bucketTicks);
    }

    /// <summary>Gives back the reservation made at <paramref name="now"/> for a call that was not placed.</summary>
    public void Release(int index, PhoneNumberInfo callee, long reservation, long now)
    {
        _hours[index].Release(now / TimeSpan.TicksPerHour, Hourly(reservation));
        if ((reservation & (1L << 11)) != 0)
        {
            _exposure.Release(callee.Key, (ulong)(reservation >> 12), DayEnd(now) + Math.Min(index, MaxDistinctIndex), restoreBeforeWindow: false);
        }
    }

    private static HourlyCallees.Reservation Hourly(long reservation)
        => new((int)(reservation & 0x1FF), (reservation & (1L << 9)) != 0, (reservation & (1L << 10)) != 0);

    /// <summary>The first UTC tick of the day after the day of <paramref name="now"/>.</summary>
    private static long DayEnd(long now) => ((now / TimeSpan.TicksPerDay) + 1) * TimeSpan.TicksPerDay;

    private static long NextHour(long hour) => Math.Min((hour + 1) * TimeSpan.TicksPerHour, Instants.MaxTicks);

    /// <summary>The first ring bucket boundary at which caller ID <paramref name="index"/>'s calls against the fleet
    /// average, one more call each, fall under the warning level (or under the minimum calls), if nothing else arrives.</summary>
    private long VolumeClears(int index, long now)
    {
        var epoch = now / _bucketTicks;
        for (var ahead = 1; ahead <= OutcomeRing.BucketCount; ahead++)
        {
            var at = Math.Min((epoch + ahead) * _bucketTicks, Instants.MaxTicks);
            var mine = _placed[index].Sum(at).Calls + 1;
            var fleet = _fleet.Sum(at).Calls + 1;
            var active = Math.Max(1, ActiveCallerIds(at) + (mine == 1 ? 1 : 0));
            if (mine < _minimumCalls || (double)mine * active / fleet < _volumeWarning || at == Instants.MaxTicks)
            {
                return at;
            }
        }

        return Math.Min((epoch + OutcomeRing.BucketCount) * _bucketTicks, Instants.MaxTicks);
    }

    /// <summary>Caller IDs with calls placed in the window ending at <paramref name="now"/>: per ring bucket, the caller
    /// IDs whose last call is in it (each caller ID counted in one bucket), summed over the window. Exact, and the same
    /// whoever asks when: a query changes nothing.</summary>
    private int ActiveCallerIds(long now)
    {
        var epoch = now / _bucketTicks;
        var active = 0L;
        for (var i = 0; i < OutcomeRing.BucketCount; i++)
        {
            var value = Volatile.Read(ref _activeSince[i]);
            var age = ((ulong)epoch - (value >> 48)) & 0xFFFF;
            active += value != 0 && age < OutcomeRing.BucketCount ? (long)(value & 0xFFFF_FFFF_FFFF) : 0;
        }

        return (int)Math.Min(active, _pool.Length);
    }

    /// <summary>Moves caller ID <paramref name="index"/>'s last call to <paramref name="epoch"/> (never back).</summary>
    private void BecomeActive(int index, long epoch)
    {
        var last = Volatile.Read(ref _lastEpoch[index]);
        while (last < epoch)
        {
            var seen = Interlocked.CompareExchange(ref _lastEpoch[index], epoch, last);
            if (seen == last)
            {
                if (last != long.MinValue)
                {
                    AddActive(last, -1);
                }

                AddActive(epoch, 1);
                return;
            }

            last = seen;
        }
    }

    /// <summary>Adds <paramref name="delta"/> to the bucket of <paramref name="epoch"/> (a 16-bit tag and a 48-bit count;
    /// a bucket of an older epoch starts afresh, a removal from a bucket reused since does nothing).</summary>
    private void AddActive(long epoch, int delta)
    {
        ref var bucket = ref _activeSince[(int)(epoch % OutcomeRing.BucketCount)];
        var tag = (ulong)epoch & 0xFFFF;
        while (true)
        {
            var current = Volatile.Read(ref bucket);
            var count = current >> 48 == tag ? (long)(current & 0xFFFF_FFFF_FFFF) : 0;
            if (delta < 0 && (current >> 48 != tag || count == 0))
            {
                return;
            }

            if (Interlocked.CompareExchange(ref bucket, (tag << 48) | (ulong)(count + delta), current) == current)
            {
                return;
            }
        }
    }
}

/// <summary>The signals a call would take to their warning level.</summary>
[Flags]
internal enum Pacing
{
    /// <summary>None: the call keeps every paced signal under its level.</summary>
    None = 0,

    /// <summary>Distinct callees this hour (<c>caller_id_pacing</c>).</summary>
    FanOut = 1,

    /// <summary>Repeated calls this hour (<c>caller_id_pacing</c>).</summary>
    Repeated = 2,

    /// <summary>Volume against the fleet (<c>caller_id_pacing</c>).</summary>
    Volume = 4,

    /// <summary>Caller IDs the callee heard today (<c>callee_exposure_limited</c>).</summary>
    CalleeExposure = 8,
}

/// <summary>A callee's UTC day as pacing read it.</summary>
/// <param name="DayEnd">The first tick of the next UTC day.</param>
/// <param name="InUse">Slots holding a caller ID of this day.</param>
/// <param name="Slots">Slots read.</param>
/// <param name="First">The index of the first caller ID the callee heard today; -1 when none.</param>
/// <param name="EarliestFree">When the first slot in use frees itself.</param>
internal readonly record struct CalleeDay(long DayEnd, int InUse, int Slots, int First, long EarliestFree);
