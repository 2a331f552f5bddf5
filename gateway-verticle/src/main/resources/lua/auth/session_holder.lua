-- Whose refresh token this is, for logout: the session's current token, or one it has already used.
-- KEYS[1]  session hash sess:{sid} {uid, cur, ends} (session_open.lua)
-- KEYS[2]  list sess:{sid}:used (session_rotate.lua)
-- ARGV[1]  digest of the presented refresh token
-- Reply    {'CURRENT', uid}; {'REUSED', uid}: an already-used token of the session; {'UNKNOWN'}: neither
local s = redis.call('HMGET', KEYS[1], 'uid', 'cur')
if not s[1] then
  return {'UNKNOWN'}
end
if s[2] == ARGV[1] then
  return {'CURRENT', s[1]}
end
if redis.call('LPOS', KEYS[2], ARGV[1]) then
  return {'REUSED', s[1]}
end
return {'UNKNOWN'}
