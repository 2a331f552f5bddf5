-- A user's place in one round trip; for a waiter it also counts as a heartbeat (keeps the place).
-- KEYS   1 seq, 2 waiting, 3 working, 4 meta, 5 pre, 6 beats (heartbeat bitmaps: lib/heartbeats.lua), 7 admits,
--        8 log (the line's change log: lib/log.lua), 9 arrivals (the arrival clock: lib/arrivals.lua)
--        (q:{show}:*, one hash tag)
-- ARGV   1 userId
-- Reply  {code, n, total, state, admittedLastMinute, admitPerMinute, opensAt, soldOut} as for enter, where code is
--        ADMITTED (n = pass expiry), WAITING (n = position from 1, whatever the state: QueueStatus says what a waiter
--        of a closed queue or a sold-out show is told), PREQUEUE (total = pre-queue size) or NONE (not in line, or
--        the pass ran out); {'NOQUEUE'} when there is no queue for this show
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local user = ARGV[1]
local m = redis.call('HMGET', KEYS[4], 'state', 'admitPerMinute', 'opensAt', 'lastMinute', 'beatMs',
  'idleTimeoutSeconds', 'soldOut', 'beatTag')
local state = m[1]
if not state then
  return {'NOQUEUE'}
end
local function reply(code, n, total)
  return {code, n, total, state, tonumber(m[4]) or 0, tonumber(m[2]), tonumber(m[3]), m[7] or ''}
end

local rank = redis.call('ZRANK', KEYS[2], user)
if rank then
  beat(beat_clock(now, m[5], m[6], m[8]), user)
  return reply('WAITING', rank + 1, redis.call('ZCARD', KEYS[2]))
end
local expiry = tonumber(redis.call('ZSCORE', KEYS[3], user))
if expiry and expiry > now then
  return reply('ADMITTED', expiry, redis.call('ZCARD', KEYS[2]))
end
if redis.call('SISMEMBER', KEYS[5], user) == 1 then
  return reply('PREQUEUE', 0, redis.call('SCARD', KEYS[5]))
end
return reply('NONE', 0, redis.call('ZCARD', KEYS[2]))
