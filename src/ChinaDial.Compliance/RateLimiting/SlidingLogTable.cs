using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace ChinaDial.Compliance;

/// <summary>
/// The lock-free primitive behind the caller-ID rate, destination frequency and concurrency policies: per key, one
/// group of <c>Limit</c> slots per window, each slot holding the instant (UTC ticks) of one admitted call.
/// </summary>
/// <remarks>
/// <para><b>Rule.</b> A call at <c>t</c> is admitted into a group (limit <c>L</c>, window <c>W</c>) when some slot
/// holds <c>s &lt;= t - W</c>; it claims that slot by <see cref="Interlocked.CompareExchange(ref long, long, long)"/>
/// (<c>s</c> → its claim value). A slot's successive values therefore grow by at least <c>W</c>, so any half-open
/// window of length <c>W</c> holds at most one admitted call per slot: at most <c>L</c>, whatever the interleaving and
/// even for instants out of order. For instants in order this is exactly the sliding log: admitted iff fewer than
/// <c>L</c> admitted calls lie in <c>(t - W, t]</c>. A call is admitted only when every group admits it (claims of
/// earlier groups are undone otherwise).</para>
/// <para><b>Retry instant.</b> When a group is full, the same call is first admitted at <c>min(slots) + W</c>; over
/// several groups, the latest of these: exact when nothing else arrives.</para>
/// <para><b>Release.</b> A released claim sets its slot back to <c>t - W</c> (for the rate groups) if the slot still
/// holds the claim: for every later instant that is the same as the value it replaced (which was <c>&lt;= t - W</c>),
/// so the quota comes back exactly; for earlier instants it is more restrictive, never less.</para>
/// <para><b>Memory.</b> The state of a key is one <c>long[]</c> (24 bytes + 8 per slot: 64 bytes for 5 slots) in a
/// <see cref="ConcurrentDictionary{TKey, TValue}"/>. The array is created by <c>GetOrAdd</c>'s factory, outside the
/// dictionary's locks, the first time a key is seen.</para>
/// <para><b>Eviction.</b> No timers: when decisions' instants pass the next sweep instant, one caller (elected by
/// CAS) queues a sweep on the thread pool. A key is idle when every slot of every group is at least
/// <c>W + margin</c> old. The sweeper marks slot 0 <see cref="Dying"/> by CAS, re-checks the other slots (a claimer
/// re-reads slot 0 after its own CAS, so one of them sees the other), then either marks it <see cref="Dead"/> and
/// removes the exact array, or puts slot 0 back. Claimers that meet <see cref="Dead"/> help remove it and start again
/// with a fresh array; claimers that meet <see cref="Dying"/> spin for the sweeper's O(L) check (only on a key idle
/// for longer than its window). Eviction assumes decision instants do not lag the sweeping clock by more than the
/// margin.</para>
/// </remarks>
internal sealed class SlidingLogTable<TKey> : IThreadPoolWorkItem
    where TKey : notnull, IEquatable<TKey>
{
    /// <summary>A slot never used.</summary>
    internal const long Empty = long.MinValue;

    /// <summary>Slot 0 while the sweeper checks whether the key is idle.</summary>
    internal const long Dying = long.MaxValue;

    /// <summary>Slot 0 of an evicted key's array.</summary>
    internal const long Dead = long.MaxValue - 1;

    /// <summary>Bits per group in a packed slot list.</summary>
    internal const int BitsPerGroup = 8;

    /// <summary>The largest number of groups of one table.</summary>
    internal const int MaxGroups = 64 / BitsPerGroup;

    /// <summary>The largest limit of one group.</summary>
    internal const int MaxLimit = (1 << BitsPerGroup) - 1;

    private readonly ConcurrentDictionary<TKey, long[]> _entries;
    private readonly Func<TKey, long[]> _factory;
    private readonly int[] _starts;
    private readonly long[] _windows;
    private readonly long[] _idleAfter;
    private readonly long _sweepInterval;
    private readonly int _slotCount;
    private long _nextSweep = long.MinValue;
    private long _sweepAt;
    private int _sweeping;

    /// <param name="limits">Slots per group (1..255).</param>
    /// <param name="windows">Window per group in ticks (0 or more).</param>
    /// <param name="idleMargin">How long past its window a key's state is kept (ticks, &gt; 0).</param>
    public SlidingLogTable(ReadOnlySpan<int> limits, ReadOnlySpan<long> windows, long idleMargin)
    {
        if (limits.Length is 0 or > MaxGroups || windows.Length != limits.Length)
        {
            throw new ArgumentException("Between 1 and 8 groups, one window per limit.", nameof(limits));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(idleMargin);
        _starts = new int[limits.Length + 1];
        _windows = windows.ToArray();
        _idleAfter = new long[limits.Length];
        var maxWindow = 0L;
        for (var g = 0; g < limits.Length; g++)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits[g]);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(limits[g], MaxLimit);
            ArgumentOutOfRangeException.ThrowIfNegative(windows[g]);
            _starts[g + 1] = _starts[g] + limits[g];
            _idleAfter[g] = windows[g] + idleMargin;
            maxWindow = Math.Max(maxWindow, windows[g]);
        }

        _slotCount = _starts[limits.Length];
        _sweepInterval = maxWindow + idleMargin;
        var slotCount = _slotCount;
        _factory = _ => NewEntry(slotCount);
        _entries = new ConcurrentDictionary<TKey, long[]>();
    }

    /// <summary>The number of keys with state.</summary>
    public int Count => _entries.Count;

    /// <summary>The number of groups.</summary>
    public int GroupCount => _windows.Length;

    /// <summary>
    /// Admits a call for <paramref name="key"/> at <paramref name="now"/> into every group, claiming one slot per
    /// group with <paramref name="claim"/> (the call's instant for rates; its end for concurrency).
    /// </summary>
    /// <param name="key">The key (a caller ID, a callee, a pair).</param>
    /// <param name="now">The call's instant in UTC ticks.</param>
    /// <param name="claim">The value written into the claimed slots.</param>
    /// <param name="entry">The key's state, for <see cref="Release"/>.</param>
    /// <param name="slots">The claimed slot of group <c>g</c> in bits <c>8g..8g+7</c>.</param>
    /// <param name="retryAt">When not admitted: the first instant the same call would be admitted if nothing else
    /// arrives.</param>
    public bool TryAcquire(TKey key, long now, long claim, out long[] entry, out ulong slots, out long retryAt)
    {
        MaybeSweep(now);
        var spinner = default(SpinWait);
        while (true)
        {
            if (!_entries.TryGetValue(key, out var e))
            {
                e = _entries.GetOrAdd(key, _factory);
            }

            var head = Volatile.Read(ref e[0]);
            if (head >= Dead)
            {
                if (head == Dead)
                {
                    _entries.TryRemove(new KeyValuePair<TKey, long[]>(key, e));
                }
                else
                {
                    spinner.SpinOnce();
                }

                continue;
            }

            switch (TryClaimAll(e, now, claim, out slots, out retryAt))
            {
                case ClaimResult.Admitted:
                    entry = e;
                    return true;
                case ClaimResult.Full:
                    entry = e;
                    return false;
                default:
                    spinner.SpinOnce();
                    continue;
            }
        }
    }

    /// <summary>Gives a claim back: slot <paramref name="slots"/> of each group goes from <paramref name="claim"/>
    /// to <c>restore(group)</c> if it still holds the claim.</summary>
    /// <param name="entry">The state from <see cref="TryAcquire"/>.</param>
    /// <param name="slots">The packed slots from <see cref="TryAcquire"/>.</param>
    /// <param name="claim">The claim value.</param>
    /// <param name="restoreBeforeWindow">Restore <c>claim - W</c> (rates: exact for later instants) when true;
    /// <see cref="Empty"/> (concurrency: the slot is free) when false.</param>
    public void Release(long[] entry, ulong slots, long claim, bool restoreBeforeWindow)
    {
        ArgumentNullException.ThrowIfNull(entry);
        for (var g = 0; g < _windows.Length; g++)
        {
            var index = _starts[g] + (int)((slots >> (g * BitsPerGroup)) & MaxLimit);
            var restore = restoreBeforeWindow ? claim - _windows[g] : Empty;
            Interlocked.CompareExchange(ref entry[index], restore, claim);
        }
    }

    /// <summary>Evicts idle keys as of <paramref name="now"/> (also run on the thread pool by decisions).</summary>
    public void Sweep(long now)
    {
        foreach (var pair in _entries)
        {
            var e = pair.Value;
            var head = Volatile.Read(ref e[0]);
            if (head >= Dead || !IsIdle(e, now, 0))
            {
                continue;
            }

            if (Interlocked.CompareExchange(ref e[0], Dying, head) != head)
            {
                continue;
            }

            if (IsIdle(e, now, 1))
            {
                Volatile.Write(ref e[0], Dead);
                _entries.TryRemove(pair);
            }
            else
            {
                Volatile.Write(ref e[0], head);
            }
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        try
        {
            Sweep(Volatile.Read(ref _sweepAt));
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    /// <summary>When a call for <paramref name="key"/> at <paramref name="now"/> would next be admitted, without claiming.</summary>
    public long RetryAt(TKey key, long now)
    {
        if (!_entries.TryGetValue(key, out var e) || !ComputeRetryAt(e, now, out var retryAt))
        {
            return now;
        }

        return retryAt;
    }

    internal long[]? Peek(TKey key) => _entries.TryGetValue(key, out var e) ? e : null;

    private static long[] NewEntry(int slotCount)
    {
        var e = new long[slotCount];
        Array.Fill(e, Empty);
        return e;
    }

    private ClaimResult TryClaimAll(long[] e, long now, long claim, out ulong slots, out long retryAt)
    {
        if (_windows.Length == 1)
        {
            return TryClaimSingle(e, now, claim, out slots, out retryAt);
        }

        slots = 0;
        retryAt = long.MinValue;
        Span<long> previous = stackalloc long[MaxGroups];
        for (var g = 0; g < _windows.Length; g++)
        {
            var threshold = now - _windows[g];
            var start = _starts[g];
            var end = _starts[g + 1];
            var claimed = -1;
            for (var i = start; i < end; i++)
            {
                var s = Volatile.Read(ref e[i]);
                if (s <= threshold)
                {
                    if (Interlocked.CompareExchange(ref e[i], claim, s) == s)
                    {
                        previous[g] = s;
                        claimed = i;
                        break;
                    }

                    i--; // the slot changed under us: look at it again
                }
            }

            if (claimed < 0)
            {
                Undo(e, slots, previous, g, claim);
                slots = 0;
                return ComputeRetryAt(e, now, out retryAt) ? ClaimResult.Full : ClaimResult.Retry;
            }

            slots |= (ulong)(claimed - start) << (g * BitsPerGroup);
        }

        if (Volatile.Read(ref e[0]) >= Dead)
        {
            // The sweeper began evicting this key: our claims may sit in an array about to be dropped.
            Undo(e, slots, previous, _windows.Length, claim);
            slots = 0;
            return ClaimResult.Retry;
        }

        return ClaimResult.Admitted;
    }

    /// <summary>The common case (one window): one pass finds a free slot or the earliest one, no scratch space.</summary>
    private ClaimResult TryClaimSingle(long[] e, long now, long claim, out ulong slots, out long retryAt)
    {
        var window = _windows[0];
        var threshold = now - window;
        var min = long.MaxValue;
        slots = 0;
        for (var i = 0; i < e.Length; i++)
        {
            var s = Volatile.Read(ref e[i]);
            if (s <= threshold)
            {
                if (Interlocked.CompareExchange(ref e[i], claim, s) != s)
                {
                    i--; // the slot changed under us: look at it again
                    continue;
                }

                if (i != 0 && Volatile.Read(ref e[0]) >= Dead)
                {
                    Interlocked.CompareExchange(ref e[i], s, claim); // being evicted: undo, start again
                    retryAt = 0;
                    return ClaimResult.Retry;
                }

                slots = (ulong)i;
                retryAt = now;
                return ClaimResult.Admitted;
            }

            if (s >= Dead)
            {
                retryAt = 0;
                return ClaimResult.Retry;
            }

            min = Math.Min(min, s);
        }

        retryAt = Math.Max(now, min + window);
        return ClaimResult.Full;
    }

    private void Undo(long[] e, ulong slots, ReadOnlySpan<long> previous, int groups, long claim)
    {
        for (var g = 0; g < groups; g++)
        {
            var index = _starts[g] + (int)((slots >> (g * BitsPerGroup)) & MaxLimit);
            Interlocked.CompareExchange(ref e[index], previous[g], claim);
        }
    }

    /// <summary>Latest over groups of (earliest slot + window); false when the state is being evicted.</summary>
    private bool ComputeRetryAt(long[] e, long now, out long retryAt)
    {
        retryAt = now;
        for (var g = 0; g < _windows.Length; g++)
        {
            var min = long.MaxValue;
            for (var i = _starts[g]; i < _starts[g + 1]; i++)
            {
                var s = Volatile.Read(ref e[i]);
                if (s >= Dead)
                {
                    return false;
                }

                min = Math.Min(min, s);
            }

            var free = min == Empty ? now : min + _windows[g];
            retryAt = Math.Max(retryAt, free);
        }

        return true;
    }

    private bool IsIdle(long[] e, long now, int from)
    {
        var g = 0;
        for (var i = from; i < e.Length; i++)
        {
            while (i >= _starts[g + 1])
            {
                g++;
            }

            var s = Volatile.Read(ref e[i]);
            if (s != Empty && s > now - _idleAfter[g])
            {
                return false;
            }
        }

        return true;
    }

    private void MaybeSweep(long now)
    {
        var next = Volatile.Read(ref _nextSweep);
        if (now < next)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _nextSweep, now + _sweepInterval, next) != next)
        {
            return;
        }

        if (next == long.MinValue || Interlocked.CompareExchange(ref _sweeping, 1, 0) != 0)
        {
            return; // the first decision only arms the sweep
        }

        Volatile.Write(ref _sweepAt, now);
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    private enum ClaimResult
    {
        Admitted,
        Full,
        Retry,
    }
}
