-- Puts many users of one show in line in one call, in the order given (a gateway's entries of one moment, batched:
-- one event-bus message and one script call instead of one each). Each entry is enter.lua's (lib/enter.lua).
-- KEYS   1 seq, 2 waiting, 3 working, 4 meta, 5 pre, 6 beats (heartbeat bitmaps: lib/heartbeats.lua), 7 admits,
--        8 log (the line's change log: lib/log.lua), 9 arrivals (the arrival clock: lib/arrivals.lua)
--        (q:{show}:*, one hash tag)
-- ARGV   userId... (callers send at most ~1,000, so that one call never stalls Redis)
-- Reply  one enter_one reply {code, n, total, state, admittedLastMinute, admitPerMinute, opensAt, soldOut} per
--        user, in order ({'NOQUEUE'} each when there is no queue for this show)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local replies = {}
for i, user in ipairs(ARGV) do
  replies[i] = enter_one(user, now)
end
return replies
