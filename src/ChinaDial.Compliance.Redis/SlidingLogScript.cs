using System;
using System.Globalization;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// The distributed sliding log: per limited subject (a caller ID, a callee, a pair) the calls it admitted, oldest
/// first, each stamped with the Redis server's clock (<c>TIME</c>, microseconds). One script run decides every window of
/// every log of its decisions at once, atomically, so nodes and their clocks never matter.
/// </summary>
/// <remarks>
/// <para>A call at <c>t</c> is admitted when every window (limit <c>L</c>, length <c>W</c>) of every log holds fewer
/// than <c>L</c> calls in <c>(t - W, t]</c>: the in-process guarantee, over all nodes. Otherwise the answer is the
/// first instant each full window frees a place (its <c>L</c>-th newest call + <c>W</c>), the latest of them.</para>
/// <para>An entry is one admitted call's instant (µs, a big-endian double: exact below 2^53, about 285 years). Entries
/// stay in instant order: an instant is never before the last one recorded, should the server's clock step back
/// (stricter, never looser). Admission appends the call's instant to every log. Once a log holds as many entries as its
/// largest limit <c>L</c>, admission also drops the entries that no window can count any more: when <c>L</c>'s window
/// is the log's longest (a caller-ID rate, and the usual caps), the admission itself proves that all but the newest
/// <c>L - 1</c> are outside every window, so the log keeps just those; otherwise it drops the entries older than the
/// longest window. Giving a reservation back removes one entry at its instant (<see cref="Release"/>,
/// <see cref="CallerIdScript.Release"/>). Entries carry no name: calls admitted at one instant are alike to the log, so removing
/// any one of them leaves the same log.</para>
/// <para>Two layouts. <see cref="Acquire"/>: one string key per log, for limits over several logs and windows (callees
/// and caller-ID/callee pairs: many, most called once, so each key expires by itself). <see cref="CallerIdScript.Decide"/>: the
/// logs of one hash slot as fields of one hash, for a limit of one log with one window (caller IDs: few, each called
/// again and again). On Redis's one thread a script pays for every <c>redis.call</c>, for every value it hands to
/// Redis or gets back, and for every string it makes: a run in the first layout writes each key it admitted into once
/// (<c>SET … KEEPTTL</c>, which costs more than deciding the call); a run in the second writes all its fields with one
/// <c>HSET</c>, stamps all its calls with one instant (one entry made per run, not per call) and reads one entry per
/// call. One run decides a batch of concurrent decisions (see <see cref="ScriptBatcher"/>): what Redis spends per
/// run (the script call, <c>TIME</c>, the caps) is then spent once for all of them.</para>
/// </remarks>
internal static class SlidingLogScript
{
    /// <summary>What the give-backs share (<see cref="Release"/>, <see cref="CallerIdScript.Release"/>):
    /// <c>without(value, at, first)</c>, the value with one entry at instant
    /// <c>at</c> removed (searching from the newest down to the entry at byte <c>first</c>), or <see langword="nil"/>
    /// when it holds none.</summary>
    internal const string Without = """
        local at = tonumber(ARGV[1])
        local function without(value, at, first)
          if value and #value >= first + 7 and #value % 8 == 0 then
            for i = #value - 7, first, -8 do
              local entry = struct.unpack('>d', value, i)
              if entry == at then return string.sub(value, 1, i - 1) .. string.sub(value, i + 8) end
              if entry < at then return nil end
            end
          end
          return nil
        end

        """;

    /// <summary>The sliding log with one string key per log. KEYS: the keys of each decision in turn (<c>p</c> keys per
    /// decision). ARGV: TTL (ms), <c>p</c>, then per key its longest window (µs), group count g and g pairs (limit,
    /// window µs): the same for every run of one limit. Returns one integer per decision, in order: the call's instant
    /// when admitted, minus the instant it would be admitted when not (µs since the Unix epoch).</summary>
    /// <remarks>The decisions of one run are taken in order, each seeing the admissions before it, at one server
    /// instant: the same answers as one run per decision in that order. A key's value: 8 bytes of bookkeeping (a
    /// big-endian double, the key's expiry in ms since the Unix epoch), then its entries, at most <c>8 + 8 L</c> bytes
    /// when <c>L</c>'s window is the longest. Offsets into a value (Lua counts from 1): entry <c>i</c> (0-based) starts
    /// at byte <c>9 + 8 i</c>, so in a value of <c>size</c> bytes the newest starts at <c>size - 7</c> and the
    /// <c>L</c>-th newest at <c>size - 8 L + 1</c>. A call's instant is the server's, or the newest entry of its keys if
    /// that is later.</remarks>
    public static readonly RedisScript Acquire = new("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local nowMs = math.floor(now / 1000)
        local ttl = tonumber(ARGV[1])
        local per = tonumber(ARGV[2])
        local oldest, needed, largest, keep, first, last, limits, windows = {}, {}, {}, {}, {}, {}, {}, {}
        local a, c = 3, 0
        for k = 1, per do
          local longest = tonumber(ARGV[a])
          oldest[k] = now - longest
          needed[k] = nowMs + math.ceil(longest / 1000) + 1
          local groups = tonumber(ARGV[a + 1])
          a = a + 2
          first[k] = c + 1
          local most, mostWindow = 0, 0
          for g = 1, groups do
            c = c + 1
            limits[c] = tonumber(ARGV[a])
            windows[c] = tonumber(ARGV[a + 1])
            if limits[c] > most or (limits[c] == most and windows[c] > mostWindow) then most, mostWindow = limits[c], windows[c] end
            a = a + 2
          end
          last[k] = c
          largest[k] = most
          keep[k] = mostWindow >= longest
        end
        local empty = struct.pack('>d', 0)
        local values = redis.call('MGET', unpack(KEYS))
        local logs, written, answers = {}, {}, {}
        for d = 0, #KEYS / per - 1 do
          local base = d * per
          local retry, at = 0, now
          for k = 1, per do
            local key = KEYS[base + k]
            local log = logs[key]
            if log == nil then
              log = values[base + k]
              if not log or #log < 8 or #log % 8 ~= 0 then log = empty end
              logs[key] = log
            end
            local size = #log
            if size > 8 then
              local newest = struct.unpack('>d', log, size - 7)
              if newest > at then at = newest end
              for g = first[k], last[k] do
                local limit = limits[g]
                if size >= 8 + 8 * limit then
                  local free = struct.unpack('>d', log, size - 8 * limit + 1) + windows[g]
                  if free > now and free > retry then retry = free end
                end
              end
            end
          end
          if retry > 0 then
            answers[d + 1] = -retry
          else
            local entry = struct.pack('>d', at)
            for k = 1, per do
              local key = KEYS[base + k]
              local log = logs[key]
              local size = #log
              local most = largest[k]
              if size >= 8 + 8 * most then
                if keep[k] then
                  log = string.sub(log, 1, 8) .. string.sub(log, size - 8 * most + 9) .. entry
                else
                  local i = 9
                  while i < size and struct.unpack('>d', log, i) <= oldest[k] do i = i + 8 end
                  log = string.sub(log, 1, 8) .. string.sub(log, i) .. entry
                end
              else
                log = log .. entry
              end
              logs[key] = log
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

    /// <summary>Gives a reservation of <see cref="Acquire"/> back. KEYS: the reservation's keys. ARGV: the call's
    /// instant (µs, as the answer gave it). Removes one entry at that instant from every key that still holds one,
    /// keeping the key's TTL.</summary>
    public static readonly RedisScript Release = new(Without + """
        for k = 1, #KEYS do
          local value = without(redis.call('GET', KEYS[k]), at, 9)
          if value then redis.call('SET', KEYS[k], value, 'KEEPTTL') end
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
