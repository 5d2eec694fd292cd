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
