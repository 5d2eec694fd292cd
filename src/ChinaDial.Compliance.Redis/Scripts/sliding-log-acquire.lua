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
