using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// Consents and opt-outs in process memory, keyed by the parsed number (<see cref="PhoneNumberInfo.Key"/>), never by
/// its text. Per number it keeps the latest consent of each purpose (with its proof reference) and the opt-outs of each
/// purpose and of all purposes. Thread-safe and lock-free; reads allocate nothing; an opt-out takes effect for every
/// call judged at or after its instant as soon as <see cref="OptOut"/> returns.
/// </summary>
public sealed class InMemoryConsentStore : IConsentStore
{
    private const int Purposes = 3;
    private const int AllPurposes = Purposes;

    private readonly ConcurrentDictionary<ulong, Entry> _entries = new();

    /// <summary>How many numbers have a record.</summary>
    public int Count => _entries.Count;

    /// <summary>Records a consent (replacing an earlier one for the same number and purpose).</summary>
    /// <exception cref="ArgumentException">The number is not a parseable E.164 number.</exception>
    public void Grant(ConsentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var entry = EntryFor(record.Number);
        Volatile.Write(ref entry.Grants[Index(record.Purpose)], new ConsentGrant(record.GrantedAt.UtcTicks, record.RevokedAt?.UtcTicks ?? long.MaxValue, record.Proof));
    }

    /// <summary>Withdraws the consent of <paramref name="number"/> for <paramref name="purpose"/> from <paramref name="at"/>.</summary>
    public void Revoke(string number, CallPurpose purpose, DateTimeOffset at)
    {
        var entry = EntryFor(number);
        ref var slot = ref entry.Grants[Index(purpose)];
        while (Volatile.Read(ref slot) is { } current && at.UtcTicks < current.RevokedAt
            && Interlocked.CompareExchange(ref slot, current with { RevokedAt = at.UtcTicks }, current) != current)
        {
        }
    }

    /// <summary>Records "don't call me again" for <paramref name="purpose"/>, or for every purpose when null, from
    /// <paramref name="at"/>. It wins over any consent, at once.</summary>
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

    /// <summary>The proof reference of the consent of <paramref name="number"/> for <paramref name="purpose"/>, if any.</summary>
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

        return Volatile.Read(ref entry.Grants[p]) is { } grant && grant.GrantedAt <= ticks && ticks < grant.RevokedAt
            ? ConsentStatus.Granted
            : ConsentStatus.None;
    }

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

    /// <summary>One purpose's consent, replaced whole (never changed in place), so readers need no lock.</summary>
    private sealed record ConsentGrant(long GrantedAt, long RevokedAt, string? Proof);

    /// <summary>One number's state, inline (no arrays): about 72 bytes plus one <see cref="ConsentGrant"/> per consent.</summary>
    private sealed class Entry
    {
        public GrantSlots Grants;
        public OptOutSlots OptedOut;

        public Entry() => ((Span<long>)OptedOut).Fill(long.MaxValue);
    }

    [System.Runtime.CompilerServices.InlineArray(Purposes)]
    private struct GrantSlots
    {
        private ConsentGrant? _first;
    }

    [System.Runtime.CompilerServices.InlineArray(Purposes + 1)]
    private struct OptOutSlots
    {
        private long _first;
    }
}
