-- Reopens a PAUSED, CLOSED or DRAINING queue: PREQUEUE while opensAt is ahead or early arrivals still wait to be
-- shuffled in, else OPEN. Places were kept, so the line goes on in order. An open or pre-queue state is left as is.
-- KEYS   1 seq, 2 waiting, 3 working, 4 meta, 5 pre, 6 beats (heartbeat bitmaps: lib/heartbeats.lua), 7 admits,
--        8 log (the line's change log: lib/log.lua), 9 arrivals (the arrival clock: lib/arrivals.lua)
--        (q:{show}:*, one hash tag)
-- ARGV   none
-- Reply  the new state; {'NOQUEUE'} when there is no queue for this show
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local m = redis.call('HMGET', KEYS[4], 'state', 'opensAt')
local state = m[1]
if not state then
  return {'NOQUEUE'}
end
if state == 'PAUSED' or state == 'CLOSED' or state == 'DRAINING' then
  if now < tonumber(m[2]) or redis.call('SCARD', KEYS[5]) > 0 then
    state = 'PREQUEUE'
  else
    state = 'OPEN'
  end
  redis.call('HSET', KEYS[4], 'state', state)
end
return state
