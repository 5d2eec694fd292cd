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
