-- Places of many users of one show in one call (stream fan-out: callers send chunks of at most ~1,000 users so that
-- one call never stalls Redis). Read-only: not a heartbeat.
-- KEYS   1 seq, 2 waiting, 3 working, 4 meta, 5 pre, 6 beats (heartbeat bitmaps: lib/heartbeats.lua), 7 admits,
--        8 log (the line's change log: lib/log.lua), 9 arrivals (the arrival clock: lib/arrivals.lua)
--        (q:{show}:*, one hash tag)
-- ARGV   userId...
-- Reply  {state, waiting, pre-queued, admittedLastMinute, admitPerMinute, opensAt, soldOut, code1, n1, code2, n2,
--        ...} with one code/n pair per ARGV in order: ADMITTED (n = pass expiry), WAITING (n = position from 1),
--        PREQUEUE (n = 0), NONE (n = 0); {'NOQUEUE'} when there is no queue for this show
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local m = redis.call('HMGET', KEYS[4], 'state', 'admitPerMinute', 'opensAt', 'lastMinute', 'soldOut')
if not m[1] then
  return {'NOQUEUE'}
end
local reply = {m[1], redis.call('ZCARD', KEYS[2]), redis.call('SCARD', KEYS[5]), tonumber(m[4]) or 0,
  tonumber(m[2]), tonumber(m[3]), m[5] or ''}
for _, user in ipairs(ARGV) do
  local code, n = 'NONE', 0
  local rank = redis.call('ZRANK', KEYS[2], user)
  if rank then
    code, n = 'WAITING', rank + 1
  else
    local expiry = tonumber(redis.call('ZSCORE', KEYS[3], user))
    if expiry and expiry > now then
      code, n = 'ADMITTED', expiry
    elseif redis.call('SISMEMBER', KEYS[5], user) == 1 then
      code = 'PREQUEUE'
    end
  end
  reply[#reply + 1] = code
  reply[#reply + 1] = n
end
return reply
