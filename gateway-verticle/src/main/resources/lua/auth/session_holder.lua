-- Whose refresh token this is, for logout: one of the session's current tokens (cur, or alt after a retried
-- refresh: session_rotate.lua), or one it has already used.
-- KEYS[1]  session hash sess:{sid} {uid, cur, alt, ...} (session_open.lua, session_rotate.lua)
-- KEYS[2]  list sess:{sid}:used (session_rotate.lua)
-- ARGV[1]  digest of the presented refresh token
-- Reply    {'CURRENT', uid}; {'REUSED', uid}: an already-used token of the session; {'UNKNOWN'}: neither
local s = redis.call('HMGET', KEYS[1], 'uid', 'cur', 'alt')
if not s[1] then
  return {'UNKNOWN'}
end
if s[2] == ARGV[1] or s[3] == ARGV[1] then
  return {'CURRENT', s[1]}
end
if redis.call('LPOS', KEYS[2], ARGV[1]) then
  return {'REUSED', s[1]}
end
return {'UNKNOWN'}
