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
