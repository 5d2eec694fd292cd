namespace ChinaDial.Compliance.Redis;

/// <summary>
/// The state every node shares per caller ID, decided by one script run per batch of decisions: its rate log (the
/// caller-ID rate limit), its calls in progress (the concurrency cap) and its quarantine (the health monitor's), as three
/// fields of the hash of its Redis Cluster hash slot (see <see cref="RedisKeyspace.CallerIdRateHash"/>): the caller ID's
/// keyed hash <c>T</c>, <c>T:c</c> and <c>T:q</c>, beside the hash's own record <c>~</c>.
/// </summary>
/// <remarks>
/// <para><c>T</c>: the rate log, the instants (µs) of the admitted calls, oldest first, at most <c>8 L</c> bytes (see
/// <see cref="SlidingLogScript"/>). <c>T:c</c>: the calls in progress, each the instant (µs) its hold lapses (the
/// server's instant at admission plus the ticket lifetime), in no order; lapsed ones are dropped when the field is
/// written. <c>T:q</c>: the instant (µs) the quarantine ends. <c>~</c>: the hash's expiry (ms), its last sweep (ms) and
/// the latest instant a run stamped (µs), three big-endian doubles, then the sweep's <c>HSCAN</c> cursor.</para>
/// <para>Every call of a run is stamped with the run's instant: the server's <c>TIME</c>, or the latest stamped if that
/// is later (the clock stepped back). A run writes every field it changed and the record with one <c>HSET</c>, renews
/// the hash's TTL (<c>PEXPIREAT</c>) only when its recorded expiry no longer covers what it wrote, and at most once a
/// second sweeps the next 64 or so fields, deleting those that hold nothing current (a rate log whose newest entry left
/// the window, calls in progress that all lapsed, a quarantine that ended).</para>
/// </remarks>
internal static class CallerIdScript
{
    /// <summary>The enforce bits of <see cref="Decide"/>: a quarantine blocks the caller ID's other admissions.</summary>
    public const int QuarantineBlocks = 1;

    /// <summary>A full rate log blocks the admission into calls in progress.</summary>
    public const int RateBlocks = 2;

    /// <summary>A full set of calls in progress blocks the admission into the rate log.</summary>
    public const int ConcurrencyBlocks = 4;

    /// <summary>Decides the calls of a run. KEYS: the hash. ARGV: TTL of the hash (ms), the rate limit <c>L</c> (0: no
    /// rate), the rate window (µs), the most calls in progress (0: no cap), the hold of a call in progress (µs), the
    /// enforce bits, then per decision its field (the caller ID's keyed hash) and the end of a quarantine the node knows
    /// of (µs, 0 when none), written when later than the recorded one; a decision that may not take anything (a
    /// preview, judged for a later instant) gives minus that end minus one. Returns three integers per decision: the rate
    /// answer (the instant admitted at; minus the instant it would be admitted; 0: not counted), the calls-in-progress
    /// answer (the instant the hold lapses; minus the instant the first one lapses; 0: not counted) and the end of the
    /// quarantine (0: none).</summary>
    /// <remarks>A call is admitted into the rate log and into calls in progress only when no enforcing check objects:
    /// a call that one of them refuses takes nothing from the other (so there is nothing to give back), and a quarantined
    /// caller ID takes nothing at all. The decisions of a run are taken in order, each seeing the admissions before it.
    /// </remarks>
    public static readonly RedisScript Decide = new(LuaScripts.Read("caller-id-decide"));

    /// <summary>Gives a call's admissions back. KEYS: the hash. ARGV: the field, the rate answer (0: nothing to give
    /// back), the calls-in-progress answer (0: nothing). Removes one rate entry at that instant and one call in progress
    /// lapsing at that instant, where still held.</summary>
    public static readonly RedisScript Release = new(SlidingLogScript.Without + LuaScripts.Read("caller-id-release"));

    /// <summary>Records a quarantine. KEYS: the hash. ARGV: the field, the end of the quarantine (µs). Keeps a later
    /// end already recorded, and makes the hash's TTL cover the end (and a minute).</summary>
    public static readonly RedisScript Quarantine = new(LuaScripts.Read("caller-id-quarantine"));
}
