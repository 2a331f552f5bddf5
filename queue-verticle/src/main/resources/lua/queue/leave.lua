-- A user gives up their place: in the line, in the pre-queue or in the working set (which frees the slot).
-- Everyone behind a waiter moves up by one, since positions are ranks.
-- KEYS   1 seq, 2 waiting, 3 working, 4 meta, 5 pre, 6 beats (heartbeat bitmaps: lib/heartbeats.lua), 7 admits
--        (q:{show}:*, one hash tag)
-- ARGV   1 userId
-- Reply  1 when the user held a place, 0 when not, -1 when there is no queue for this show
if redis.call('EXISTS', KEYS[4]) == 0 then
  return -1
end
local user = ARGV[1]
local removed = redis.call('ZREM', KEYS[2], user) + redis.call('SREM', KEYS[5], user)
  + redis.call('ZREM', KEYS[3], user)
return removed > 0 and 1 or 0
