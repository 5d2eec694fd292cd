local key = KEYS[1]
for i = 2, #ARGV, 3 do
  local kind, field, value = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if kind == 'g' then
    local current = redis.call('HGET', key, field)
    if not current or (current == 'g-1:-1:' and value ~= current) then redis.call('HSET', key, field, value) end
  elseif kind == 'r' then
    redis.call('HSET', key, field, value)
  else
    local current = redis.call('HGET', key, field)
    if not current or tonumber(current) > tonumber(value) then redis.call('HSET', key, field, value) end
  end
end
local retention = tonumber(ARGV[1])
local all = redis.call('HGETALL', key)
if #all == 0 then return 1 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cutoff = (now - retention) * 2 + 1
local events, optedOut = {}, false
for i = 1, #all, 2 do
  local field = all[i]
  local p, n = string.match(field, '^e:(%d):(-?%d+)$')
  if p then
    if not events[p] then events[p] = {} end
    table.insert(events[p], tonumber(n))
  elseif string.sub(field, 1, 7) == 'optout:' then
    optedOut = true
  end
end
local gone, expireAt, left = {}, 0, 0
for p, list in pairs(events) do
  table.sort(list)
  if retention > 0 then
    local latest = 0
    for i = 1, #list do
      if list[i] <= cutoff then latest = i end
    end
    local drop = latest
    if latest > 0 and list[latest] % 2 == 0 then drop = latest - 1 end
    for i = 1, drop do gone[#gone + 1] = 'e:' .. p .. ':' .. string.format('%.0f', list[i]) end
    for i = 1, drop do table.remove(list, 1) end
  end
  left = left + #list
  if #list > 0 then
    local last = list[#list]
    if last % 2 == 0 then
      expireAt = -1
    elseif expireAt >= 0 then
      local ends = (last - 1) / 2 + retention
      if ends > expireAt then expireAt = ends end
    end
  end
end
if #gone > 0 then redis.call('HDEL', key, unpack(gone)) end
if left == 0 and not optedOut then
  redis.call('DEL', key)
elseif optedOut or expireAt < 0 or retention == 0 then
  redis.call('PERSIST', key)
else
  redis.call('PEXPIREAT', key, math.max(expireAt, now + 1))
end
return 1
