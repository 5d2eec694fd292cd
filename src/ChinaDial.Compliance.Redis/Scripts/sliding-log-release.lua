for k = 1, #KEYS do
  local value = without(redis.call('GET', KEYS[k]), at, 9)
  if value then redis.call('SET', KEYS[k], value, 'KEEPTTL') end
end
return 0
