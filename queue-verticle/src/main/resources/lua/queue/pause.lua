-- Stops admission; every place is kept and arrivals still join the line. A CLOSED or DRAINING queue stays so: both
-- refuse arrivals, which a pause would let in again (close stops a draining line's admission).
-- KEYS   1 seq, 2 waiting, 3 working, 4 meta, 5 pre, 6 beats (heartbeat bitmaps: lib/heartbeats.lua), 7 admits,
--        8 log (the line's change log: lib/log.lua), 9 arrivals (the arrival clock: lib/arrivals.lua)
--        (q:{show}:*, one hash tag)
-- ARGV   none
-- Reply  the new state; {'NOQUEUE'} when there is no queue for this show
local state = redis.call('HGET', KEYS[4], 'state')
if not state then
  return {'NOQUEUE'}
end
if state ~= 'CLOSED' and state ~= 'DRAINING' then
  state = 'PAUSED'
  redis.call('HSET', KEYS[4], 'state', state)
end
return state
