using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>A call admitted by the distributed sliding log: its entry in each log (the instant the script admitted it
/// at), removed again if the call is not placed.</summary>
/// <remarks>An entry is only an instant: several calls admitted at one instant are alike to the log, so giving one back
/// removes any one entry at that instant (see <see cref="SlidingLogScript.Release"/>).</remarks>
internal sealed class RedisReservation(SlidingLogBatcher log, RedisKey[] keys, long instant)
{
    /// <summary>The keys (or fields) of the logs the call was admitted into.</summary>
    public RedisKey[] Keys { get; } = keys;

    /// <summary>The instant the call was admitted at (µs since the Unix epoch, the server's clock).</summary>
    public long Instant { get; } = instant;

    /// <summary>Removes the entry from every log (best effort: an entry left behind only makes the limit stricter
    /// until it leaves the window).</summary>
    public void GiveBack() => log.GiveBack(Keys, Instant);
}
