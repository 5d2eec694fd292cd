using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>A call admitted by Redis: what its answer admitted, given back (best effort: an entry left behind only
/// makes the limit stricter until it leaves the window) when the call is not placed, or, for a call in progress, when
/// it ends.</summary>
/// <remarks>An entry is only an instant: several calls admitted at one instant are alike to a log, so giving one back
/// removes any one entry at that instant.</remarks>
internal sealed class RedisReservation(ScriptBatcher batcher, RedisKey[] keys, BatchAnswer admitted)
{
    /// <summary>The keys (or fields) the call was admitted into.</summary>
    public RedisKey[] Keys { get; } = keys;

    /// <summary>What the call holds: the script's answer, with only the parts this reservation gives back.</summary>
    public BatchAnswer Admitted { get; } = admitted;

    public void GiveBack() => batcher.GiveBack(Keys, Admitted);
}
