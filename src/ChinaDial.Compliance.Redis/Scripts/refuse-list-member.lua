local bits = redis.call('HGET', KEYS[1], 'bits')
if not bits then return -1 end
bits = tonumber(bits)
local h = ARGV[1]
local a, b, c, d = string.byte(h, 1, 4)
local top = ((a * 256 + b) * 256 + c) * 256 + d
local bucket = math.floor(top / 2 ^ (32 - bits))
local keys = redis.call('HGET', KEYS[1], tostring(bucket))
if not keys then return 0 end
local i = 1
while true do
  local at = string.find(keys, h, i, true)
  if not at then return 0 end
  if (at - 1) % 8 == 0 then return 1 end
  i = at + 1
end
