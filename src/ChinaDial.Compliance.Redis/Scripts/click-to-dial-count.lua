local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local window, ttl = tonumber(ARGV[1]), tonumber(ARGV[2])
local values = redis.call('MGET', unpack(KEYS))
local under = 1
for k = 1, #KEYS do
  local log = values[k]
  if not log or #log % 8 ~= 0 then log = '' end
  local i = 1
  while i < #log and struct.unpack('>d', log, i) <= now - window do i = i + 8 end
  log = string.sub(log, i)
  if #log < 8 * tonumber(ARGV[2 + k]) then
    redis.call('SET', KEYS[k], log .. struct.pack('>d', now), 'PX', ttl)
  else
    under = 0
  end
end
return under
