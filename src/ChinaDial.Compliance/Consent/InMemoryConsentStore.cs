using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// Consents and opt-outs in process memory, keyed by the parsed number (<see cref="PhoneNumberInfo.Key"/>), never by
/// its text. Thread-safe and lock-free; reads allocate nothing; an opt-out takes effect for every call judged at or
/// after its instant as soon as <see cref="OptOut"/> returns.
/// </summary>
/// <remarks>
/// <para>Records are resolved by their instants, never by the order they are recorded in, so a store filled from an
/// export in any row order answers the same. Per number and purpose the store keeps every grant and revocation
/// instant (a <see cref="ConsentRecord"/> gives its grant and, when revoked, its revocation); at an instant the latest
/// of them at or before it decides: a grant means consent, a revocation means none, and at one instant a revocation
/// wins over a grant. So a revoked consent stays revoked whatever older grant is recorded after it, and a grant given
/// after a revocation is a new consent. An opt-out counts from its earliest recorded instant and wins over any
/// consent.</para>
/// <para>Memory: one grant (with or without its revocation) per number costs what a single record costs; a longer
/// history keeps its instants in one array.</para>
/// </remarks>
public sealed class InMemoryConsentStore : IConsentStore
{
    private const int Purposes = 3;
    private const int AllPurposes = Purposes;

    private readonly ConcurrentDictionary<ulong, Entry> _entries = new();

    /// <summary>How many numbers have a record.</summary>
    public int Count => _entries.Count;

    /// <summary>Records a consent: a grant at <see cref="ConsentRecord.GrantedAt"/> and, when
    /// <see cref="ConsentRecord.RevokedAt"/> is set, a revocation then. Earlier records of the number and purpose are
    /// kept; the instants decide which is in force when (see the remarks of <see cref="InMemoryConsentStore"/>).</summary>
    /// <exception cref="ArgumentException">The number is not a parseable E.164 number, or the consent is revoked
    /// before it was granted.</exception>
    public void Grant(ConsentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.RevokedAt is { } revoked && revoked < record.GrantedAt)
        {
            throw new ArgumentException($"The consent is revoked ({revoked:O}) before it was granted ({record.GrantedAt:O}).", nameof(record));
        }

        var entry = EntryFor(record.Number);
        var grant = GrantKey(record.GrantedAt.UtcTicks);
        Add(ref entry.Grants[Index(record.Purpose)], grant, record.RevokedAt is { } at ? RevocationKey(at.UtcTicks) : ConsentHistory.NoEvent, record.Proof);
    }

    /// <summary>Withdraws the consent of <paramref name="number"/> for <paramref name="purpose"/> from <paramref name="at"/>:
    /// no consent granted at or before <paramref name="at"/> counts from then on, whenever it is recorded.</summary>
    /// <exception cref="ArgumentException">The number is not a parseable E.164 number.</exception>
    public void Revoke(string number, CallPurpose purpose, DateTimeOffset at)
    {
        var entry = EntryFor(number);
        Add(ref entry.Grants[Index(purpose)], RevocationKey(at.UtcTicks), ConsentHistory.NoEvent, proof: null);
    }

    /// <summary>Records "don't call me again" for <paramref name="purpose"/>, or for every purpose when null, from
    /// <paramref name="at"/>. It wins over any consent, at once; the earliest opt-out recorded counts.</summary>
    /// <exception cref="ArgumentException">The number is not a parseable E.164 number.</exception>
    public void OptOut(string number, CallPurpose? purpose, DateTimeOffset at)
    {
        var entry = EntryFor(number);
        var p = purpose is { } one ? Index(one) : AllPurposes;
        var ticks = at.UtcTicks;
        long current;
        do
        {
            current = Volatile.Read(ref entry.OptedOut[p]);
        }
        while (ticks < current && Interlocked.CompareExchange(ref entry.OptedOut[p], ticks, current) != current);
    }

    /// <summary>The proof reference of the latest consent (by its grant instant) of <paramref name="number"/> for
    /// <paramref name="purpose"/>, if any.</summary>
    public string? GetProof(string number, CallPurpose purpose)
        => _entries.TryGetValue(Key(number), out var entry) ? Volatile.Read(ref entry.Grants[Index(purpose)])?.Proof : null;

    /// <inheritdoc />
    public ValueTask<ConsentStatus> GetStatusAsync(PhoneNumberInfo callee, CallPurpose purpose, DateTimeOffset at, CancellationToken cancellationToken)
        => new(GetStatus(callee, purpose, at));

    /// <summary>As <see cref="GetStatusAsync"/>, synchronously.</summary>
    public ConsentStatus GetStatus(PhoneNumberInfo callee, CallPurpose purpose, DateTimeOffset at)
    {
        if (!callee.IsParsed || !_entries.TryGetValue(callee.Key, out var entry))
        {
            return ConsentStatus.None;
        }

        var p = Index(purpose);
        var ticks = at.UtcTicks;
        if (Volatile.Read(ref entry.OptedOut[p]) <= ticks || Volatile.Read(ref entry.OptedOut[AllPurposes]) <= ticks)
        {
            return ConsentStatus.OptedOut;
        }

        return Volatile.Read(ref entry.Grants[p]) is { } history && history.IsGrantedAt(ticks)
            ? ConsentStatus.Granted
            : ConsentStatus.None;
    }

    /// <summary>Adds one or two events to a purpose's history (replaced whole, lock-free).</summary>
    private static void Add(ref ConsentHistory? slot, long first, long second, string? proof)
    {
        while (true)
        {
            var current = Volatile.Read(ref slot);
            var next = ConsentHistory.With(current, first, second, proof);
            if (ReferenceEquals(next, current) || ReferenceEquals(Interlocked.CompareExchange(ref slot, next, current), current))
            {
                return;
            }
        }
    }

    /// <summary>An event's sort key: the instant's UTC ticks shifted left (ticks below 2^62), the low bit set for a
    /// revocation, so that at one instant a revocation sorts after (and wins over) a grant.</summary>
    private static long GrantKey(long ticks) => ticks << 1;

    private static long RevocationKey(long ticks) => (ticks << 1) | 1;

    private Entry EntryFor(string number)
    {
        var key = Key(number);
        return _entries.TryGetValue(key, out var entry) ? entry : _entries.GetOrAdd(key, static _ => new Entry());
    }

    private static ulong Key(string number)
    {
        var parsed = PhoneNumberClassifier.Classify(number);
        return parsed.IsParsed ? parsed.Key : throw new ArgumentException("Not an E.164 number (e.g. +8613800138000).", nameof(number));
    }

    private static int Index(CallPurpose purpose)
        => (uint)purpose < Purposes ? (int)purpose : throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Not a call purpose.");

    /// <summary>One purpose's grants and revocations as sorted event keys (<see cref="GrantKey"/>,
    /// <see cref="RevocationKey"/>), never changed in place, so readers need no lock. Up to two events (one grant and
    /// its revocation: the common case) are kept inline.</summary>
    private abstract class ConsentHistory(string? proof)
    {
        /// <summary>No event: above every key (the largest instant's key is below 2^63 - 1).</summary>
        public const long NoEvent = long.MaxValue;

        /// <summary>The proof of the latest grant.</summary>
        public string? Proof { get; } = proof;

        /// <summary>Whether the latest event at or before <paramref name="ticks"/> is a grant.</summary>
        public abstract bool IsGrantedAt(long ticks);

        /// <summary>The events, ascending (a copy for <see cref="Pair"/>: writes only).</summary>
        protected abstract long[] Keys { get; }

        /// <summary><paramref name="history"/> with the events <paramref name="first"/> and <paramref name="second"/>
        /// (<see cref="NoEvent"/> for none) added; <paramref name="history"/> itself when it holds them already.</summary>
        public static ConsentHistory With(ConsentHistory? history, long first, long second, string? proof)
        {
            ReadOnlySpan<long> old = history is null ? [] : history.Keys;
            Span<long> added = [first, second];
            var addedCount = second == NoEvent ? 1 : 2;
            var keys = new long[old.Length + addedCount];
            old.CopyTo(keys);
            added[..addedCount].CopyTo(keys.AsSpan(old.Length));
            Array.Sort(keys);
            var count = 0;
            for (var i = 0; i < keys.Length; i++)
            {
                if (count == 0 || keys[i] != keys[count - 1])
                {
                    keys[count++] = keys[i];
                }
            }

            // The proof of the latest grant: the new one's when its grant is later than every grant held (the first
            // proof given at one instant stays).
            var latestGrant = LatestGrant(old);
            var newProof = (first & 1) == 0 && (latestGrant is null || first > latestGrant || (first == latestGrant && history!.Proof is null))
                ? proof
                : history?.Proof;
            if (history is not null && count == old.Length && ReferenceEquals(newProof, history.Proof))
            {
                return history;
            }

            return count switch
            {
                1 => new Pair(keys[0], NoEvent, newProof),
                2 => new Pair(keys[0], keys[1], newProof),
                _ => new Timeline(count == keys.Length ? keys : keys[..count], newProof),
            };
        }

        private static long? LatestGrant(ReadOnlySpan<long> keys)
        {
            for (var i = keys.Length - 1; i >= 0; i--)
            {
                if ((keys[i] & 1) == 0)
                {
                    return keys[i];
                }
            }

            return null;
        }
    }

    /// <summary>One or two events inline (40 bytes, as one record cost before histories were kept).</summary>
    private sealed class Pair(long first, long second, string? proof) : ConsentHistory(proof)
    {
        private readonly long _first = first;
        private readonly long _second = second;

        public override bool IsGrantedAt(long ticks)
        {
            var latest = RevocationKey(ticks);
            return _second <= latest ? (_second & 1) == 0 : _first <= latest && (_first & 1) == 0;
        }

        protected override long[] Keys => _second == NoEvent ? [_first] : [_first, _second];
    }

    /// <summary>Three or more events, in one sorted array.</summary>
    private sealed class Timeline(long[] keys, string? proof) : ConsentHistory(proof)
    {
        private readonly long[] _keys = keys;

        public override bool IsGrantedAt(long ticks)
        {
            var index = Array.BinarySearch(_keys, RevocationKey(ticks));
            var latest = index >= 0 ? index : ~index - 1;
            return latest >= 0 && (_keys[latest] & 1) == 0;
        }

        protected override long[] Keys => _keys;
    }

    /// <summary>One number's state, inline (no arrays): about 72 bytes plus one history per purpose consented to.</summary>
    private sealed class Entry
    {
        public GrantSlots Grants;
        public OptOutSlots OptedOut;

        public Entry() => ((Span<long>)OptedOut).Fill(long.MaxValue);
    }

    [System.Runtime.CompilerServices.InlineArray(Purposes)]
    private struct GrantSlots
    {
        private ConsentHistory? _first;
    }

    [System.Runtime.CompilerServices.InlineArray(Purposes + 1)]
    private struct OptOutSlots
    {
        private long _first;
    }
}
