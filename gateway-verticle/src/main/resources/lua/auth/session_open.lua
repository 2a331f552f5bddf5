-- Opens a session (one login): its record holds the user, the digest of its current refresh token and its absolute
-- end. The record lives while the session is used: each rotation renews it for the idle lifetime, never past the end.
-- Time comes from the Redis server (TIME), so every gateway agrees on when a session ends.
-- KEYS[1]  session hash sess:{sid} {uid, cur = digest of the current refresh token, ends = epoch ms}
-- ARGV[1]  user id
-- ARGV[2]  digest of the session's first refresh token
-- ARGV[3]  absolute lifetime in ms
-- ARGV[4]  idle lifetime in ms (the refresh token's)
-- Reply    the session's end, epoch ms
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ends = now + tonumber(ARGV[3])
redis.call('HSET', KEYS[1], 'uid', ARGV[1], 'cur', ARGV[2], 'ends', ends)
redis.call('PEXPIRE', KEYS[1], math.min(tonumber(ARGV[4]), ends - now))
return ends
