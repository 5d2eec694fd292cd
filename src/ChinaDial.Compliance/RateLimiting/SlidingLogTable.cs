using System;
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
/// <para><b>Memory.</b> Keys and slots live inline in open-addressing arrays (16 shards, linear probing, load at most
/// 3/4): an entry is one key cell and one cell per slot, 8 bytes each (48 bytes for a 5-per-minute caller ID, 32 for a
/// callee with 3 caps). Nothing is allocated per key or per decision; a shard's array is replaced when it fills.</para>
/// <para><b>Keys.</b> A new key claims a free key cell by CAS; key cells never become free again in an array (an
/// evicted key leaves a tombstone), so two threads adding the same key meet on the same cell. Keys 0,
/// <see cref="ulong.MaxValue"/> and <c>ulong.MaxValue - 1</c> are reserved and stand for key 1 (sharing state can
/// only make limits stricter).</para>
/// <para><b>Eviction and growth.</b> No timers and no locks: when decisions' instants pass the next sweep instant, one
/// caller (elected by CAS) queues a sweep on the thread pool. A key is idle when every slot of every group is at least
/// <c>W + margin</c> old. The sweeper marks slot 0 <see cref="Dying"/> by CAS, re-checks the other slots (a claimer
/// re-reads slot 0 after its own CAS, so one of them sees the other), then either marks it <see cref="Dead"/> and
/// tombstones the key, or puts slot 0 back. A shard grows (or is compacted) by one thread elected by CAS: it freezes
/// the free key cells, marks each entry's slot 0 <see cref="Dying"/>, swaps every other slot for <see cref="Moved"/>
/// (so a claim either is copied or is undone by its claimer, never both), copies the entries into a new array and
/// publishes it. Claimers that meet a marker undo their claims and start again; they wait only on a key idle for longer
/// than its window or on a shard being copied. Eviction assumes decision instants do not lag the sweeping clock by more
/// than the margin.</para>
/// </remarks>
internal sealed class SlidingLogTable : IThreadPoolWorkItem
{
    /// <summary>A slot never used.</summary>
    internal const long Empty = long.MinValue;

    /// <summary>Slot 0 while the sweeper or a growing shard holds the entry.</summary>
    internal const long Dying = long.MaxValue;

    /// <summary>Slot 0 of an evicted key's entry.</summary>
    internal const long Dead = long.MaxValue - 1;

    /// <summary>A slot whose value was copied into the shard's next array. The smallest marker: every slot value at or
    /// above it is a marker, never an instant.</summary>
    internal const long Moved = long.MaxValue - 2;

    /// <summary>Bits per group in a packed slot list.</summary>
    internal const int BitsPerGroup = 8;

    /// <summary>The largest number of groups of one table.</summary>
    internal const int MaxGroups = 64 / BitsPerGroup;

    /// <summary>The largest limit of one group.</summary>
    internal const int MaxLimit = (1 << BitsPerGroup) - 1;

    private const long FreeKey = 0;
    private const long Tombstone = -1;
    private const long Frozen = -2;
    private const int ShardBits = 4;
    private const int InitialEntries = 8;

    /// <summary>Cell 0 of an array holds its entry mask (entries - 1), set before the array is published.</summary>
    private const int Header = 1;

    private readonly Shard[] _shards;
    private readonly int[] _starts;
    private readonly long[] _windows;
    private readonly long[] _idleAfter;
    private readonly long _sweepInterval;
    private readonly int _stride;
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

        _stride = 1 + _starts[limits.Length];
        _sweepInterval = maxWindow + idleMargin;
        _shards = new Shard[1 << ShardBits];
        for (var i = 0; i < _shards.Length; i++)
        {
            _shards[i] = new Shard(NewCells(InitialEntries));
        }
    }

    /// <summary>The number of keys with state (counts every shard: for tests and diagnostics).</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var shard in _shards)
            {
                var cells = Volatile.Read(ref shard.Cells);
                for (var at = Header; at < cells.Length; at += _stride)
                {
                    count += IsKey(Volatile.Read(ref cells[at])) && Volatile.Read(ref cells[at + 1]) != Dead ? 1 : 0;
                }
            }

            return count;
        }
    }

    /// <summary>The bytes held by the shards' arrays.</summary>
    public long AllocatedBytes
    {
        get
        {
            var bytes = 0L;
            foreach (var shard in _shards)
            {
                bytes += Volatile.Read(ref shard.Cells).LongLength * sizeof(long);
            }

            return bytes;
        }
    }

    /// <summary>The number of groups.</summary>
    public int GroupCount => _windows.Length;

    /// <summary>
    /// Admits a call for <paramref name="key"/> at <paramref name="now"/> into every group, claiming one slot per
    /// group with <paramref name="claim"/> (the call's instant for rates; its end for concurrency).
    /// </summary>
    /// <param name="key">The key (a caller ID, a callee, a pair).</param>
    /// <param name="now">The call's instant in UTC ticks.</param>
    /// <param name="claim">The value written into the claimed slots.</param>
    /// <param name="slots">The claimed slot of group <c>g</c> in bits <c>8g..8g+7</c>, for <see cref="Release"/>.</param>
    /// <param name="retryAt">When not admitted: the first instant the same call would be admitted if nothing else
    /// arrives.</param>
    public bool TryAcquire(ulong key, long now, long claim, out ulong slots, out long retryAt)
    {
        MaybeSweep(now);
        var k = Normalize(key);
        var hash = Hash(k);
        var shard = _shards[hash >> (64 - ShardBits)];
        var spinner = default(SpinWait);
        while (true)
        {
            var cells = FindOrAdd(shard, k, hash, out var at);
            switch (TryClaimAll(shard, k, hash, cells, at, now, claim, out slots, out retryAt))
            {
                case ClaimResult.Admitted:
                    return true;
                case ClaimResult.Full:
                    return false;
                default:
                    spinner.SpinOnce();
                    continue;
            }
        }
    }

    /// <summary>Gives a claim back: slot <paramref name="slots"/> of each group goes from <paramref name="claim"/>
    /// to its value before the claim (or an equivalent one) if it still holds the claim.</summary>
    /// <param name="key">The key given to <see cref="TryAcquire"/>.</param>
    /// <param name="slots">The packed slots from <see cref="TryAcquire"/>.</param>
    /// <param name="claim">The claim value.</param>
    /// <param name="restoreBeforeWindow">Restore <c>claim - W</c> (rates: exact for later instants) when true;
    /// <see cref="Empty"/> (concurrency: the slot is free) when false.</param>
    public void Release(ulong key, ulong slots, long claim, bool restoreBeforeWindow)
    {
        var k = Normalize(key);
        var hash = Hash(k);
        var shard = _shards[hash >> (64 - ShardBits)];
        for (var g = 0; g < _windows.Length; g++)
        {
            var index = _starts[g] + (int)((slots >> (g * BitsPerGroup)) & MaxLimit);
            var restore = restoreBeforeWindow ? claim - _windows[g] : Empty;
            Restore(shard, k, hash, index, claim, restore);
        }
    }

    /// <summary>Evicts idle keys as of <paramref name="now"/> (also run on the thread pool by decisions).</summary>
    public void Sweep(long now)
    {
        foreach (var shard in _shards)
        {
            var cells = Volatile.Read(ref shard.Cells);
            for (var at = Header; at < cells.Length; at += _stride)
            {
                if (!IsKey(Volatile.Read(ref cells[at])))
                {
                    continue;
                }

                var head = Volatile.Read(ref cells[at + 1]);
                if (head >= Moved || !IsIdle(cells, at, now, 0))
                {
                    continue;
                }

                if (Interlocked.CompareExchange(ref cells[at + 1], Dying, head) != head)
                {
                    continue;
                }

                if (IsIdle(cells, at, now, 1))
                {
                    Volatile.Write(ref cells[at + 1], Dead);
                    Volatile.Write(ref cells[at], Tombstone);
                }
                else
                {
                    Volatile.Write(ref cells[at + 1], head);
                }
            }
        }
    }

    /// <summary>
    /// Removes the state of <paramref name="key"/> at once, whatever its age (erasure of a callee's history): its entry
    /// is evicted as the sweeper evicts an idle one, and its slots are cleared. A claim racing with it is undone by its
    /// claimer or lost, so use it only for a key that no call will use again (an erased callee is suppressed).
    /// </summary>
    /// <returns>Whether the key had state.</returns>
    public bool Forget(ulong key)
    {
        var k = Normalize(key);
        var hash = Hash(k);
        var shard = _shards[hash >> (64 - ShardBits)];
        var spinner = default(SpinWait);
        while (true)
        {
            var cells = Find(shard, k, hash, out var at);
            if (cells is null)
            {
                return false;
            }

            var head = Volatile.Read(ref cells[at + 1]);
            if (head == Dead)
            {
                spinner.SpinOnce(); // being evicted: its tombstone follows
                continue;
            }

            if (head >= Moved || Interlocked.CompareExchange(ref cells[at + 1], Dying, head) != head)
            {
                spinner.SpinOnce(); // swept, copied or claimed meanwhile: look again
                continue;
            }

            for (var s = 2; s < _stride; s++)
            {
                Volatile.Write(ref cells[at + s], Empty);
            }

            Volatile.Write(ref cells[at + 1], Dead);
            Volatile.Write(ref cells[at], Tombstone);
            return true;
        }
    }

    /// <summary>How many slots of group <paramref name="group"/> of <paramref name="key"/> hold an instant after
    /// <paramref name="after"/> (a rate's calls in its window: <c>now - W</c>; calls in progress: <c>now</c>). A
    /// reading for alerts: exact when nothing changes meanwhile.</summary>
    internal int CountAfter(ulong key, int group, long after)
    {
        var k = Normalize(key);
        var hash = Hash(k);
        var cells = Find(_shards[hash >> (64 - ShardBits)], k, hash, out var at);
        if (cells is null)
        {
            return 0;
        }

        var count = 0;
        for (var i = at + 1 + _starts[group]; i < at + 1 + _starts[group + 1]; i++)
        {
            var s = Volatile.Read(ref cells[i]);
            count += s > after && s < Moved ? 1 : 0;
        }

        return count;
    }

    /// <summary>The window of group <paramref name="group"/>, in ticks.</summary>
    internal long WindowOf(int group) => _windows[group];

    /// <summary>The limit of group <paramref name="group"/>.</summary>
    internal int LimitOf(int group) => _starts[group + 1] - _starts[group];

    /// <summary>Whether <paramref name="key"/> has state (for tests of erasure).</summary>
    internal bool Contains(ulong key)
    {
        var k = Normalize(key);
        var hash = Hash(k);
        var cells = Find(_shards[hash >> (64 - ShardBits)], k, hash, out var at);
        return cells is not null && Volatile.Read(ref cells[at + 1]) != Dead;
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
    public long RetryAt(ulong key, long now)
    {
        var k = Normalize(key);
        var hash = Hash(k);
        var shard = _shards[hash >> (64 - ShardBits)];
        var spinner = default(SpinWait);
        while (true)
        {
            var cells = Find(shard, k, hash, out var at);
            if (cells is null)
            {
                return now;
            }

            if (ComputeRetryAt(cells, at, now, out var retryAt))
            {
                return retryAt;
            }

            spinner.SpinOnce();
        }
    }

    /// <summary>Copies the slots of <paramref name="key"/> (group by group) into <paramref name="destination"/>, as many
    /// as fit; returns how many were copied, 0 when the key has no state. A pure read (caller-ID pacing reads the caller
    /// IDs a callee's slots hold).</summary>
    public int CopySlots(ulong key, Span<long> destination)
    {
        var k = Normalize(key);
        var hash = Hash(k);
        var shard = _shards[hash >> (64 - ShardBits)];
        var spinner = default(SpinWait);
        while (true)
        {
            var cells = Find(shard, k, hash, out var at);
            if (cells is null)
            {
                return 0;
            }

            var count = Math.Min(destination.Length, _stride - 1);
            var whole = true;
            for (var i = 0; i < count && whole; i++)
            {
                var s = Volatile.Read(ref cells[at + 1 + i]);
                whole = s < Moved; // being evicted or copied: read again
                destination[i] = s;
            }

            if (whole)
            {
                return count;
            }

            spinner.SpinOnce();
        }
    }

    /// <summary>Fibonacci hashing: one multiplication spreads sequential and patterned numbers; the top bits pick the
    /// shard, the next ones the home cell.</summary>
    private static ulong Hash(long key) => (ulong)key * 0x9E3779B97F4A7C15UL;

    private static int Index(ulong hash, int mask) => (int)(hash >> (64 - ShardBits - 28)) & mask;

    private static long Normalize(ulong key) => key is 0 or >= ulong.MaxValue - 1 ? 1 : (long)key;

    private static bool IsKey(long cell) => cell is not (FreeKey or Tombstone or Frozen);

    private long[] NewCells(int entries)
    {
        var cells = new long[Header + (entries * _stride)];
        cells[0] = entries - 1;
        for (var at = Header; at < cells.Length; at += _stride)
        {
            cells.AsSpan(at + 1, _stride - 1).Fill(Empty);
        }

        return cells;
    }

    /// <summary>The array and key cell holding <paramref name="key"/>, or null when the key has no state.</summary>
    private long[]? Find(Shard shard, long key, ulong hash, out int at)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            var cells = Volatile.Read(ref shard.Cells);
            var mask = (int)cells[0];
            var i = Index(hash, mask);
            for (var probes = 0; probes <= mask; probes++, i = (i + 1) & mask)
            {
                at = Header + (i * _stride);
                var cell = Volatile.Read(ref cells[at]);
                if (cell == key)
                {
                    return cells;
                }

                if (cell == FreeKey)
                {
                    return null;
                }

                if (cell == Frozen)
                {
                    break; // the shard is being copied: look in its next array
                }
            }

            if (ReferenceEquals(cells, Volatile.Read(ref shard.Cells)) && Volatile.Read(ref shard.Growing) == 0)
            {
                at = 0;
                return null; // probed every cell
            }

            spinner.SpinOnce();
        }
    }

    /// <summary>The array and key cell holding <paramref name="key"/>, adding the key when it has no state.</summary>
    private long[] FindOrAdd(Shard shard, long key, ulong hash, out int at)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            var cells = Volatile.Read(ref shard.Cells);
            var mask = (int)cells[0];
            var entries = mask + 1;
            var i = Index(hash, mask);
            for (var probes = 0; probes <= mask; probes++, i = (i + 1) & mask)
            {
                at = Header + (i * _stride);
                var cell = Volatile.Read(ref cells[at]);
                if (cell == key)
                {
                    return cells;
                }

                if (cell == FreeKey)
                {
                    if (Volatile.Read(ref shard.Used) >= entries - (entries >> 2))
                    {
                        break; // three quarters used: grow first
                    }

                    cell = Interlocked.CompareExchange(ref cells[at], key, FreeKey);
                    if (cell == FreeKey)
                    {
                        Interlocked.Increment(ref shard.Used);
                        return cells;
                    }

                    if (cell == key)
                    {
                        return cells;
                    }
                }

                if (cell == Frozen)
                {
                    break;
                }
            }

            Grow(shard, cells);
            spinner.SpinOnce();
        }
    }

    /// <summary>Replaces <paramref name="cells"/> by an array sized for its live keys; waits when another thread does.</summary>
    private void Grow(Shard shard, long[] cells)
    {
        if (Interlocked.CompareExchange(ref shard.Growing, 1, 0) != 0)
        {
            return; // another thread copies: the caller spins and looks again
        }

        try
        {
            if (!ReferenceEquals(cells, Volatile.Read(ref shard.Cells)))
            {
                return;
            }

            // 1. Freeze the free key cells (no key enters this array any more) and count the keys.
            var live = 0;
            for (var at = Header; at < cells.Length; at += _stride)
            {
                var cell = Interlocked.CompareExchange(ref cells[at], Frozen, FreeKey);
                live += IsKey(cell) ? 1 : 0;
            }

            var entries = InitialEntries;
            while (entries - (entries >> 2) <= live * 3 / 2)
            {
                entries <<= 1;
            }

            // 2. Take each entry (slot 0 → Dying, other slots → Moved) and copy it.
            var next = NewCells(entries);
            var mask = entries - 1;
            var used = 0;
            for (var at = Header; at < cells.Length; at += _stride)
            {
                var key = Volatile.Read(ref cells[at]);
                if (!IsKey(key) || !TryTake(cells, at, out var head))
                {
                    continue;
                }

                var i = Index(Hash(key), mask);
                while (next[Header + (i * _stride)] != FreeKey)
                {
                    i = (i + 1) & mask;
                }

                var to = Header + (i * _stride);
                next[to] = key;
                next[to + 1] = head;
                for (var s = 2; s < _stride; s++)
                {
                    next[to + s] = Interlocked.Exchange(ref cells[at + s], Moved);
                }

                used++;
            }

            Volatile.Write(ref shard.Used, used);
            Volatile.Write(ref shard.Cells, next);
            for (var at = Header + 1; at < cells.Length; at += _stride)
            {
                Volatile.Write(ref cells[at], Moved);
            }
        }
        finally
        {
            Volatile.Write(ref shard.Growing, 0);
        }
    }

    /// <summary>Marks the entry's slot 0 <see cref="Dying"/> for copying; false when it was evicted.</summary>
    private static bool TryTake(long[] cells, int at, out long head)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            head = Volatile.Read(ref cells[at + 1]);
            if (head == Dead)
            {
                return false;
            }

            if (head == Dying)
            {
                spinner.SpinOnce(); // the sweeper checks this key: O(slots)
                continue;
            }

            if (Interlocked.CompareExchange(ref cells[at + 1], Dying, head) == head)
            {
                return true;
            }
        }
    }

    /// <summary>Sets slot <paramref name="index"/> of <paramref name="key"/> from <paramref name="claim"/> to
    /// <paramref name="restore"/>, following the entry into the shard's next array when it was moved.</summary>
    private void Restore(Shard shard, long key, ulong hash, int index, long claim, long restore)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            var cells = Find(shard, key, hash, out var at);
            if (cells is null)
            {
                return;
            }

            var cell = at + 1 + index;
            var value = Volatile.Read(ref cells[cell]);
            if (value == claim)
            {
                if (Interlocked.CompareExchange(ref cells[cell], restore, claim) == claim)
                {
                    return;
                }

                continue;
            }

            if (value < Moved)
            {
                return; // the claim is gone (the slot was reused after its window)
            }

            spinner.SpinOnce();
        }
    }

    private ClaimResult TryClaimAll(Shard shard, long key, ulong hash, long[] e, int at, long now, long claim, out ulong slots, out long retryAt)
    {
        if (_windows.Length == 1)
        {
            return TryClaimSingle(shard, key, hash, e, at, now, claim, out slots, out retryAt);
        }

        slots = 0;
        retryAt = long.MinValue;
        Span<long> previous = stackalloc long[MaxGroups];
        var first = at + 1;
        for (var g = 0; g < _windows.Length; g++)
        {
            var threshold = now - _windows[g];
            var start = first + _starts[g];
            var end = first + _starts[g + 1];
            var claimed = -1;
            for (var i = start; i < end; i++)
            {
                var s = Volatile.Read(ref e[i]);
                if (s >= Moved)
                {
                    Undo(shard, key, hash, e, first, slots, previous, g, claim);
                    slots = 0;
                    return ClaimResult.Retry;
                }

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
                Undo(shard, key, hash, e, first, slots, previous, g, claim);
                slots = 0;
                return ComputeRetryAt(e, at, now, out retryAt) ? ClaimResult.Full : ClaimResult.Retry;
            }

            slots |= (ulong)(claimed - start) << (g * BitsPerGroup);
        }

        if (Volatile.Read(ref e[first]) >= Moved)
        {
            // The sweeper or a growing shard took this entry: our claims may sit in an array about to be dropped.
            Undo(shard, key, hash, e, first, slots, previous, _windows.Length, claim);
            slots = 0;
            return ClaimResult.Retry;
        }

        return ClaimResult.Admitted;
    }

    /// <summary>The common case (one window): one pass finds a free slot or the earliest one, no scratch space.</summary>
    private ClaimResult TryClaimSingle(Shard shard, long key, ulong hash, long[] e, int at, long now, long claim, out ulong slots, out long retryAt)
    {
        var window = _windows[0];
        var threshold = now - window;
        var min = long.MaxValue;
        var first = at + 1;
        var end = at + _stride;
        slots = 0;
        for (var i = first; i < end; i++)
        {
            var s = Volatile.Read(ref e[i]);
            if (s >= Moved)
            {
                retryAt = 0;
                return ClaimResult.Retry;
            }

            if (s <= threshold)
            {
                if (Interlocked.CompareExchange(ref e[i], claim, s) != s)
                {
                    i--; // the slot changed under us: look at it again
                    continue;
                }

                if (i != first && Volatile.Read(ref e[first]) >= Moved)
                {
                    // Being evicted or copied: give the slot back (wherever the entry went) and start again.
                    UndoSlot(shard, key, hash, e, i, i - first, s, claim);
                    retryAt = 0;
                    return ClaimResult.Retry;
                }

                slots = (ulong)(i - first);
                retryAt = now;
                return ClaimResult.Admitted;
            }

            min = Math.Min(min, s);
        }

        retryAt = Math.Max(now, min + window);
        return ClaimResult.Full;
    }

    private void Undo(Shard shard, long key, ulong hash, long[] e, int first, ulong slots, ReadOnlySpan<long> previous, int groups, long claim)
    {
        for (var g = 0; g < groups; g++)
        {
            var index = _starts[g] + (int)((slots >> (g * BitsPerGroup)) & MaxLimit);
            UndoSlot(shard, key, hash, e, first + index, index, previous[g], claim);
        }
    }

    /// <summary>Puts <paramref name="previous"/> back into a slot this thread claimed: in place, or in the shard's
    /// next array when a growing shard copied the claim there.</summary>
    private void UndoSlot(Shard shard, long key, ulong hash, long[] e, int cell, int index, long previous, long claim)
    {
        var seen = Interlocked.CompareExchange(ref e[cell], previous, claim);
        if (seen < Moved)
        {
            return; // given back, or the slot was already taken again
        }

        Restore(shard, key, hash, index, claim, previous);
    }

    /// <summary>Latest over groups of (earliest slot + window); false when the entry is being evicted or copied.</summary>
    private bool ComputeRetryAt(long[] e, int at, long now, out long retryAt)
    {
        retryAt = now;
        var first = at + 1;
        for (var g = 0; g < _windows.Length; g++)
        {
            var min = long.MaxValue;
            for (var i = first + _starts[g]; i < first + _starts[g + 1]; i++)
            {
                var s = Volatile.Read(ref e[i]);
                if (s >= Moved)
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

    private bool IsIdle(long[] e, int at, long now, int from)
    {
        var g = 0;
        for (var i = from; i < _stride - 1; i++)
        {
            while (i >= _starts[g + 1])
            {
                g++;
            }

            var s = Volatile.Read(ref e[at + 1 + i]);
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

    /// <summary>One open-addressing array of entries (key cell + slots) and its bookkeeping.</summary>
    private sealed class Shard(long[] cells)
    {
        public long[] Cells = cells;
        public int Used;
        public int Growing;
    }
}
