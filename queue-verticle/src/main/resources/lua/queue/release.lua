-- Frees a user's working slot (after a purchase, or when booking is done with them); the next tick admits the
-- next in line.
-- KEYS   1 seq, 2 waiting, 3 working, 4 meta, 5 pre, 6 beats (heartbeat bitmaps: lib/heartbeats.lua), 7 admits,
--        8 log (the line's change log: lib/log.lua), 9 arrivals (the arrival clock: lib/arrivals.lua)
--        (q:{show}:*, one hash tag)
-- ARGV   1 userId
-- Reply  1 when the user held a slot, 0 when not; {'NOQUEUE'} when there is no queue for this show
if redis.call('EXISTS', KEYS[4]) == 0 then
  return {'NOQUEUE'}
end
return redis.call('ZREM', KEYS[3], ARGV[1])
