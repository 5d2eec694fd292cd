using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Security.Cryptography;
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
/// <para>Evidence: every grant keeps its record's <see cref="ConsentRecord.Id"/> and <see cref="ConsentRecord.Proof"/>;
/// <see cref="Lookup"/> gives the consent in force (<see cref="ConsentEvidence"/>), which the evaluator writes into the
/// call's audit record.</para>
/// <para>Retention (created with <see cref="RetentionOptions"/>): once an hour, by the clock given, a consent that ended
/// (revoked, or replaced by a later grant) more than <see cref="RetentionOptions.ConsentsAfterRevocation"/> ago is
/// dropped, and a number with nothing left is forgotten (<see cref="Prune"/>). Opt-outs are kept until erased.</para>
/// <para>Erasure (<see cref="ForgetAsync"/>): the number's consents and opt-outs go; a suppression stays, a 64-bit keyed
/// hash of the number (HMAC-SHA256 with a secret drawn for this store) that makes every call to it <c>opted_out</c>.</para>
/// <para>Memory: one grant (with or without its revocation) per number costs what a single record costs; a longer
/// history keeps its instants in one array.</para>
/// </remarks>
public sealed class InMemoryConsentStore : IConsentStore, IPersonalDataStore, IDisposable
{
    /// <summary>How often a store with a retention drops what is due.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);

    private const int Purposes = 3;
    private const int AllPurposes = Purposes;

    private readonly ConcurrentDictionary<ulong, Entry> _entries = new();
    private readonly ConcurrentDictionary<ulong, byte> _suppressed = new();
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    private readonly long _retentionTicks;
    private readonly TimeProvider? _time;
    private readonly ITimer? _sweep;
    private int _suppressions;

    /// <summary>Creates a store that keeps every record until it is erased.</summary>
    public InMemoryConsentStore()
    {
    }

    /// <summary>Creates a store that drops ended consents after <see cref="RetentionOptions.ConsentsAfterRevocation"/>,
    /// checking every <see cref="SweepInterval"/> by <paramref name="timeProvider"/> (<see cref="TimeProvider.System"/>
    /// when null). Dispose it to stop the checks.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public InMemoryConsentStore(RetentionOptions retention, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(retention);
        var errors = new List<string>();
        retention.Validate(errors, "Retention");
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(retention));
        }

        _retentionTicks = retention.ConsentsAfterRevocation.Ticks;
        _time = timeProvider ?? TimeProvider.System;
        _sweep = _time.CreateTimer(static state => ((InMemoryConsentStore)state!).Sweep(), this, SweepInterval, SweepInterval);
    }

    /// <summary>How many numbers have a record (suppressions not counted).</summary>
    public int Count => _entries.Count;

    /// <summary>How many numbers were erased and are kept as suppressions (keyed hashes).</summary>
    public int SuppressionCount => Volatile.Read(ref _suppressions);

    /// <summary>Records a consent: a grant at <see cref="ConsentRecord.GrantedAt"/> (with its id and proof) and, when
    /// <see cref="ConsentRecord.RevokedAt"/> is set, a revocation then. Earlier records of the number and purpose are
    /// kept; the instants decide which is in force when (see the remarks of <see cref="InMemoryConsentStore"/>). A grant
    /// recorded twice at one instant keeps the first id and proof given.</summary>
    /// <exception cref="ArgumentException">The number is not a parseable E.164 number, the consent is revoked
    /// before it was granted, or its proof or id holds the number.</exception>
    public void Grant(ConsentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = Key(record.Number);
        ConsentRecord.Check(record, PhoneNumberClassifier.Classify(record.Number));
        var slot = Index(record.Purpose);
        var evidence = record.Proof is null && record.Id is null ? null : new ConsentEvidence(record.Id, record.Proof, record.GrantedAt);
        var grant = GrantKey(record.GrantedAt.UtcTicks);
        var revocation = record.RevokedAt is { } at ? RevocationKey(at.UtcTicks) : ConsentHistory.NoEvent;
        Write(key, entry => Add(ref entry.Grants[slot], grant, evidence, revocation));
    }

    /// <summary>Withdraws the consent of <paramref name="number"/> for <paramref name="purpose"/> from <paramref name="at"/>:
    /// no consent granted at or before <paramref name="at"/> counts from then on, whenever it is recorded.</summary>
    /// <exception cref="ArgumentException">The number is not a parseable E.164 number.</exception>
    public void Revoke(string number, CallPurpose purpose, DateTimeOffset at)
    {
        var key = Key(number);
        var slot = Index(purpose);
        var revocation = RevocationKey(at.UtcTicks);
        Write(key, entry => Add(ref entry.Grants[slot], revocation, null, ConsentHistory.NoEvent));
    }

    /// <summary>Records "don't call me again" for <paramref name="purpose"/>, or for every purpose when null, from
    /// <paramref name="at"/>. It wins over any consent, at once; the earliest opt-out recorded counts.</summary>
    /// <exception cref="ArgumentException">The number is not a parseable E.164 number.</exception>
    public void OptOut(string number, CallPurpose? purpose, DateTimeOffset at)
    {
        var key = Key(number);
        var p = purpose is { } one ? Index(one) : AllPurposes;
        var ticks = at.UtcTicks;
        Write(key, entry =>
        {
            long current;
            do
            {
                current = Volatile.Read(ref entry.OptedOut[p]);
            }
            while (ticks < current && Interlocked.CompareExchange(ref entry.OptedOut[p], ticks, current) != current);
        });
    }

    /// <summary>The proof reference of the latest consent (by its grant instant) of <paramref name="number"/> for
    /// <paramref name="purpose"/>, if any.</summary>
    public string? GetProof(string number, CallPurpose purpose)
        => _entries.TryGetValue(Key(number), out var entry) ? Volatile.Read(ref entry.Grants[Index(purpose)])?.LatestGrantEvidence?.Proof : null;

    /// <inheritdoc />
    public ValueTask<ConsentStatus> GetStatusAsync(PhoneNumberInfo callee, CallPurpose purpose, DateTimeOffset at, CancellationToken cancellationToken)
        => new(Lookup(callee, purpose, at).Status);

    /// <inheritdoc />
    public ValueTask<ConsentLookup> LookupAsync(PhoneNumberInfo callee, CallPurpose purpose, DateTimeOffset at, CancellationToken cancellationToken)
        => new(Lookup(callee, purpose, at));

    /// <summary>As <see cref="GetStatusAsync"/>, synchronously.</summary>
    public ConsentStatus GetStatus(PhoneNumberInfo callee, CallPurpose purpose, DateTimeOffset at) => Lookup(callee, purpose, at).Status;

    /// <summary>As <see cref="LookupAsync"/>, synchronously: the status, and the consent in force when granted. Allocates
    /// nothing, but for a consent recorded without id or proof (its evidence is made on the way out).</summary>
    public ConsentLookup Lookup(PhoneNumberInfo callee, CallPurpose purpose, DateTimeOffset at)
    {
        if (!callee.IsParsed)
        {
            return default;
        }

        if (Volatile.Read(ref _suppressions) > 0 && _suppressed.ContainsKey(SuppressionKey(callee.Key)))
        {
            return new ConsentLookup(ConsentStatus.OptedOut);
        }

        if (!_entries.TryGetValue(callee.Key, out var entry))
        {
            return default;
        }

        var p = Index(purpose);
        var ticks = at.UtcTicks;
        if (Volatile.Read(ref entry.OptedOut[p]) <= ticks || Volatile.Read(ref entry.OptedOut[AllPurposes]) <= ticks)
        {
            return new ConsentLookup(ConsentStatus.OptedOut);
        }

        if (Volatile.Read(ref entry.Grants[p]) is not { } history)
        {
            return default;
        }

        var latest = history.LatestAtOrBefore(RevocationKey(ticks));
        if (latest < 0 || (history.KeyAt(latest) & 1) != 0)
        {
            return default;
        }

        var evidence = history.EvidenceAt(latest) ?? new ConsentEvidence(null, null, new DateTimeOffset(history.KeyAt(latest) >> 1, TimeSpan.Zero));
        return new ConsentLookup(ConsentStatus.Granted, evidence);
    }

    /// <summary>
    /// Erases <paramref name="number"/>: its consents and opt-outs go, and a suppression stays — a keyed hash of the
    /// number that makes every call to it <c>opted_out</c> from now on (PIPL Art. 47 erasure, without calling the person
    /// again). A record written at the same moment from another thread may survive; the suppression wins over it.
    /// </summary>
    public ValueTask ForgetAsync(PhoneNumberInfo number, CancellationToken cancellationToken)
    {
        if (!number.IsParsed)
        {
            return ValueTask.CompletedTask;
        }

        if (_suppressed.TryAdd(SuppressionKey(number.Key), 0))
        {
            Interlocked.Increment(ref _suppressions);
        }

        if (_entries.TryRemove(number.Key, out var entry))
        {
            Interlocked.Exchange(ref entry.Retired, 1);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Drops what is due at <paramref name="now"/>: per number and purpose, a consent that ended (revoked, or replaced by
    /// a later grant) at or before <paramref name="now"/> minus <see cref="RetentionOptions.ConsentsAfterRevocation"/>;
    /// a number left with nothing is forgotten. Answers for instants after that cut-off do not change. A store created
    /// without retention drops nothing.
    /// </summary>
    /// <returns>How many grants and revocations were dropped.</returns>
    public int Prune(DateTimeOffset now)
    {
        if (_retentionTicks == 0)
        {
            return 0;
        }

        var cutoff = Math.Max(0, now.UtcTicks - _retentionTicks);
        var cutoffKey = RevocationKey(cutoff);
        var dropped = 0;
        foreach (var (key, entry) in _entries)
        {
            for (var p = 0; p < Purposes; p++)
            {
                var history = Volatile.Read(ref entry.Grants[p]);
                if (history is null)
                {
                    continue;
                }

                var pruned = history.Prune(cutoffKey);
                if (!ReferenceEquals(pruned, history) && ReferenceEquals(Interlocked.CompareExchange(ref entry.Grants[p], pruned, history), history))
                {
                    dropped += history.Count - (pruned?.Count ?? 0);
                }
            }

            if (entry.IsEmpty)
            {
                // Retire it: a writer that wrote into it meanwhile sees the flag and writes again into a new entry.
                Interlocked.Exchange(ref entry.Retired, 1);
                if (entry.IsEmpty)
                {
                    _entries.TryRemove(new KeyValuePair<ulong, Entry>(key, entry));
                }
                else
                {
                    Interlocked.Exchange(ref entry.Retired, 0);
                }
            }
        }

        return dropped;
    }

    /// <summary>Stops the retention checks.</summary>
    public void Dispose() => _sweep?.Dispose();

    /// <summary>The numbers (keys) with a record, for tests that check what erasure leaves.</summary>
    internal IEnumerable<ulong> NumberKeys => _entries.Keys;

    /// <summary>The suppressions' keyed hashes, for tests.</summary>
    internal IEnumerable<ulong> SuppressionKeys => _suppressed.Keys;

    /// <summary>The suppression of a number: 64 bits of its HMAC-SHA256 with the store's secret.</summary>
    internal ulong SuppressionKey(ulong number)
        => KeyedNumberHash.Of(_secret, number);

    private void Sweep()
    {
        try
        {
            Prune(_time!.GetUtcNow());
        }
#pragma warning disable CA1031 // A timer callback must not throw; the next sweep tries again.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Applies <paramref name="write"/> to the number's entry, again to a new one when the entry was retired
    /// (pruned or erased) meanwhile. Every write is idempotent, so applying twice is applying once.</summary>
    private void Write(ulong key, Action<Entry> write)
    {
        while (true)
        {
            var entry = _entries.TryGetValue(key, out var existing) ? existing : _entries.GetOrAdd(key, static _ => new Entry());
            write(entry);
            if (Volatile.Read(ref entry.Retired) == 0)
            {
                return;
            }

            Thread.Yield();
        }
    }

    /// <summary>Adds one or two events to a purpose's history (replaced whole, lock-free).</summary>
    private static void Add(ref ConsentHistory? slot, long first, ConsentEvidence? evidence, long second)
    {
        while (true)
        {
            var current = Volatile.Read(ref slot);
            var next = ConsentHistory.With(current, first, evidence, second);
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

    private static ulong Key(string number)
    {
        var parsed = PhoneNumberClassifier.Classify(number);
        return parsed.IsParsed ? parsed.Key : throw new ArgumentException("Not an E.164 number (e.g. +8613800138000).", nameof(number));
    }

    private static int Index(CallPurpose purpose)
        => (uint)purpose < Purposes ? (int)purpose : throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Not a call purpose.");

    /// <summary>One purpose's grants and revocations as sorted event keys (<see cref="GrantKey"/>,
    /// <see cref="RevocationKey"/>), each grant with its evidence (<see langword="null"/> when recorded without id and
    /// proof), never changed in place, so readers need no lock. Up to two events (one grant and its revocation: the
    /// common case) are kept inline.</summary>
    private abstract class ConsentHistory
    {
        /// <summary>No event: above every key (the largest instant's key is below 2^63 - 1).</summary>
        public const long NoEvent = long.MaxValue;

        public abstract int Count { get; }

        public abstract long KeyAt(int index);

        public abstract ConsentEvidence? EvidenceAt(int index);

        /// <summary>The index of the latest event whose key is at most <paramref name="limit"/>; -1 when none.</summary>
        public abstract int LatestAtOrBefore(long limit);

        /// <summary>The evidence of the latest grant, if any.</summary>
        public ConsentEvidence? LatestGrantEvidence
        {
            get
            {
                for (var i = Count - 1; i >= 0; i--)
                {
                    if ((KeyAt(i) & 1) == 0)
                    {
                        return EvidenceAt(i);
                    }
                }

                return null;
            }
        }

        /// <summary><paramref name="history"/> with the event <paramref name="first"/> (a grant with
        /// <paramref name="evidence"/>, or a revocation) and <paramref name="second"/> (<see cref="NoEvent"/> for none)
        /// added; <paramref name="history"/> itself when it holds them already. A grant already held keeps its
        /// evidence, unless it had none.</summary>
        public static ConsentHistory With(ConsentHistory? history, long first, ConsentEvidence? evidence, long second)
        {
            var next = Merge(history, first, evidence);
            return second == NoEvent ? next : Merge(next, second, null);
        }

        private static ConsentHistory Merge(ConsentHistory? history, long key, ConsentEvidence? evidence)
        {
            var count = history?.Count ?? 0;
            var before = history?.LatestAtOrBefore(key) ?? -1;
            var held = before >= 0 && history!.KeyAt(before) == key;
            if (held && (evidence is null || history!.EvidenceAt(before) is not null))
            {
                return history!;
            }

            var keys = new long[held ? count : count + 1];
            var proofs = new ConsentEvidence?[keys.Length];
            for (int from = 0, to = 0; to < keys.Length; to++)
            {
                if (to == before + 1 && !held)
                {
                    (keys[to], proofs[to]) = (key, evidence);
                    continue;
                }

                (keys[to], proofs[to]) = (history!.KeyAt(from), history.EvidenceAt(from));
                from++;
            }

            if (held)
            {
                proofs[before] = evidence;
            }

            return Create(keys, proofs)!;
        }

        /// <summary>The history without the events that ended at or before <paramref name="cutoffKey"/>: every event
        /// before the latest one at or before it, and that one too when it is a revocation. Answers for instants after
        /// the cut-off are unchanged. Itself when nothing is dropped; <see langword="null"/> when nothing is left.</summary>
        public ConsentHistory? Prune(long cutoffKey)
        {
            var latest = LatestAtOrBefore(cutoffKey);
            if (latest < 0)
            {
                return this;
            }

            var drop = (KeyAt(latest) & 1) != 0 ? latest + 1 : latest;
            if (drop == 0)
            {
                return this;
            }

            var rest = Count - drop;
            var keys = new long[rest];
            var proofs = new ConsentEvidence?[rest];
            for (var i = 0; i < rest; i++)
            {
                keys[i] = KeyAt(drop + i);
                proofs[i] = EvidenceAt(drop + i);
            }

            return Create(keys, proofs);
        }

        private static ConsentHistory? Create(ReadOnlySpan<long> keys, ReadOnlySpan<ConsentEvidence?> proofs) => keys.Length switch
        {
            0 => null,
            1 => new Pair(keys[0], proofs[0], NoEvent),
            2 when proofs[1] is null => new Pair(keys[0], proofs[0], keys[1]),
            _ => new Timeline(keys.ToArray(), proofs.ToArray()),
        };
    }

    /// <summary>One or two events inline, the second without evidence (a grant and its revocation: the common case;
    /// 40 bytes, as one record cost before histories were kept).</summary>
    private sealed class Pair(long first, ConsentEvidence? firstEvidence, long second) : ConsentHistory
    {
        private readonly long _first = first;
        private readonly long _second = second;
        private readonly ConsentEvidence? _firstEvidence = firstEvidence;

        public override int Count => _second == NoEvent ? 1 : 2;

        public override long KeyAt(int index) => index == 0 ? _first : _second;

        public override ConsentEvidence? EvidenceAt(int index) => index == 0 ? _firstEvidence : null;

        public override int LatestAtOrBefore(long limit) => _second <= limit ? 1 : _first <= limit ? 0 : -1;
    }

    /// <summary>Three or more events (or two whose second has evidence), in one sorted array.</summary>
    private sealed class Timeline(long[] keys, ConsentEvidence?[] evidence) : ConsentHistory
    {
        private readonly long[] _keys = keys;
        private readonly ConsentEvidence?[] _evidence = evidence;

        public override int Count => _keys.Length;

        public override long KeyAt(int index) => _keys[index];

        public override ConsentEvidence? EvidenceAt(int index) => _evidence[index];

        public override int LatestAtOrBefore(long limit)
        {
            var index = Array.BinarySearch(_keys, limit);
            return index >= 0 ? index : ~index - 1;
        }
    }

    /// <summary>One number's state, inline (no arrays): about 80 bytes plus one history per purpose consented to.</summary>
    private sealed class Entry
    {
        public GrantSlots Grants;
        public OptOutSlots OptedOut;

        /// <summary>1 once the entry left the map (pruned empty, or erased): writers write again into a new one.</summary>
        public int Retired;

        public Entry() => ((Span<long>)OptedOut).Fill(long.MaxValue);

        public bool IsEmpty
        {
            get
            {
                for (var p = 0; p < Purposes; p++)
                {
                    if (Volatile.Read(ref Grants[p]) is not null)
                    {
                        return false;
                    }
                }

                for (var p = 0; p <= Purposes; p++)
                {
                    if (Volatile.Read(ref OptedOut[p]) != long.MaxValue)
                    {
                        return false;
                    }
                }

                return true;
            }
        }
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
