using System;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// Where <see cref="ClickToDialGuard"/> keeps the one pending callback per number. <see cref="InMemoryPendingCallbackStore"/>
/// serves one process; a store shared by every node (the Redis adapter's) keeps a number from being called back once per node.
/// </summary>
public interface IPendingCallbackStore
{
    /// <summary>Makes <paramref name="callbackId"/> the pending callback of <paramref name="destination"/>, unless another
    /// one is pending (not completed and not lapsed).</summary>
    /// <param name="destination">The parsed callee (<see cref="PhoneNumberInfo.Key"/> identifies it; no text is kept).</param>
    /// <param name="callbackId">The new callback's id.</param>
    /// <param name="now">The guard's clock.</param>
    /// <param name="lifetime">How long the callback stays pending if it is never completed.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>True when this callback is now the pending one; false when another one is.</returns>
    ValueTask<bool> TryAddAsync(PhoneNumberInfo destination, Guid callbackId, DateTimeOffset now, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>Clears the pending callback <paramref name="callbackId"/> of <paramref name="destination"/>; another
    /// callback's mark is left alone.</summary>
    /// <param name="destination">The parsed callee.</param>
    /// <param name="callbackId">The id returned when the callback was accepted.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Whether a pending callback was cleared.</returns>
    ValueTask<bool> CompleteAsync(PhoneNumberInfo destination, Guid callbackId, CancellationToken cancellationToken);
}
