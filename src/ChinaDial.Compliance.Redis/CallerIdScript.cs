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
    public static readonly RedisScript Decide = new("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local ttl, limit, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
        local most, hold, enforce = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
        local blockQ, blockR, blockC = enforce % 2 == 1, math.floor(enforce / 2) % 2 == 1, math.floor(enforce / 4) % 2 == 1
        local hash = KEYS[1]
        local n = (#ARGV - 6) / 2
        local names = {'~'}
        for d = 1, n do
          local field = ARGV[5 + 2 * d]
          names[3 * d - 1] = field
          names[3 * d] = field .. ':c'
          names[3 * d + 1] = field .. ':q'
        end
        local values = redis.call('HMGET', hash, unpack(names))
        local expiry, swept, latest, cursor = 0, 0, 0, '0'
        local record = values[1]
        if record and #record > 24 then
          expiry, swept, latest = struct.unpack('>d>d>d', record)
          cursor = string.sub(record, 25)
        end
        if latest > now then now = latest end
        local nowMs = math.floor(now / 1000)
        local need = nowMs + 1
        local entry = struct.pack('>d', now)
        local full = 8 * limit
        local logs, live, ends, dirty, answers = {}, {}, {}, {}, {}
        for d = 1, n do
          local field = ARGV[5 + 2 * d]
          local claimed = tonumber(ARGV[6 + 2 * d])
          local checkOnly = claimed < 0
          if checkOnly then claimed = -claimed - 1 end
          local q = ends[field]
          if q == nil then
            q = 0
            local v = values[3 * d + 1]
            if v and #v == 8 then q = struct.unpack('>d', v) end
          end
          if claimed > q then
            q = claimed
            dirty[field .. ':q'] = struct.pack('>d', q)
            if math.ceil(q / 1000) + 1 > need then need = math.ceil(q / 1000) + 1 end
          end
          ends[field] = q
          local rateRoom, rateRetry, log = true, 0, nil
          if limit > 0 then
            log = logs[field]
            if log == nil then
              log = values[3 * d - 1]
              if not log or #log % 8 ~= 0 then log = '' end
            end
            local size = #log
            if size >= full then
              local free = struct.unpack('>d', log, size - full + 1) + window
              if free > now then rateRoom, rateRetry = false, free end
            end
          end
          local callRoom, callRetry, calls = true, 0, nil
          if most > 0 then
            calls = live[field]
            if calls == nil then
              calls = ''
              local v = values[3 * d]
              if v and #v % 8 == 0 then
                for i = 1, #v - 7, 8 do
                  if struct.unpack('>d', v, i) > now then calls = calls .. string.sub(v, i, i + 7) end
                end
              end
            end
            if #calls >= 8 * most then
              callRoom = false
              for i = 1, #calls - 7, 8 do
                local lapse = struct.unpack('>d', calls, i)
                if callRetry == 0 or lapse < callRetry then callRetry = lapse end
              end
            end
          end
          local blocked = checkOnly or (q > now and blockQ) or (not rateRoom and blockR) or (not callRoom and blockC)
          local rate, call = 0, 0
          if limit > 0 then
            if not rateRoom then
              rate = -rateRetry
            elseif not blocked then
              if #log >= full then log = string.sub(log, #log - full + 9) end
              log = log .. entry
              dirty[field] = log
              rate = now
              if nowMs + math.ceil(window / 1000) + 1 > need then need = nowMs + math.ceil(window / 1000) + 1 end
            end
            logs[field] = log
          end
          if most > 0 then
            if not callRoom then
              call = -callRetry
            elseif not blocked then
              call = now + hold
              calls = calls .. struct.pack('>d', call)
              dirty[field .. ':c'] = calls
              if math.ceil(call / 1000) + 1 > need then need = math.ceil(call / 1000) + 1 end
            end
            live[field] = calls
          end
          answers[3 * d - 2] = rate
          answers[3 * d - 1] = call
          if q > now then answers[3 * d] = q else answers[3 * d] = 0 end
        end
        local renew = expiry < need
        if renew then expiry = math.max(need, nowMs + ttl) end
        if nowMs - swept >= 1000 then
          local scan = redis.call('HSCAN', hash, cursor, 'COUNT', 64)
          local gone, found = {}, scan[2]
          for i = 1, #found, 2 do
            local field, value = found[i], found[i + 1]
            if field ~= '~' and dirty[field] == nil then
              local kind, stale = string.sub(field, -2), true
              if kind == ':c' then
                if #value % 8 == 0 then
                  for j = 1, #value - 7, 8 do
                    if struct.unpack('>d', value, j) > now then stale = false end
                  end
                end
              elseif kind == ':q' then
                stale = #value ~= 8 or struct.unpack('>d', value) <= now
              else
                stale = #value < 8 or struct.unpack('>d', value, #value - 7) <= now - window
              end
              if stale then gone[#gone + 1] = field end
            end
          end
          if #gone > 0 then redis.call('HDEL', hash, unpack(gone)) end
          cursor, swept = scan[1], nowMs
        end
        local fields = {}
        for field, value in pairs(dirty) do
          fields[#fields + 1] = field
          fields[#fields + 1] = value
        end
        fields[#fields + 1] = '~'
        fields[#fields + 1] = struct.pack('>d>d>d', expiry, swept, now) .. cursor
        redis.call('HSET', hash, unpack(fields))
        if renew then redis.call('PEXPIREAT', hash, expiry) end
        return answers
        """);

    /// <summary>Gives a call's admissions back. KEYS: the hash. ARGV: the field, the rate answer (0: nothing to give
    /// back), the calls-in-progress answer (0: nothing). Removes one rate entry at that instant and one call in progress
    /// lapsing at that instant, where still held.</summary>
    public static readonly RedisScript Release = new(SlidingLogScript.Without + """
        local field, rate, call = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
        if rate > 0 then
          local value = without(redis.call('HGET', KEYS[1], field), rate, 1)
          if value then redis.call('HSET', KEYS[1], field, value) end
        end
        if call > 0 then
          local value = redis.call('HGET', KEYS[1], field .. ':c')
          if value and #value % 8 == 0 then
            for i = 1, #value - 7, 8 do
              if struct.unpack('>d', value, i) == call then
                redis.call('HSET', KEYS[1], field .. ':c', string.sub(value, 1, i - 1) .. string.sub(value, i + 8))
                break
              end
            end
          end
        end
        return 0
        """);

    /// <summary>Records a quarantine. KEYS: the hash. ARGV: the field, the end of the quarantine (µs). Keeps a later
    /// end already recorded, and makes the hash's TTL cover the end (and a minute).</summary>
    public static readonly RedisScript Quarantine = new("""
        local name, q = ARGV[1] .. ':q', tonumber(ARGV[2])
        local current = redis.call('HGET', KEYS[1], name)
        if current and #current == 8 and struct.unpack('>d', current) >= q then return 0 end
        redis.call('HSET', KEYS[1], name, struct.pack('>d', q))
        local record = redis.call('HGET', KEYS[1], '~')
        local expiry, rest = 0, struct.pack('>d>d', 0, 0) .. '0'
        if record and #record > 24 then
          expiry = struct.unpack('>d', record)
          rest = string.sub(record, 9)
        end
        local need = math.ceil(q / 1000) + 60000
        if expiry < need then
          redis.call('HSET', KEYS[1], '~', struct.pack('>d', need) .. rest)
          redis.call('PEXPIREAT', KEYS[1], need)
        end
        return 1
        """);
}
