-- Whether a user holds a live queue pass for the show (the check in front of booking and payment).
-- KEYS   1 seq, 2 waiting, 3 working, 4 meta, 5 pre, 6 beats (heartbeat bitmaps: lib/heartbeats.lua), 7 admits,
--        8 log (the line's change log: lib/log.lua), 9 arrivals (the arrival clock: lib/arrivals.lua)
--        (q:{show}:*, one hash tag)
-- ARGV   1 userId
-- Reply  the pass expiry in epoch ms when live, 0 when none or run out; {'NOQUEUE'} when there is no queue for
--        this show
if redis.call('EXISTS', KEYS[4]) == 0 then
  return {'NOQUEUE'}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expiry = tonumber(redis.call('ZSCORE', KEYS[3], ARGV[1]))
if expiry and expiry > now then
  return expiry
end
return 0
