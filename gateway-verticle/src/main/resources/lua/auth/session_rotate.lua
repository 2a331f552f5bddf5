-- Rotates a session's refresh token: the presented one must be current; it joins the used ones and the new one
-- becomes current. An already-used token means two parties hold the family: the session ends at once (both keys
-- deleted), so neither the thief nor the legitimate holder can refresh it again.
-- One exception keeps honest browsers signed in: the token rotated away last, presented again within ARGV[5] ms of
-- that rotation, is a refresh whose answer was lost and is retried, or a second tab that sent the same cookie at the
-- same moment. It gets a token of its own, current beside the other (field alt) until either rotates, which retires
-- both: the browser's cookie jar keeps only one of them.
-- KEYS[1]  session hash sess:{sid} {uid, cur, ends, alt, prev, at} (session_open.lua); prev: the token rotated away
--          last, at: when (epoch ms)
-- KEYS[2]  list sess:{sid}:used: digests of the session's used refresh tokens, newest first, at most ARGV[4]
-- ARGV[1]  digest of the presented refresh token
-- ARGV[2]  digest of the new refresh token
-- ARGV[3]  idle lifetime in ms
-- ARGV[4]  how many used digests are remembered
-- ARGV[5]  grace: how long after a rotation the token it retired may be presented again (ms; 0 = never)
-- Reply    {'OK', uid, ends}: rotated; {'REUSED', uid}: an used token, the session is ended; {'EXPIRED', uid}: past
--          its absolute end, the session is ended; {'UNKNOWN'}: no such session, or a token it never issued
local s = redis.call('HMGET', KEYS[1], 'uid', 'cur', 'ends', 'alt', 'prev', 'at')
if not s[1] then
  return {'UNKNOWN'}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local presented = ARGV[1]
local current = presented == s[2] or presented == s[4]
local retried = not current and presented == s[5] and now - (tonumber(s[6]) or 0) < tonumber(ARGV[5])
if not current and not retried then
  if redis.call('LPOS', KEYS[2], presented) then
    redis.call('DEL', KEYS[1], KEYS[2])
    return {'REUSED', s[1]}
  end
  return {'UNKNOWN'}
end
local ends = tonumber(s[3])
if now >= ends then
  redis.call('DEL', KEYS[1], KEYS[2])
  return {'EXPIRED', s[1]}
end
if retried then
  if s[4] then
    redis.call('LPUSH', KEYS[2], s[4])
  end
  redis.call('HSET', KEYS[1], 'alt', ARGV[2])
else
  redis.call('LPUSH', KEYS[2], presented)
  -- The other current token, if a retry made one, is no one's any more.
  local other = presented == s[2] and s[4] or (presented == s[4] and s[2] or nil)
  if other then
    redis.call('LPUSH', KEYS[2], other)
  end
  redis.call('HSET', KEYS[1], 'cur', ARGV[2], 'prev', presented, 'at', now)
  redis.call('HDEL', KEYS[1], 'alt')
end
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[4]) - 1)
local ttl = math.min(tonumber(ARGV[3]), ends - now)
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
return {'OK', s[1], s[3]}
