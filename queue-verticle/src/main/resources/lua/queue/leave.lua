-- A user gives up their place: in the line, in the pre-queue or in the working set (which frees the slot).
-- Everyone behind a waiter moves up by one, since positions are ranks; the waiter's ticket goes to the line's log.
-- KEYS   1 seq, 2 waiting, 3 working, 4 meta, 5 pre, 6 beats (heartbeat bitmaps: lib/heartbeats.lua), 7 admits,
--        8 log (the line's change log: lib/log.lua), 9 arrivals (the arrival clock: lib/arrivals.lua)
--        (q:{show}:*, one hash tag)
-- ARGV   1 userId
-- Reply  2 when the user gave up a place in line or in the pre-queue, 1 a working slot only, 0 when the user held
--        none; {'NOQUEUE'} when there is no queue for this show
if redis.call('EXISTS', KEYS[4]) == 0 then
  return {'NOQUEUE'}
end
local user = ARGV[1]
local waited = redis.call('SREM', KEYS[5], user)
local worked = redis.call('ZREM', KEYS[3], user)
local ticket = redis.call('ZSCORE', KEYS[2], user)
if ticket then
  redis.call('ZREM', KEYS[2], user)
  log_departures({ticket})
  waited = 1
end
if waited > 0 then
  return 2
end
return worked > 0 and 1 or 0
