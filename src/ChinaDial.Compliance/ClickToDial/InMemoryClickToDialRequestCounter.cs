using System;
using System.Net;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// The click-to-dial request caps of one process: one <see cref="SlidingLogTable"/> per cap (lock-free, exact sliding
/// windows, idle keys evicted), within a memory bound.
/// </summary>
/// <remarks>
/// <para><b>Memory.</b> A key active in the window takes <c>8 × (1 + cap)</c> bytes in its table (32 bytes per number,
/// 48 per address, 168 per narrow and 808 per wide network with the default caps); a table is kept between a quarter
/// and three quarters full (at least 3/8 while it only grows), so at most 4 times that, 8/3 while it only grows. A key
/// idle for its window and a minute is evicted. Together the tables never hold more than
/// <see cref="ClickToDialOptions.MaxCounterBytes"/> and one shard's growth (1/8 of it).</para>
/// <para><b>Saturation.</b> A flood of distinct addresses or numbers that reaches the bound makes the counter answer
/// <see cref="ClickToDialCount.Unavailable"/> for one whole window, counting nothing: the guard deflects every request
/// with <c>policy_error</c>. After that window the tables start afresh, which is exact: no request was counted in the
/// window that ends then, so no key has anything in it.</para>
/// <para>Addresses are keyed by a 64-bit hash with a per-instance random seed, so that no one can choose an address
/// whose key is another's; two addresses sharing a key share a quota (stricter, never looser).</para>
/// </remarks>
public sealed class InMemoryClickToDialRequestCounter : IClickToDialRequestCounter, IPersonalDataStore
{
    private static readonly long IdleMargin = TimeSpan.TicksPerMinute;

    private readonly int[] _limits;
    private readonly long _window;
    private readonly long _maxBytes;
    private readonly ulong _seed;
    private Generation _generation;

    /// <summary>Creates a counter with the caps, window and memory bound of <paramref name="options"/>.</summary>
    /// <param name="options">The click-to-dial options.</param>
    /// <exception cref="ArgumentException">The options are invalid (every problem listed).</exception>
    public InMemoryClickToDialRequestCounter(ClickToDialOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _limits = [options.PerNumberLimit, options.PerIpLimit, options.PerNarrowNetworkLimit, options.PerWideNetworkLimit];
        _window = options.Window.Ticks;
        _maxBytes = options.MaxCounterBytes;
        Span<byte> seed = stackalloc byte[sizeof(ulong)];
        RandomNumberGenerator.Fill(seed);
        _seed = BitConverter.ToUInt64(seed);
        _generation = NewGeneration(0);
    }

    /// <summary>The bytes the tables hold now.</summary>
    public long AllocatedBytes => Volatile.Read(ref _generation).AllocatedBytes;

    /// <summary>The keys with state now (numbers, addresses and networks; a scan of every table).</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var table in Volatile.Read(ref _generation).Tables)
            {
                count += table.Count;
            }

            return count;
        }
    }

    /// <summary>Erases the requests counted for <paramref name="number"/> (its addresses' counts hold no number).</summary>
    public ValueTask ForgetAsync(PhoneNumberInfo number, CancellationToken cancellationToken)
    {
        if (number.IsParsed)
        {
            Volatile.Read(ref _generation).Tables[0].Forget(number.Key);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Whether requests are counted for <paramref name="number"/> (for tests of erasure).</summary>
    internal bool Holds(ulong number) => Volatile.Read(ref _generation).Tables[0].Contains(number);

    /// <inheritdoc />
    /// <remarks>Answers synchronously, without allocating.</remarks>
    public ValueTask<ClickToDialCount> CountAsync(IPAddress client, PhoneNumberInfo destination, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new(Decide(client, destination, now.UtcTicks));
    }

    private ClickToDialCount Decide(IPAddress client, PhoneNumberInfo destination, long now)
    {
        var generation = Current(now);
        if (generation is null)
        {
            return ClickToDialCount.Unavailable;
        }

        var (address, narrow, wide) = ClickToDialKeys.Of(client);
        var tables = generation.Tables;
        var underCaps = TryAdd(tables[1], Key(address), now) & TryAdd(tables[2], Key(narrow), now) & TryAdd(tables[3], Key(wide), now);
        if (destination.IsParsed)
        {
            underCaps &= TryAdd(tables[0], destination.Key, now);
        }

        return underCaps ? ClickToDialCount.UnderCaps : ClickToDialCount.OverCap;
    }

    /// <summary>The tables to count in at <paramref name="now"/>; <see langword="null"/> while saturated.</summary>
    private Generation? Current(long now)
    {
        while (true)
        {
            var generation = Volatile.Read(ref _generation);
            if (generation.SaturatedUntil != 0)
            {
                if (now < generation.SaturatedUntil)
                {
                    return null;
                }

                // A whole window passed in which nothing was counted: fresh tables are exact.
                Interlocked.CompareExchange(ref _generation, NewGeneration(0), generation);
                continue;
            }

            if (generation.AllocatedBytes < _maxBytes)
            {
                return generation;
            }

            Interlocked.CompareExchange(ref _generation, new Generation(generation.Tables, now + _window), generation);
        }
    }

    private static bool TryAdd(SlidingLogTable table, ulong key, long now) => table.TryAcquire(key, now, now, out _, out _);

    /// <summary>A 64-bit key for 128 bits: each half mixed with the seed (a bijection for addresses that differ in one half).</summary>
    private ulong Key(UInt128 value) => KeyMixer.Mix(KeyMixer.Mix((ulong)(value >> 64) ^ _seed) ^ (ulong)value);

    private Generation NewGeneration(long saturatedUntil)
    {
        var tables = new SlidingLogTable[_limits.Length];
        for (var i = 0; i < tables.Length; i++)
        {
            tables[i] = new SlidingLogTable([_limits[i]], [_window], IdleMargin);
        }

        return new Generation(tables, saturatedUntil);
    }

    /// <summary>The tables (number, address, narrow, wide network), and until when they are saturated (UTC ticks; 0:
    /// not saturated).</summary>
    private sealed class Generation(SlidingLogTable[] tables, long saturatedUntil)
    {
        public SlidingLogTable[] Tables { get; } = tables;

        public long SaturatedUntil { get; } = saturatedUntil;

        public long AllocatedBytes
        {
            get
            {
                var bytes = 0L;
                foreach (var table in Tables)
                {
                    bytes += table.AllocatedBytes;
                }

                return bytes;
            }
        }
    }
}
