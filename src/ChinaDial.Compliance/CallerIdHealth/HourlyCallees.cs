using System;
using System.Numerics;
using System.Threading;

namespace ChinaDial.Compliance;

/// <summary>
/// The callees of one caller ID per UTC hour of placement, for the current and the previous hour (a call placed at
/// 10:59 and completed at 11:02 is counted in the 10:00 hour, as a carrier sees it): an estimate of the distinct
/// callees by linear counting over a 512-bit map (accurate to a few percent up to about 1,000 callees) and the number of
/// calls. Lock-free, fixed size (two banks), allocation-free.
/// </summary>
/// <remarks>
/// The health monitor records completed calls here; caller-ID pacing (<see cref="CallerIdPacer"/>) records placed calls
/// in a table of its own with the same bit per callee and the same estimate, and reserves a new bit only while the
/// estimate stays under the warning level. The monitor's map for an hour is then a subset of the pacer's, so its
/// estimate (which grows with the bits set) stays under the level too. A bank is reset by one thread (its hour tag set
/// to <see cref="Resetting"/> while it is cleared); a write that passed the tag check of a bank reset under it lands in
/// the newer hour, an overcount, never an undercount (and only after a stall of two hours).
/// </remarks>
internal sealed class HourlyCallees
{
    /// <summary>Bits of the map.</summary>
    internal const int Bits = 512;

    private const long Resetting = long.MaxValue;

    private readonly Bank _even = new();
    private readonly Bank _odd = new();

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

    /// <summary>What pacing needs to know of <paramref name="hour"/> for a call to the callee of <paramref name="bit"/>:
    /// the bits set and reserved (pending reservations read first, so a reservation committed meanwhile is counted
    /// twice, never missed), whether the bit is already set, and the calls placed or reserved.</summary>
    public HourView View(long hour, int bit)
    {
        if (Find(hour) is not { } bank)
        {
            return default;
        }

        var pendingNew = Math.Max(0, Volatile.Read(ref bank.PendingNew));
        var pendingCalls = Math.Max(0, Volatile.Read(ref bank.PendingCalls));
        var isSet = (Volatile.Read(ref bank.Map[bit >> 6]) & (1UL << (bit & 63))) != 0;
        return new HourView(SetBits(bank), pendingNew, isSet, Math.Max(0, Volatile.Read(ref bank.Calls)) + pendingCalls);
    }

    /// <summary>Reserves a call of <paramref name="hour"/> to the callee of <paramref name="bit"/>: when its bit is not
    /// set yet, only while the bits set and reserved stay within <paramref name="maxSetBits"/>.</summary>
    /// <returns>False when the call would set a bit beyond the budget (nothing reserved).</returns>
    public bool TryReserve(long hour, int bit, int maxSetBits, out bool newBit)
    {
        newBit = false;
        if (Acquire(hour) is not { } bank)
        {
            return false; // an hour older than both banks: never for a call placed now
        }

        while (true)
        {
            var pending = Volatile.Read(ref bank.PendingNew);
            if ((Volatile.Read(ref bank.Map[bit >> 6]) & (1UL << (bit & 63))) == 0)
            {
                if (SetBits(bank) + Math.Max(0, pending) + 1 > maxSetBits)
                {
                    return false;
                }

                if (Interlocked.CompareExchange(ref bank.PendingNew, pending + 1, pending) != pending)
                {
                    continue; // a reservation or commit came in between: look again
                }

                newBit = true;
            }

            Interlocked.Increment(ref bank.PendingCalls);
            return true;
        }
    }

    /// <summary>Makes a reservation of <paramref name="hour"/> a placed call: its bit set and the call counted before
    /// the reservation is given back, so that a reader never misses it.</summary>
    public void Commit(long hour, int bit, bool newBit)
    {
        if (Find(hour) is not { } bank)
        {
            return;
        }

        Interlocked.Or(ref bank.Map[bit >> 6], 1UL << (bit & 63));
        Interlocked.Increment(ref bank.Calls);
        Release(bank, newBit);
    }

    /// <summary>Gives a reservation of <paramref name="hour"/> back (the call was not placed).</summary>
    public void Release(long hour, bool newBit)
    {
        if (Find(hour) is { } bank)
        {
            Release(bank, newBit);
        }
    }

    private static void Release(Bank bank, bool newBit)
    {
        if (newBit)
        {
            Interlocked.Decrement(ref bank.PendingNew);
        }

        Interlocked.Decrement(ref bank.PendingCalls);
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

                Volatile.Write(ref bank.Calls, 0);
                Volatile.Write(ref bank.PendingCalls, 0);
                Volatile.Write(ref bank.PendingNew, 0);
                Volatile.Write(ref bank.Hour, hour);
                return bank;
            }
        }
    }

    private sealed class Bank
    {
        public readonly ulong[] Map = new ulong[Bits / 64];
        public long Hour = long.MinValue;
        public int Calls;
        public int PendingCalls;
        public int PendingNew;
    }
}

/// <summary>One hour of a caller ID as pacing sees it.</summary>
/// <param name="SetBits">Bits set by placed calls.</param>
/// <param name="PendingNew">New bits reserved by calls being judged.</param>
/// <param name="IsSet">Whether the callee's bit is set (it may be a repeat).</param>
/// <param name="Calls">Calls placed and being judged.</param>
internal readonly record struct HourView(int SetBits, int PendingNew, bool IsSet, int Calls);
