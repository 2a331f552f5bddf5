-- Closes the queue: arrivals are refused (CLOSED) and nobody is admitted; waiters and pre-queued users keep their
-- places and are told the queue is closed (resume reopens it, and the line goes on in order). Passes already given
-- stay valid: whoever is choosing seats or paying may finish.
-- KEYS   1 seq, 2 waiting, 3 working, 4 meta, 5 pre, 6 beats (heartbeat bitmaps: lib/heartbeats.lua), 7 admits,
--        8 log (the line's change log: lib/log.lua), 9 arrivals (the arrival clock: lib/arrivals.lua)
--        (q:{show}:*, one hash tag)
-- ARGV   none
-- Reply  the new state; {'NOQUEUE'} when there is no queue for this show
if redis.call('EXISTS', KEYS[4]) == 0 then
  return {'NOQUEUE'}
end
redis.call('HSET', KEYS[4], 'state', 'CLOSED')
return 'CLOSED'
