redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'optout:all', ARGV[1])
return 1
