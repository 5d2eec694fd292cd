using System;
using System.Numerics;
using System.Threading;

namespace ChinaDial.Compliance;

/// <summary>
/// Estimates how many distinct keys were seen in the current period (e.g. distinct callees this hour) with linear
/// counting over a 512-bit map, plus how many keys were recorded in all: lock-free, fixed 80 bytes, accurate to a few percent up to about 1,000 keys.
/// At a period change the map is cleared; keys recorded during that instant by other threads may be lost
/// (an undercount by a handful, acceptable for a health signal).
/// </summary>
internal sealed class DistinctCounter
{
    private const int Bits = 512;
    private readonly ulong[] _map = new ulong[Bits / 64];
    private long _period = long.MinValue;
    private int _records;

    public void Record(long period, ulong key)
    {
        var seen = Volatile.Read(ref _period);
        if (seen != period && Interlocked.CompareExchange(ref _period, period, seen) == seen)
        {
            for (var i = 0; i < _map.Length; i++)
            {
                Volatile.Write(ref _map[i], 0);
            }

            Volatile.Write(ref _records, 0);
        }

        Interlocked.Increment(ref _records);
        var bit = KeyMixer.Mix(key) % Bits;
        Interlocked.Or(ref _map[bit / 64], 1UL << (int)(bit % 64));
    }

    /// <summary>How many keys (repeats included) were recorded in <paramref name="period"/>.</summary>
    public int Records(long period) => Volatile.Read(ref _period) == period ? Volatile.Read(ref _records) : 0;

    public double Estimate(long period)
    {
        if (Volatile.Read(ref _period) != period)
        {
            return 0;
        }

        var set = 0;
        for (var i = 0; i < _map.Length; i++)
        {
            set += BitOperations.PopCount(Volatile.Read(ref _map[i]));
        }

        var empty = Bits - set;
        return empty == 0 ? Bits * Math.Log(Bits) : -Bits * Math.Log((double)empty / Bits);
    }
}
