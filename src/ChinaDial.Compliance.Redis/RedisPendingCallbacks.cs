using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// Click-to-dial callback de-duplication shared by every node: at most one pending callback per number
/// (<c>SET key id NX PX lifetime</c>), cleared when the callback completes (only by the callback that holds it) or when
/// its lifetime lapses. The key is a keyed hash of the number; the value is the callback id. As the
/// <see cref="IPendingCallbackStore"/> of <see cref="ClickToDialGuard"/> (registered so by
/// <c>AddChinaDialComplianceRedis</c>), a number is called back once whichever node took the request.
/// </summary>
public sealed class RedisPendingCallbacks : IPendingCallbackStore, IPersonalDataStore
{
    private static readonly RedisScript DeleteIfHeld = new(LuaScripts.Read("pending-callback-delete-if-held"));

    private readonly RedisGateway _gateway;

    internal RedisPendingCallbacks(RedisGateway gateway) => _gateway = gateway;

    /// <summary>Marks a callback to <paramref name="number"/> pending, unless one already is.</summary>
    /// <param name="number">The callee (E.164).</param>
    /// <param name="callbackId">The callback's id (not a phone number).</param>
    /// <param name="lifetime">How long the callback stays pending if it never completes.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>True when this callback is now the pending one; false when another one is (<c>duplicate_callback</c>).</returns>
    /// <exception cref="ArgumentException">The number is not a parseable E.164 number, or the lifetime is not positive.</exception>
    /// <exception cref="RedisException">Redis did not answer (also timeout and open circuit exceptions): treat as not accepted.</exception>
    public async Task<bool> TryAddAsync(string number, string callbackId, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(callbackId);
        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The lifetime must be positive (was {lifetime}).", nameof(lifetime));
        }

        return await TryAddCoreAsync(RedisKeyspace.Number(number), callbackId, lifetime, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Clears the pending callback <paramref name="callbackId"/> of <paramref name="number"/> (placed, failed or
    /// abandoned); another callback's mark is left alone.</summary>
    /// <returns>Whether a pending callback was cleared.</returns>
    /// <exception cref="RedisException">Redis did not answer (also timeout and open circuit exceptions).</exception>
    public async Task<bool> CompleteAsync(string number, string callbackId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(callbackId);
        return await CompleteCoreAsync(RedisKeyspace.Number(number), callbackId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Erases the number's pending callback.</summary>
    /// <exception cref="RedisException">Redis did not answer (also timeout and open circuit exceptions): erase again.</exception>
    public ValueTask ForgetAsync(PhoneNumberInfo number, CancellationToken cancellationToken)
        => number.IsParsed ? RedisErasure.DeleteAsync(_gateway, _gateway.Keys.PendingCallback(number.Key), cancellationToken) : ValueTask.CompletedTask;

    /// <inheritdoc />
    ValueTask<bool> IPendingCallbackStore.TryAddAsync(PhoneNumberInfo destination, Guid callbackId, DateTimeOffset now, TimeSpan lifetime, CancellationToken cancellationToken)
        => TryAddCoreAsync(destination.Key, callbackId.ToString("N"), lifetime, cancellationToken);

    /// <inheritdoc />
    ValueTask<bool> IPendingCallbackStore.CompleteAsync(PhoneNumberInfo destination, Guid callbackId, CancellationToken cancellationToken)
        => new(CompleteCoreAsync(destination.Key, callbackId.ToString("N"), cancellationToken));

    private ValueTask<bool> TryAddCoreAsync(ulong number, string callbackId, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var key = _gateway.Keys.PendingCallback(number);
        return _gateway.ExecuteAsync(
            static (database, state) => database.StringSetAsync(state.Key, state.Id, state.Lifetime, When.NotExists),
            (Key: key, Id: (RedisValue)callbackId, Lifetime: lifetime),
            cancellationToken,
            key);
    }

    private async Task<bool> CompleteCoreAsync(ulong number, string callbackId, CancellationToken cancellationToken)
    {
        var keys = new RedisKey[] { _gateway.Keys.PendingCallback(number) };
        var values = new RedisValue[] { callbackId };
        var result = await _gateway.ExecuteAsync(
            static (database, state) => DeleteIfHeld.EvaluateAsync(database, state.keys, state.values),
            (keys, values),
            cancellationToken,
            keys[0]).ConfigureAwait(false);
        return (long)result == 1;
    }
}
