using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// Consents and opt-outs shared by every node: one Redis hash per callee (its key a keyed hash of the number), a field
/// per purpose for the consent and per purpose (or <c>all</c>) for the opt-out. Reads and writes go through the
/// adapter's timeout and circuit breaker: a read that fails makes the evaluator deny with <c>policy_error</c>; a write
/// that Redis did not acknowledge throws to the caller, so an opt-out is either acknowledged or reported as failed.
/// </summary>
/// <remarks>
/// Instants are kept in Unix milliseconds, rounded towards the stricter answer: opt-outs and revocations down, grants up.
/// An acknowledged write survives a Redis restart as far as the server persists it: run Redis with
/// <c>appendonly yes</c> and <c>appendfsync always</c> (or wait for replicas) when an opt-out must never be lost.
/// Proof references are stored as given: they must not contain phone numbers.
/// </remarks>
public sealed class RedisConsentStore : IConsentStore
{
    private static readonly RedisScript KeepEarliest = new("""
        local current = redis.call('HGET', KEYS[1], ARGV[1])
        if not current or tonumber(current) > tonumber(ARGV[2]) then
          redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        end
        return 1
        """);

    private static readonly RedisScript KeepEarliestRevocation = new("""
        local current = redis.call('HGET', KEYS[1], ARGV[1])
        if not current then return 0 end
        local granted, revoked, proof = string.match(current, '^([^|]*)|([^|]*)|(.*)$')
        if revoked == '' or tonumber(revoked) > tonumber(ARGV[2]) then
          redis.call('HSET', KEYS[1], ARGV[1], granted .. '|' .. ARGV[2] .. '|' .. proof)
        end
        return 1
        """);

    private readonly RedisGateway _gateway;

    internal RedisConsentStore(RedisGateway gateway) => _gateway = gateway;

    /// <inheritdoc />
    public async ValueTask<ConsentStatus> GetStatusAsync(PhoneNumberInfo callee, CallPurpose purpose, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!callee.IsParsed)
        {
            return ConsentStatus.None;
        }

        var key = _gateway.Keys.Consent(callee.Key);
        var values = await _gateway.ExecuteAsync(
            static (database, state) => database.HashGetAsync(state.Key, state.Fields),
            (Key: key, Fields: Fields(purpose)),
            cancellationToken,
            key).ConfigureAwait(false);
        return Status(values, at);
    }

    /// <summary>As <see cref="GetStatusAsync"/>, given up at <paramref name="deadline"/> (a
    /// <see cref="System.Diagnostics.Stopwatch"/> timestamp: the decision's one deadline for all its Redis work).</summary>
    internal async Task<ConsentStatus> ReadStatusAsync(PhoneNumberInfo callee, CallPurpose purpose, DateTimeOffset at, long deadline)
    {
        var left = System.Diagnostics.Stopwatch.GetElapsedTime(System.Diagnostics.Stopwatch.GetTimestamp(), deadline);
        if (left <= TimeSpan.Zero)
        {
            throw new Polly.Timeout.TimeoutRejectedException("The decision's deadline passed.", _gateway.Options.OperationTimeout);
        }

        var key = _gateway.Keys.Consent(callee.Key);
        var values = await _gateway.ExecuteAsync(
            static (database, state) => database.HashGetAsync(state.Key, state.Fields),
            (Key: key, Fields: Fields(purpose)),
            left,
            key).ConfigureAwait(false);
        return Status(values, at);
    }

    private static RedisValue[] Fields(CallPurpose purpose) => [OptOutField(purpose), "optout:all", GrantField(purpose)];

    private static ConsentStatus Status(RedisValue[] values, DateTimeOffset at)
    {
        var now = at.ToUnixTimeMilliseconds();
        if (IsAtOrBefore(values[0], now) || IsAtOrBefore(values[1], now))
        {
            return ConsentStatus.OptedOut;
        }

        if (values[2].IsNull)
        {
            return ConsentStatus.None;
        }

        var grant = ((string)values[2]!).Split('|', 3);
        var granted = long.Parse(grant[0], CultureInfo.InvariantCulture);
        var revoked = grant[1].Length == 0 ? long.MaxValue : long.Parse(grant[1], CultureInfo.InvariantCulture);
        return granted <= now && now < revoked ? ConsentStatus.Granted : ConsentStatus.None;
    }

    /// <summary>Records a consent (replacing an earlier one for the same number and purpose).</summary>
    /// <exception cref="ArgumentException">The number is not a parseable E.164 number.</exception>
    /// <exception cref="RedisException">Redis did not acknowledge the write (also timeout and open circuit exceptions).</exception>
    public async Task GrantAsync(ConsentRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var value = string.Create(CultureInfo.InvariantCulture, $"{Ceiling(record.GrantedAt)}|{record.RevokedAt?.ToUnixTimeMilliseconds()}|{record.Proof}");
        var key = _gateway.Keys.Consent(RedisKeyspace.Number(record.Number));
        await _gateway.ExecuteAsync(
            static (database, state) => database.HashSetAsync(state.Key, state.Field, state.Value),
            (Key: key, Field: GrantField(record.Purpose), Value: (RedisValue)value),
            cancellationToken,
            key).ConfigureAwait(false);
    }

    /// <summary>Withdraws the consent of <paramref name="number"/> for <paramref name="purpose"/> from <paramref name="at"/>
    /// (an earlier withdrawal is kept). Returns once Redis acknowledged it.</summary>
    /// <exception cref="ArgumentException">The number is not a parseable E.164 number.</exception>
    /// <exception cref="RedisException">Redis did not acknowledge the write (also timeout and open circuit exceptions).</exception>
    public async Task RevokeAsync(string number, CallPurpose purpose, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var keys = new RedisKey[] { _gateway.Keys.Consent(RedisKeyspace.Number(number)) };
        var values = new RedisValue[] { GrantField(purpose), at.ToUnixTimeMilliseconds() };
        await _gateway.ExecuteAsync(
            static (database, state) => KeepEarliestRevocation.EvaluateAsync(database, state.keys, state.values),
            (keys, values),
            cancellationToken,
            keys[0]).ConfigureAwait(false);
    }

    /// <summary>Records "don't call me again" for <paramref name="purpose"/>, or for every purpose when null, from
    /// <paramref name="at"/>; an earlier opt-out is kept. Returns once Redis acknowledged it.</summary>
    /// <exception cref="ArgumentException">The number is not a parseable E.164 number.</exception>
    /// <exception cref="RedisException">Redis did not acknowledge the write (also timeout and open circuit exceptions).</exception>
    public async Task OptOutAsync(string number, CallPurpose? purpose, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var keys = new RedisKey[] { _gateway.Keys.Consent(RedisKeyspace.Number(number)) };
        var values = new RedisValue[] { purpose is { } one ? OptOutField(one) : "optout:all", at.ToUnixTimeMilliseconds() };
        await _gateway.ExecuteAsync(
            static (database, state) => KeepEarliest.EvaluateAsync(database, state.keys, state.values),
            (keys, values),
            cancellationToken,
            keys[0]).ConfigureAwait(false);
    }

    private static RedisValue GrantField(CallPurpose purpose) => $"grant:{(int)purpose}";

    private static RedisValue OptOutField(CallPurpose purpose) => $"optout:{(int)purpose}";

    private static bool IsAtOrBefore(RedisValue value, long now) => !value.IsNull && (long)value <= now;

    private static long Ceiling(DateTimeOffset at) => (at.UtcTicks + TimeSpan.TicksPerMillisecond - 1 - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMillisecond;
}
