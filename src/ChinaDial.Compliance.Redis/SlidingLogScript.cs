using System;
using System.Globalization;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// The distributed sliding log: one sorted set per limited subject (a caller ID, a callee, a pair), one member per
/// admitted call scored with the Redis server's clock (<c>TIME</c>, microseconds). One script run decides every window
/// of every key at once, atomically, so nodes and their clocks never matter.
/// </summary>
/// <remarks>
/// A call at <c>t</c> is admitted when every window (limit <c>L</c>, length <c>W</c>) of every key holds fewer than
/// <c>L</c> members in <c>(t - W, t]</c>: the in-process guarantee, over all nodes. Otherwise the answer is the first
/// instant each full window frees a place (the <c>(count - L + 1)</c>-th newest member + <c>W</c>), the latest of
/// them. Admission adds the call's member to every key, trims members older than the key's longest window and sets
/// the key's TTL; giving a reservation back removes the member (<c>ZREM</c>).
/// </remarks>
internal static class SlidingLogScript
{
    /// <summary>KEYS: the sorted sets. ARGV: node id, sequence number (the member is <c>node:sequence</c>), TTL (ms),
    /// then per key: its longest window (µs), group count g, then g pairs (limit, window µs). Returns the server's
    /// instant when admitted, minus the instant it would be admitted when not (µs since the Unix epoch): one integer,
    /// so the answer is read without an array.</summary>
    /// <remarks>Scores and bounds go to Redis as Lua numbers (exact for integers below 2^53, about 285 years of
    /// microseconds): no <c>string.format</c>. Scores are whole microseconds, so the open bound <c>(now - W</c> is the
    /// closed bound <c>now - W + 1</c>.</remarks>
    public static readonly RedisScript Acquire = new("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local retry = 0
        local a = 4
        for k = 1, #KEYS do
          local groups = tonumber(ARGV[a + 1])
          a = a + 2
          for g = 1, groups do
            local limit = tonumber(ARGV[a])
            local window = tonumber(ARGV[a + 1])
            a = a + 2
            local count = redis.call('ZCOUNT', KEYS[k], now - window + 1, '+inf')
            if count >= limit then
              local oldest = redis.call('ZRANGEBYSCORE', KEYS[k], now - window + 1, '+inf', 'WITHSCORES', 'LIMIT', count - limit, 1)
              local free = tonumber(oldest[2]) + window
              if free > retry then retry = free end
            end
          end
        end
        if retry > 0 then return -retry end
        local member = ARGV[1] .. ':' .. ARGV[2]
        a = 4
        for k = 1, #KEYS do
          redis.call('ZREMRANGEBYSCORE', KEYS[k], '-inf', now - tonumber(ARGV[a]))
          redis.call('ZADD', KEYS[k], now, member)
          redis.call('PEXPIRE', KEYS[k], ARGV[3])
          a = a + 2 + 2 * tonumber(ARGV[a + 1])
        end
        return now
        """);

    /// <summary>Converts a script instant (µs since the Unix epoch) to a <see cref="DateTimeOffset"/>.</summary>
    public static DateTimeOffset ToInstant(long microseconds) => DateTimeOffset.UnixEpoch.AddTicks(microseconds * 10);

    /// <summary>Milliseconds, rounded up, as a script argument.</summary>
    public static RedisValue Milliseconds(TimeSpan span) => ((long)Math.Ceiling(span.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Microseconds, rounded up (a longer window is stricter), as a script argument.</summary>
    public static RedisValue Microseconds(TimeSpan span) => (span.Ticks + 9) / 10;
}
