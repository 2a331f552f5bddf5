-- Puts a user in line (lib/enter.lua).
-- KEYS   1 seq, 2 waiting, 3 working, 4 meta, 5 pre, 6 beats (heartbeat bitmaps: lib/heartbeats.lua), 7 admits,
--        8 log (the line's change log: lib/log.lua), 9 arrivals (the arrival clock: lib/arrivals.lua)
--        (q:{show}:*, one hash tag)
-- ARGV   1 userId
-- Reply  enter_one's {code, n, total, state, admittedLastMinute, admitPerMinute, opensAt, soldOut}; {'NOQUEUE'}
--        when there is no queue for this show
local t = redis.call('TIME')
return enter_one(ARGV[1], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
