-- Drains the queue: arrivals are refused (CLOSED), while everyone already in line, or pre-queued before it, is still
-- admitted in order as capacity and rate allow (a sold-out show admits nobody, as ever). Resume reopens it.
-- KEYS   1 seq, 2 waiting, 3 working, 4 meta, 5 pre, 6 beats (heartbeat bitmaps: lib/heartbeats.lua), 7 admits,
--        8 log (the line's change log: lib/log.lua), 9 arrivals (the arrival clock: lib/arrivals.lua)
--        (q:{show}:*, one hash tag)
-- ARGV   none
-- Reply  the new state; {'NOQUEUE'} when there is no queue for this show
if redis.call('EXISTS', KEYS[4]) == 0 then
  return {'NOQUEUE'}
end
redis.call('HSET', KEYS[4], 'state', 'DRAINING')
return 'DRAINING'
