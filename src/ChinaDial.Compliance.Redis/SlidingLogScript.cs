using System;
using System.Globalization;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// The distributed sliding log: one string per limited subject (a caller ID, a callee, a pair) holding the calls it
/// admitted, oldest first, each stamped with the Redis server's clock (<c>TIME</c>, microseconds). One script run
/// decides every window of every key at once, atomically, so nodes and their clocks never matter.
/// </summary>
/// <remarks>
/// <para>A call at <c>t</c> is admitted when every window (limit <c>L</c>, length <c>W</c>) of every key holds fewer
/// than <c>L</c> calls in <c>(t - W, t]</c>: the in-process guarantee, over all nodes. Otherwise the answer is the
/// first instant each full window frees a place (its <c>L</c>-th newest call + <c>W</c>), the latest of them.</para>
/// <para>The value: the key's expiry (ms since the Unix epoch, a big-endian double), then one 24-byte entry per call:
/// its instant (µs, a big-endian double: exact below 2^53, about 285 years) and the call's name (the node id and the
/// node's sequence number, 16 bytes, see <see cref="RedisReservation.WriteName"/>). Entries stay in instant order (an instant is never before the key's last one,
/// should the server's clock step back: stricter, never looser). Admission appends the call's entry to every key and
/// drops the entries older than the key's longest window once the key holds as many entries as its largest limit;
/// giving a reservation back removes the entry (<see cref="Release"/>).</para>
/// <para>Why a string and not a sorted set: on Redis's one thread a script pays for every <c>redis.call</c>, and
/// setting a TTL costs more than the write itself. A run reads all its keys with one <c>MGET</c> and writes each key it
/// admitted into once, with <c>KEEPTTL</c> while the expiry kept in the value still covers the key's longest window
/// (with <c>PXAT</c>, to the key's full TTL, when it does not): one call per admitted key instead of four
/// (<c>ZCOUNT</c>, <c>ZREMRANGEBYSCORE</c>, <c>ZADD</c>, <c>PEXPIRE</c>). One run decides a batch of concurrent
/// decisions (see <see cref="SlidingLogBatcher"/>): what Redis spends per run (the script call, <c>TIME</c>,
/// <c>MGET</c>) is then spent once for all of them.</para>
/// </remarks>
internal static class SlidingLogScript
{
    /// <summary>KEYS: the keys of each decision in turn (<c>p</c> keys per decision). ARGV: TTL (ms), <c>p</c>, then
    /// per key its longest window (µs), group count g and g pairs (limit, window µs), then each decision's call name
    /// (16 bytes: see <see cref="RedisReservation.WriteName"/>). Returns one integer per decision, in order: the call's
    /// instant when admitted, minus the instant it would be admitted when not (µs since the Unix epoch).</summary>
    /// <remarks>The decisions of one run are taken in order, each seeing the admissions before it, at one server
    /// instant: the same answers as one run per decision in that order. Offsets into a value: entry <c>i</c> (0-based)
    /// starts at byte <c>9 + 24 i</c>, so in a value of <c>size</c> bytes the newest starts at <c>size - 23</c> and the
    /// <c>L</c>-th newest at <c>size - 24 L + 1</c>.</remarks>
    public static readonly RedisScript Acquire = new("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local nowMs = math.floor(now / 1000)
        local ttl = tonumber(ARGV[1])
        local per = tonumber(ARGV[2])
        local oldest, needed, largest, groups, limits, windows = {}, {}, {}, {}, {}, {}
        local a = 3
        for k = 1, per do
          local longest = tonumber(ARGV[a])
          oldest[k] = now - longest
          needed[k] = nowMs + math.ceil(longest / 1000) + 1
          groups[k] = tonumber(ARGV[a + 1])
          largest[k] = 0
          a = a + 2
          for g = 1, groups[k] do
            local limit = tonumber(ARGV[a])
            limits[#limits + 1] = limit
            windows[#windows + 1] = tonumber(ARGV[a + 1])
            if limit > largest[k] then largest[k] = limit end
            a = a + 2
          end
        end
        local empty = struct.pack('>d', 0)
        local values = redis.call('MGET', unpack(KEYS))
        local logs, written, answers = {}, {}, {}
        for d = 0, #ARGV - a do
          local base = d * per
          local retry, at, c = 0, now, 0
          for k = 1, per do
            local key = KEYS[base + k]
            local log = logs[key]
            if log == nil then
              log = values[base + k]
              if not log or #log < 8 or (#log - 8) % 24 ~= 0 then log = empty end
              logs[key] = log
            end
            local size = #log
            if size > 8 then
              local last = struct.unpack('>d', log, size - 23)
              if last > at then at = last end
            end
            for g = 1, groups[k] do
              c = c + 1
              local limit = limits[c]
              if size >= 8 + 24 * limit then
                local entry = struct.unpack('>d', log, size - 24 * limit + 1)
                if entry > now - windows[c] then
                  local free = entry + windows[c]
                  if free > retry then retry = free end
                end
              end
            end
          end
          if retry > 0 then
            answers[d + 1] = -retry
          else
            local entry = struct.pack('>d', at) .. ARGV[a + d]
            for k = 1, per do
              local key = KEYS[base + k]
              local log = logs[key]
              local size = #log
              if size >= 8 + 24 * largest[k] then
                local i = 9
                while i < size and struct.unpack('>d', log, i) <= oldest[k] do i = i + 24 end
                if i > 9 then log = string.sub(log, 1, 8) .. string.sub(log, i) end
              end
              logs[key] = log .. entry
              if needed[k] > (written[key] or 0) then written[key] = needed[k] end
            end
            answers[d + 1] = at
          end
        end
        for key, need in pairs(written) do
          local log = logs[key]
          local expiry = struct.unpack('>d', log)
          if expiry < need then
            expiry = nowMs + ttl
            redis.call('SET', key, struct.pack('>d', expiry) .. string.sub(log, 9), 'PXAT', expiry)
          else
            redis.call('SET', key, log, 'KEEPTTL')
          end
        end
        return answers
        """);

    /// <summary>Gives a reservation back. KEYS: the reservation's keys. ARGV: the call's name (16 bytes). Removes the
    /// call's entry from every key that still holds it, keeping the key's TTL.</summary>
    public static readonly RedisScript Release = new("""
        local name = ARGV[1]
        for k = 1, #KEYS do
          local value = redis.call('GET', KEYS[k])
          if value and #value >= 8 and (#value - 8) % 24 == 0 then
            for at = 9, #value - 23, 24 do
              if string.sub(value, at + 8, at + 23) == name then
                redis.call('SET', KEYS[k], string.sub(value, 1, at - 1) .. string.sub(value, at + 24), 'KEEPTTL')
                break
              end
            end
          end
        end
        return 0
        """);

    /// <summary>Converts a script instant (µs since the Unix epoch) to a <see cref="DateTimeOffset"/>.</summary>
    public static DateTimeOffset ToInstant(long microseconds) => DateTimeOffset.UnixEpoch.AddTicks(microseconds * 10);

    /// <summary>Milliseconds, rounded up, as a script argument.</summary>
    public static RedisValue Milliseconds(TimeSpan span) => ((long)Math.Ceiling(span.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Microseconds, rounded up (a longer window is stricter), as a script argument.</summary>
    public static RedisValue Microseconds(TimeSpan span) => (span.Ticks + 9) / 10;
}
