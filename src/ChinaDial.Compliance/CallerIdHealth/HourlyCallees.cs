using System;
using System.Numerics;
using System.Threading;

namespace ChinaDial.Compliance;

/// <summary>
/// The callees of one caller ID per UTC hour of placement, for the current and the previous hour (a call placed at
/// 10:59 and completed at 11:02 is counted in the 10:00 hour, as a carrier sees it): an estimate of the distinct
/// callees by linear counting over a 512-bit map (accurate to a few percent up to about 1,000 callees), the number of
/// calls and, for pacing, the callees themselves (an exact set). Lock-free, fixed size (two banks), allocation-free.
/// </summary>
/// <remarks>
/// The health monitor records completed calls here (map and calls only); caller-ID pacing (<see cref="CallerIdPacer"/>)
/// records placed calls in a table of its own with the same bit per callee and the same estimate, and reserves a new
/// callee only while both its exact count and the estimate stay under the warning level. The monitor's map for an
/// hour is then a subset of the pacer's, so its estimate (which grows with the bits set) stays under the level too; and
/// the exact count keeps a carrier's own count there, however the callees' bits happen to fall. A bank is reset by one
/// thread (its hour tag set to <see cref="Resetting"/> while it is cleared); a write that passed the tag check of a bank
/// reset under it lands in the newer hour, an overcount, never an undercount (and only after a stall of two hours).
/// </remarks>
internal sealed class HourlyCallees
{
    /// <summary>Bits of the map.</summary>
    internal const int Bits = 512;

    private const long Resetting = long.MaxValue;

    private readonly Bank _even;
    private readonly Bank _odd;

    /// <summary>Creates the state of one caller ID; <paramref name="exactCapacity"/> (a power of two, or 0) callees of an
    /// hour can be held exactly.</summary>
    public HourlyCallees(int exactCapacity = 0)
    {
        _even = new Bank(exactCapacity);
        _odd = new Bank(exactCapacity);
    }

    /// <summary>The bit of <paramref name="callee"/> in a map (the same for the monitor and the pacer).</summary>
    internal static int BitOf(ulong callee) => (int)(KeyMixer.Mix(callee) % Bits);

    /// <summary>The distinct callees estimated from <paramref name="setBits"/> bits set.</summary>
    internal static double Estimate(int setBits)
        => setBits >= Bits ? Bits * Math.Log(Bits) : -Bits * Math.Log((double)(Bits - Math.Max(0, setBits)) / Bits);

    /// <summary>The most bits that may be set with the estimate still under <paramref name="level"/>
    /// (<see cref="Bits"/> when even a full map stays under it).</summary>
    internal static int MaxSetBits(double level)
    {
        var bits = 0;
        while (bits < Bits && Estimate(bits + 1) < level)
        {
            bits++;
        }

        return bits;
    }

    /// <summary>Records a call to <paramref name="callee"/> placed in <paramref name="hour"/> (UTC hours since year 1);
    /// dropped when both banks hold later hours.</summary>
    public void Record(long hour, ulong callee)
    {
        if (Acquire(hour) is { } bank)
        {
            var bit = BitOf(callee);
            Interlocked.Or(ref bank.Map[bit >> 6], 1UL << (bit & 63));
            Interlocked.Increment(ref bank.Calls);
        }
    }

    /// <summary>The estimated distinct callees of <paramref name="hour"/>.</summary>
    public double Estimate(long hour) => Find(hour) is { } bank ? Estimate(SetBits(bank)) : 0;

    /// <summary>The calls recorded for <paramref name="hour"/>.</summary>
    public int Calls(long hour) => Find(hour) is { } bank ? Math.Max(0, Volatile.Read(ref bank.Calls)) : 0;

    /// <summary>What pacing needs to know of <paramref name="hour"/> for a call to <paramref name="callee"/>: the bits and
    /// callees placed and reserved (reservations read first, so one committed meanwhile is counted twice, never missed),
    /// whether the callee (and its bit) is already counted, and the calls placed or reserved.</summary>
    public HourView View(long hour, ulong callee)
    {
        if (Find(hour) is not { } bank)
        {
            return default;
        }

        var (pendingCallees, pendingBits) = Unpack(Volatile.Read(ref bank.Pending));
        var pendingCalls = Math.Max(0, Volatile.Read(ref bank.PendingCalls));
        var bit = BitOf(callee);
        var bitSet = (Volatile.Read(ref bank.Map[bit >> 6]) & (1UL << (bit & 63))) != 0;
        return new HourView(SetBits(bank), pendingBits, bitSet, Math.Max(0, Volatile.Read(ref bank.Callees)), pendingCallees, Contains(bank, callee), Math.Max(0, Volatile.Read(ref bank.Calls)) + pendingCalls);
    }

    /// <summary>Reserves a call of <paramref name="hour"/> to <paramref name="callee"/>: when it is a callee not counted
    /// this hour, only while the callees placed and reserved stay within <paramref name="maxCallees"/>, and when its bit is
    /// not set, only while the bits set and reserved stay within <paramref name="maxSetBits"/>.</summary>
    /// <returns>False when the call would take a count beyond its budget (nothing reserved).</returns>
    public bool TryReserve(long hour, ulong callee, int maxSetBits, int maxCallees, out Reservation reservation)
    {
        reservation = default;
        if (Acquire(hour) is not { } bank)
        {
            return false; // an hour older than both banks: never for a call placed now
        }

        var bit = BitOf(callee);
        while (true)
        {
            var pending = Volatile.Read(ref bank.Pending);
            var (pendingCallees, pendingBits) = Unpack(pending);
            var newCallee = !Contains(bank, callee);
            var newBit = (Volatile.Read(ref bank.Map[bit >> 6]) & (1UL << (bit & 63))) == 0;
            if ((newCallee && Volatile.Read(ref bank.Callees) + pendingCallees + 1 > maxCallees)
                || (newBit && SetBits(bank) + pendingBits + 1 > maxSetBits))
            {
                return false;
            }

            var claim = Pack(newCallee ? 1 : 0, newBit ? 1 : 0);
            if (claim != 0 && Interlocked.CompareExchange(ref bank.Pending, pending + claim, pending) != pending)
            {
                continue; // a reservation or commit came in between: look again
            }

            Interlocked.Increment(ref bank.PendingCalls);
            reservation = new Reservation(bit, newBit, newCallee);
            return true;
        }
    }

    /// <summary>Makes a reservation of <paramref name="hour"/> a placed call: its callee, bit and call counted before the
    /// reservation is given back, so that a reader never misses it.</summary>
    public void Commit(long hour, ulong callee, Reservation reservation)
    {
        if (Find(hour) is not { } bank)
        {
            return;
        }

        if (Insert(bank, callee))
        {
            Interlocked.Increment(ref bank.Callees);
        }

        Interlocked.Or(ref bank.Map[reservation.Bit >> 6], 1UL << (reservation.Bit & 63));
        Interlocked.Increment(ref bank.Calls);
        Release(bank, reservation);
    }

    /// <summary>Gives a reservation of <paramref name="hour"/> back (the call was not placed).</summary>
    public void Release(long hour, Reservation reservation)
    {
        if (Find(hour) is { } bank)
        {
            Release(bank, reservation);
        }
    }

    private static void Release(Bank bank, Reservation reservation)
    {
        var claim = Pack(reservation.NewCallee ? 1 : 0, reservation.NewBit ? 1 : 0);
        if (claim != 0)
        {
            Interlocked.Add(ref bank.Pending, -claim);
        }

        Interlocked.Decrement(ref bank.PendingCalls);
    }

    private static long Pack(int callees, int bits) => ((long)callees << 32) + bits;

    private static (int Callees, int Bits) Unpack(long pending) => ((int)Math.Max(0, pending >> 32), (int)Math.Max(0, (int)(pending & 0xFFFF_FFFF)));

    private static bool Contains(Bank bank, ulong callee)
    {
        var keys = bank.Keys;
        if (keys.Length == 0)
        {
            return false;
        }

        var mask = keys.Length - 1;
        var key = (long)callee;
        for (int i = (int)(KeyMixer.Mix(callee) >> 40) & mask, probes = 0; probes < keys.Length; i = (i + 1) & mask, probes++)
        {
            var slot = Volatile.Read(ref keys[i]);
            if (slot == key)
            {
                return true;
            }

            if (slot == 0)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Adds <paramref name="callee"/> to the bank's set; false when it was there (or the set is full).</summary>
    private static bool Insert(Bank bank, ulong callee)
    {
        var keys = bank.Keys;
        if (keys.Length == 0)
        {
            return false;
        }

        var mask = keys.Length - 1;
        var key = (long)callee;
        for (int i = (int)(KeyMixer.Mix(callee) >> 40) & mask, probes = 0; probes < keys.Length; i = (i + 1) & mask, probes++)
        {
            var slot = Volatile.Read(ref keys[i]);
            if (slot == 0)
            {
                slot = Interlocked.CompareExchange(ref keys[i], key, 0);
                if (slot == 0)
                {
                    return true;
                }
            }

            if (slot == key)
            {
                return false;
            }
        }

        return false;
    }

    private static int SetBits(Bank bank)
    {
        var set = 0;
        for (var i = 0; i < bank.Map.Length; i++)
        {
            set += BitOperations.PopCount(Volatile.Read(ref bank.Map[i]));
        }

        return set;
    }

    private Bank? Find(long hour)
    {
        var bank = (hour & 1) == 0 ? _even : _odd;
        return Volatile.Read(ref bank.Hour) == hour ? bank : null;
    }

    /// <summary>The bank of <paramref name="hour"/>, reset when it holds an earlier hour; null when it holds a later one.</summary>
    private Bank? Acquire(long hour)
    {
        var bank = (hour & 1) == 0 ? _even : _odd;
        var spinner = default(SpinWait);
        while (true)
        {
            var tag = Volatile.Read(ref bank.Hour);
            if (tag == hour)
            {
                return bank;
            }

            if (tag == Resetting)
            {
                spinner.SpinOnce();
                continue;
            }

            if (tag > hour)
            {
                return null;
            }

            if (Interlocked.CompareExchange(ref bank.Hour, Resetting, tag) == tag)
            {
                for (var i = 0; i < bank.Map.Length; i++)
                {
                    Volatile.Write(ref bank.Map[i], 0);
                }

                Array.Clear(bank.Keys);
                Volatile.Write(ref bank.Calls, 0);
                Volatile.Write(ref bank.Callees, 0);
                Volatile.Write(ref bank.PendingCalls, 0);
                Volatile.Write(ref bank.Pending, 0);
                Volatile.Write(ref bank.Hour, hour);
                return bank;
            }
        }
    }

    /// <summary>A reserved call: its callee's bit, and whether it reserved a new bit and a new callee.</summary>
    internal readonly record struct Reservation(int Bit, bool NewBit, bool NewCallee);

    private sealed class Bank(int exactCapacity)
    {
        public readonly ulong[] Map = new ulong[Bits / 64];
        public readonly long[] Keys = new long[exactCapacity];
        public long Hour = long.MinValue;
        public int Calls;
        public int Callees;
        public int PendingCalls;

        /// <summary>Reserved new callees (high 32 bits) and new bits (low 32 bits).</summary>
        public long Pending;
    }
}

/// <summary>One hour of a caller ID as pacing sees it.</summary>
/// <param name="SetBits">Bits set by placed calls.</param>
/// <param name="PendingBits">New bits reserved by calls being judged.</param>
/// <param name="BitSet">Whether the callee's bit is set.</param>
/// <param name="Callees">Distinct callees of placed calls (exact).</param>
/// <param name="PendingCallees">New callees reserved by calls being judged.</param>
/// <param name="Known">Whether the callee was called this hour.</param>
/// <param name="Calls">Calls placed and being judged.</param>
internal readonly record struct HourView(int SetBits, int PendingBits, bool BitSet, int Callees, int PendingCallees, bool Known, int Calls);
