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
    internal static readonly string Without = LuaScripts.Read("sliding-log-without");

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
    public static readonly RedisScript Acquire = new(LuaScripts.Read("sliding-log-acquire"));

    /// <summary>Gives a reservation of <see cref="Acquire"/> back. KEYS: the reservation's keys. ARGV: the call's
    /// instant (µs, as the answer gave it). Removes one entry at that instant from every key that still holds one,
    /// keeping the key's TTL.</summary>
    public static readonly RedisScript Release = new(Without + LuaScripts.Read("sliding-log-release"));

    /// <summary>Converts a script instant (µs since the Unix epoch) to a <see cref="DateTimeOffset"/>.</summary>
    public static DateTimeOffset ToInstant(long microseconds) => DateTimeOffset.UnixEpoch.AddTicks(microseconds * 10);

    /// <summary>Milliseconds, rounded up, as a script argument.</summary>
    public static RedisValue Milliseconds(TimeSpan span) => ((long)Math.Ceiling(span.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Microseconds, rounded up (a longer window is stricter), as a script argument.</summary>
    public static RedisValue Microseconds(TimeSpan span) => (span.Ticks + 9) / 10;
}
