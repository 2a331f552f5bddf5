-- Records ended sessions in the revocation stream that every gateway copies into memory, so that their access
-- tokens are refused everywhere. An entry is needed only while an access token issued before it may still be
-- valid: entries older than the window are trimmed as new ones arrive.
-- KEYS[1]  stream auth:revoked, one entry per ended session {sid}
-- ARGV[1]  window in ms (the access tokens' lifetime plus a margin for clock skew)
-- ARGV[2..] the ended sessions' ids
-- Reply    the id of the last entry added
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local oldest = now - tonumber(ARGV[1])
local id = ''
for i = 2, #ARGV do
  id = redis.call('XADD', KEYS[1], 'MINID', '~', oldest, '*', 'sid', ARGV[i])
end
return id
