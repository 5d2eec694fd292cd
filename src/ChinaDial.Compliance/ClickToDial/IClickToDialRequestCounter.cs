using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// Where <see cref="ClickToDialGuard"/> counts requests, each cap over its sliding window
/// (<see cref="ClickToDialOptions.Window"/>): per client address, per narrow network (IPv4 /24, IPv6 /64), per wide
/// network (IPv4 /16, IPv6 /48) and per destination number. <see cref="InMemoryClickToDialRequestCounter"/> counts in
/// one process; a counter shared by every node (the Redis adapter's) gives a client one quota for the whole fleet.
/// </summary>
public interface IClickToDialRequestCounter
{
    /// <summary>
    /// Counts one request from <paramref name="client"/> against its address and networks, and against
    /// <paramref name="destination"/> when it is parsed (pass <see cref="PhoneNumberInfo.Unparsed"/> to count the client
    /// only). A cap with room records the request; a full cap records nothing.
    /// </summary>
    /// <param name="client">The client's address.</param>
    /// <param name="destination">The number to call back, or <see cref="PhoneNumberInfo.Unparsed"/>.</param>
    /// <param name="now">The guard's clock.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>What the caps answered.</returns>
    ValueTask<ClickToDialCount> CountAsync(IPAddress client, PhoneNumberInfo destination, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>What <see cref="IClickToDialRequestCounter.CountAsync"/> answered for one request.</summary>
public enum ClickToDialCount
{
    /// <summary>Every cap had room: the request was counted.</summary>
    UnderCaps = 0,

    /// <summary>At least one cap was full (suspected abuse).</summary>
    OverCap = 1,

    /// <summary>The counter could not count (its memory bound was reached, or its store failed): the guard fails closed.</summary>
    Unavailable = 2,
}
