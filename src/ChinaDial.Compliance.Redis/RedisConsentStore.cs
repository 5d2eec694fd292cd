using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// Consents and opt-outs shared by every node: one Redis hash per callee (its key a keyed hash of the number). Reads and
/// writes go through the adapter's timeout and circuit breaker: a read that fails makes the evaluator deny with
/// <c>policy_error</c>; a write that Redis did not acknowledge throws to the caller, so an opt-out is either
/// acknowledged or reported as failed.
/// </summary>
/// <remarks>
/// <para>Records are resolved by their instants, never by the order they are written in, as in
/// <see cref="InMemoryConsentStore"/>: every grant and revocation is a field of its own (<c>e:PURPOSE:KEY</c>, the key
/// the instant in Unix milliseconds times two, plus one for a revocation), so writing is adding to a set — an older
/// grant written after a revocation, a revocation written before the grant it withdraws, the same record written twice
/// from two nodes, all give what their instants give. At an instant, the latest event at or before it decides (a
/// revocation wins at one instant). A grant keeps its record's id and proof (the first given, unless it had none); an
/// opt-out (<c>optout:PURPOSE</c>, <c>optout:all</c>) counts from its earliest instant and wins over any consent. A
/// consent revoked before it was granted is refused.</para>
/// <para>Instants are kept in Unix milliseconds, rounded towards the stricter answer: opt-outs and revocations down,
/// grants up.</para>
/// <para>Retention: every write drops, in the key it writes, the consents that ended (revoked, or replaced by a later
/// grant) more than <see cref="RetentionOptions.ConsentsAfterRevocation"/> ago by the server's clock, and gives the key
/// a TTL when nothing in it is in force or to come (no opt-out, every purpose's last event a revocation) so that Redis
/// drops it when that revocation is old enough; a key with a consent in force or an opt-out has no TTL.
/// <see cref="PruneAsync"/> does the same for every key (the adapter runs it hourly on one node).</para>
/// <para>Erasure (<see cref="ForgetAsync"/>): the callee's hash is replaced by a suppression — the same keyed-hash key
/// holding only an opt-out of every purpose from the beginning of time — so the person stays not-called.</para>
/// <para>An acknowledged write survives a Redis restart as far as the server persists it: run Redis with
/// <c>appendonly yes</c> and <c>appendfsync always</c> (or wait for replicas) when an opt-out must never be lost.
/// Proof references and ids are stored as given: they must not contain phone numbers.</para>
/// </remarks>
public sealed class RedisConsentStore : IConsentStore, IPersonalDataStore, IDisposable
{
    /// <summary>The opt-out instant of a suppression: the first millisecond of year 1.</summary>
    private static readonly long Always = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();

    /// <summary>
    /// Records events in one callee's hash, then applies the retention. KEYS: the hash. ARGV: the retention (ms; 0: none),
    /// then triples: kind (<c>g</c> grant, <c>r</c> revocation, <c>o</c> opt-out), field, value. A grant is written when
    /// the field is new or held no evidence; a revocation always (the same value); an opt-out when earlier than the one
    /// held. Then, per purpose, the events that ended at or before the server's TIME minus the retention are deleted, and
    /// the key gets a TTL when no opt-out is held and every purpose's last event is a revocation (that revocation plus the
    /// retention), none otherwise; an empty key is deleted. Returns 1.
    /// </summary>
    internal static readonly RedisScript Record = new(LuaScripts.Read("consent-record"));

    /// <summary>Replaces a callee's hash by its suppression: an opt-out of every purpose from year 1. KEYS: the hash.
    /// ARGV: the instant (ms).</summary>
    private static readonly RedisScript Suppress = new(LuaScripts.Read("consent-suppress"));

    private readonly RedisGateway _gateway;
    private readonly long _retentionMs;
    private readonly ITimer? _sweep;

    internal RedisConsentStore(RedisGateway gateway, RetentionOptions? retention = null, TimeProvider? sweepClock = null)
    {
        _gateway = gateway;
        _retentionMs = retention is null ? 0 : (long)retention.ConsentsAfterRevocation.TotalMilliseconds;
        if (retention is not null && sweepClock is not null)
        {
            _sweep = sweepClock.CreateTimer(static state => ((RedisConsentStore)state!).SweepOnce(), this, InMemoryConsentStore.SweepInterval, InMemoryConsentStore.SweepInterval);
        }
    }

    /// <inheritdoc />
    public async ValueTask<ConsentStatus> GetStatusAsync(PhoneNumberInfo callee, CallPurpose purpose, DateTimeOffset at, CancellationToken cancellationToken)
        => (await LookupAsync(callee, purpose, at, cancellationToken).ConfigureAwait(false)).Status;

    /// <inheritdoc />
    public async ValueTask<ConsentLookup> LookupAsync(PhoneNumberInfo callee, CallPurpose purpose, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!callee.IsParsed)
        {
            return default;
        }

        var key = _gateway.Keys.Consent(callee.Key);
        var fields = await _gateway.ExecuteAsync(
            static (database, key) => database.HashGetAllAsync(key),
            key,
            cancellationToken,
            key).ConfigureAwait(false);
        return Resolve(fields, purpose, at);
    }

    /// <summary>As <see cref="LookupAsync"/>, given up at <paramref name="deadline"/> (a
    /// <see cref="System.Diagnostics.Stopwatch"/> timestamp: the decision's one deadline for all its Redis work).</summary>
    internal async Task<ConsentLookup> ReadAsync(PhoneNumberInfo callee, CallPurpose purpose, DateTimeOffset at, long deadline)
    {
        var left = System.Diagnostics.Stopwatch.GetElapsedTime(System.Diagnostics.Stopwatch.GetTimestamp(), deadline);
        if (left <= TimeSpan.Zero)
        {
            throw new Polly.Timeout.TimeoutRejectedException("The decision's deadline passed.", _gateway.Options.OperationTimeout);
        }

        var key = _gateway.Keys.Consent(callee.Key);
        var fields = await _gateway.ExecuteAsync(
            static (database, key) => database.HashGetAllAsync(key),
            key,
            left,
            key).ConfigureAwait(false);
        return Resolve(fields, purpose, at);
    }

    /// <summary>Records a consent: its grant (with id and proof) and, when revoked, its revocation, beside the callee's
    /// other records (see the remarks). Returns once Redis acknowledged it.</summary>
    /// <exception cref="ArgumentException">The number is not a parseable E.164 number, the consent is revoked before
    /// it was granted, or its proof or id holds the number.</exception>
    /// <exception cref="RedisException">Redis did not acknowledge the write (also timeout and open circuit exceptions).</exception>
    public Task GrantAsync(ConsentRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var number = RedisKeyspace.Number(record.Number);
        ConsentRecord.Check(record, PhoneNumberClassifier.Classify(record.Number));
        var p = Purpose(record.Purpose);
        var grant = EventField(p, GrantKey(record.GrantedAt));
        var value = GrantValue(record.Id, record.Proof);
        RedisValue[] events = record.RevokedAt is { } at
            ? ["g", grant, value, "r", EventField(p, RevocationKey(at)), "r"]
            : ["g", grant, value];
        return WriteAsync(number, events, cancellationToken);
    }

    /// <summary>Withdraws the consent of <paramref name="number"/> for <paramref name="purpose"/> from <paramref name="at"/>:
    /// no consent granted at or before it counts from then on, whenever that grant is written (also before any grant).
    /// Returns once Redis acknowledged it.</summary>
    /// <exception cref="ArgumentException">The number is not a parseable E.164 number.</exception>
    /// <exception cref="RedisException">Redis did not acknowledge the write (also timeout and open circuit exceptions).</exception>
    public Task RevokeAsync(string number, CallPurpose purpose, DateTimeOffset at, CancellationToken cancellationToken = default)
        => WriteAsync(RedisKeyspace.Number(number), ["r", EventField(Purpose(purpose), RevocationKey(at)), "r"], cancellationToken);

    /// <summary>Records "don't call me again" for <paramref name="purpose"/>, or for every purpose when null, from
    /// <paramref name="at"/>; an earlier opt-out is kept. Returns once Redis acknowledged it.</summary>
    /// <exception cref="ArgumentException">The number is not a parseable E.164 number.</exception>
    /// <exception cref="RedisException">Redis did not acknowledge the write (also timeout and open circuit exceptions).</exception>
    public Task OptOutAsync(string number, CallPurpose? purpose, DateTimeOffset at, CancellationToken cancellationToken = default)
        => WriteAsync(RedisKeyspace.Number(number), ["o", purpose is { } one ? $"optout:{Purpose(one)}" : "optout:all", at.ToUnixTimeMilliseconds()], cancellationToken);

    /// <summary>Erases <paramref name="number"/>: its consents and opt-outs go, and its key keeps only a suppression (an
    /// opt-out of every purpose, from year 1), so every call to it is <c>opted_out</c>. Returns once Redis acknowledged it.</summary>
    /// <exception cref="RedisException">Redis did not acknowledge the write (also timeout and open circuit exceptions).</exception>
    public async ValueTask ForgetAsync(PhoneNumberInfo number, CancellationToken cancellationToken)
    {
        if (!number.IsParsed)
        {
            return;
        }

        var keys = new RedisKey[] { _gateway.Keys.Consent(number.Key) };
        await _gateway.ExecuteAsync(
            static (database, keys) => Suppress.EvaluateAsync(database, keys, [Always]),
            keys,
            cancellationToken,
            keys[0]).ConfigureAwait(false);
    }

    /// <summary>Applies the retention to every callee's hash on every master (see the remarks): a <c>SCAN</c> of the
    /// consent keys and one script run per key, so that consents that ended long ago leave even when nothing is written
    /// to their key. Returns how many keys were looked at.</summary>
    /// <exception cref="RedisException">Redis did not answer (also timeout and open circuit exceptions).</exception>
    public async Task<long> PruneAsync(CancellationToken cancellationToken = default)
    {
        if (_retentionMs == 0)
        {
            return 0;
        }

        long keys = 0;
        var pattern = _gateway.Keys.ConsentPattern;
        foreach (var endPoint in _gateway.Connection.GetEndPoints())
        {
            var server = _gateway.Connection.GetServer(endPoint);
            if (!server.IsConnected || server.IsReplica)
            {
                continue;
            }

            var batch = new List<RedisKey>(256);
            await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: 1000).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                batch.Add(key);
                if (batch.Count == batch.Capacity)
                {
                    keys += await PruneKeysAsync(batch, cancellationToken).ConfigureAwait(false);
                    batch.Clear();
                }
            }

            keys += await PruneKeysAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        return keys;
    }

    /// <summary>Stops the hourly retention sweep (the connection is the gateway's).</summary>
    public void Dispose() => _sweep?.Dispose();

    private async Task<long> PruneKeysAsync(List<RedisKey> keys, CancellationToken cancellationToken)
    {
        var pending = new Task[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            RedisKey[] one = [keys[i]];
            pending[i] = _gateway.ExecuteAsync(
                static (database, state) => Record.EvaluateAsync(database, state.one, [state.retention]),
                (one, retention: _retentionMs),
                cancellationToken,
                one[0]).AsTask();
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        return keys.Count;
    }

    /// <summary>One hourly sweep, by one node of the fleet (the first to take the hour's mark).</summary>
    private void SweepOnce()
    {
        _ = Task.Run(async () =>
        {
            try
            {
                var mark = _gateway.Keys.RetentionSweepMark;
                var taken = await _gateway.ExecuteAsync(
                    static (database, mark) => database.StringSetAsync(mark, 1, InMemoryConsentStore.SweepInterval - TimeSpan.FromMinutes(1), When.NotExists),
                    mark,
                    CancellationToken.None,
                    mark).ConfigureAwait(false);
                if (taken)
                {
                    await PruneAsync().ConfigureAwait(false);
                }
            }
#pragma warning disable CA1031 // A background sweep: the next hour tries again.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        });
    }

    private async Task WriteAsync(ulong number, RedisValue[] events, CancellationToken cancellationToken)
    {
        var keys = new RedisKey[] { _gateway.Keys.Consent(number) };
        var values = new RedisValue[events.Length + 1];
        values[0] = _retentionMs;
        events.CopyTo(values, 1);
        await _gateway.ExecuteAsync(
            static (database, state) => Record.EvaluateAsync(database, state.keys, state.values),
            (keys, values),
            cancellationToken,
            keys[0]).ConfigureAwait(false);
    }

    /// <summary>The answer of a callee's fields for <paramref name="purpose"/> at <paramref name="at"/>.</summary>
    internal static ConsentLookup Resolve(HashEntry[] fields, CallPurpose purpose, DateTimeOffset at)
    {
        var now = at.ToUnixTimeMilliseconds();
        var p = Purpose(purpose);
        var optOut = $"optout:{p}";
        var prefix = $"e:{p}:";
        var limit = RevocationKey(now);
        long latest = long.MinValue;
        RedisValue latestValue = RedisValue.Null;
        foreach (var entry in fields)
        {
            var name = (string)entry.Name!;
            if (name == optOut || name == "optout:all")
            {
                if (long.TryParse((string?)entry.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var from) && from <= now)
                {
                    return new ConsentLookup(ConsentStatus.OptedOut);
                }

                continue;
            }

            if (name.StartsWith(prefix, StringComparison.Ordinal)
                && long.TryParse(name.AsSpan(prefix.Length), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var eventKey)
                && eventKey <= limit && eventKey > latest)
            {
                (latest, latestValue) = (eventKey, entry.Value);
            }
        }

        if (latest == long.MinValue || (latest & 1) != 0)
        {
            return default;
        }

        var (id, proof) = ParseGrant((string?)latestValue);
        return new ConsentLookup(ConsentStatus.Granted, new ConsentEvidence(id, proof, DateTimeOffset.FromUnixTimeMilliseconds(latest >> 1)));
    }

    /// <summary>A grant's value: <c>g</c>, the id's and the proof's lengths (-1: none), then both texts.</summary>
    private static string GrantValue(string? id, string? proof)
        => string.Create(CultureInfo.InvariantCulture, $"g{id?.Length ?? -1}:{proof?.Length ?? -1}:{id}{proof}");

    private static (string? Id, string? Proof) ParseGrant(string? value)
    {
        if (value is null || value.Length < 2 || value[0] != 'g')
        {
            return (null, null);
        }

        var first = value.IndexOf(':', 1);
        var second = first < 0 ? -1 : value.IndexOf(':', first + 1);
        if (second < 0
            || !int.TryParse(value.AsSpan(1, first - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var idLength)
            || !int.TryParse(value.AsSpan(first + 1, second - first - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var proofLength)
            || Math.Max(idLength, 0) + Math.Max(proofLength, 0) != value.Length - second - 1)
        {
            return (null, null); // not written by this store: no evidence (no proof, no marketing call)
        }

        var start = second + 1;
        var id = idLength < 0 ? null : value.Substring(start, idLength);
        var proof = proofLength < 0 ? null : value.Substring(start + Math.Max(idLength, 0), proofLength);
        return (id, proof);
    }

    private static string EventField(int purpose, long key) => string.Create(CultureInfo.InvariantCulture, $"e:{purpose}:{key}");

    /// <summary>A grant's event key: its instant in Unix ms, rounded up, times two.</summary>
    private static long GrantKey(DateTimeOffset at) => Ceiling(at) * 2;

    /// <summary>A revocation's event key: its instant in Unix ms, rounded down, times two, plus one (it wins over a
    /// grant of the same millisecond).</summary>
    private static long RevocationKey(DateTimeOffset at) => RevocationKey(at.ToUnixTimeMilliseconds());

    private static long RevocationKey(long milliseconds) => (milliseconds * 2) + 1;

    private static int Purpose(CallPurpose purpose)
        => (uint)purpose < 3 ? (int)purpose : throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Not a call purpose.");

    private static long Ceiling(DateTimeOffset at)
    {
        var ticks = at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var milliseconds = ticks / TimeSpan.TicksPerMillisecond; // towards zero: the ceiling below the epoch
        return ticks > 0 && ticks % TimeSpan.TicksPerMillisecond != 0 ? milliseconds + 1 : milliseconds;
    }
}
