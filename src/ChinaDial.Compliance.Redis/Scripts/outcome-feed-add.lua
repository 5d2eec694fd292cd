local t = redis.call('TIME')
local oldest = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - tonumber(ARGV[1])
redis.call('XADD', KEYS[1], 'MINID', '~', oldest, '*', 'n', ARGV[2], 'c', ARGV[3], 'k', ARGV[4], 'a', ARGV[5], 'd', ARGV[6], 't', ARGV[7])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
