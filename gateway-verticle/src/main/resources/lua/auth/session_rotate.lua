-- Rotates a session's refresh token: the presented one must be the current one; it joins the used ones and the new
-- one becomes current. An already-used token means two parties hold the family: the session ends at once (both
-- keys deleted), so neither the thief nor the legitimate holder can refresh it again.
-- KEYS[1]  session hash sess:{sid} {uid, cur, ends} (session_open.lua)
-- KEYS[2]  list sess:{sid}:used: digests of the session's used refresh tokens, newest first, at most ARGV[4]
-- ARGV[1]  digest of the presented refresh token
-- ARGV[2]  digest of the new refresh token
-- ARGV[3]  idle lifetime in ms
-- ARGV[4]  how many used digests are remembered
-- Reply    {'OK', uid, ends}: rotated; {'REUSED', uid}: an used token, the session is ended; {'EXPIRED', uid}: past
--          its absolute end, the session is ended; {'UNKNOWN'}: no such session, or a token it never issued
local s = redis.call('HMGET', KEYS[1], 'uid', 'cur', 'ends')
if not s[1] then
  return {'UNKNOWN'}
end
if s[2] ~= ARGV[1] then
  if redis.call('LPOS', KEYS[2], ARGV[1]) then
    redis.call('DEL', KEYS[1], KEYS[2])
    return {'REUSED', s[1]}
  end
  return {'UNKNOWN'}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ends = tonumber(s[3])
if now >= ends then
  redis.call('DEL', KEYS[1], KEYS[2])
  return {'EXPIRED', s[1]}
end
redis.call('HSET', KEYS[1], 'cur', ARGV[2])
redis.call('LPUSH', KEYS[2], ARGV[1])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[4]) - 1)
local ttl = math.min(tonumber(ARGV[3]), ends - now)
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
return {'OK', s[1], s[3]}
