-- Heartbeats of many waiters of one show in one call (gathered by a gateway from its open streams), so that they
-- keep their places. Users not waiting are ignored: this never adds anyone to the line, nor marks them.
-- KEYS   1 seq, 2 waiting, 3 working, 4 meta, 5 pre, 6 beats (heartbeat bitmaps: lib/heartbeats.lua), 7 admits,
--        8 log (the line's change log: lib/log.lua), 9 arrivals (the arrival clock: lib/arrivals.lua)
--        (q:{show}:*, one hash tag)
-- ARGV   userId...
-- Reply  how many waiters were refreshed; {'NOQUEUE'} when there is no queue for this show
local m = redis.call('HMGET', KEYS[4], 'state', 'beatMs', 'idleTimeoutSeconds', 'beatTag')
if not m[1] then
  return {'NOQUEUE'}
end
local t = redis.call('TIME')
local clock = beat_clock(tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), m[2], m[3], m[4])
local waiting = {}
for i = 1, #ARGV, BEAT_CHUNK do
  local last = math.min(i + BEAT_CHUNK - 1, #ARGV)
  local tickets = redis.call('ZMSCORE', KEYS[2], unpack(ARGV, i, last))
  for k = i, last do
    if tickets[k - i + 1] then
      waiting[#waiting + 1] = ARGV[k]
    end
  end
end
beat_all(clock, waiting)
return #waiting
