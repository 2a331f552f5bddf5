-- A show's queue settings and sizes, for admins and dashboards. Counts admissions of the last minute exactly
-- (the status path reads the figure the tick last stored instead).
-- KEYS   1 seq, 2 waiting, 3 working, 4 meta, 5 pre, 6 beats (heartbeat bitmaps: lib/heartbeats.lua), 7 admits,
--        8 log (the line's change log: lib/log.lua), 9 arrivals (the arrival clock: lib/arrivals.lua)
--        (q:{show}:*, one hash tag)
-- ARGV   none
-- Reply  {state, waiting, working, pre-queued, capacity, admitPerMinute, passTtlSeconds, idleTimeoutSeconds,
--        opensAt, admitted total, admittedLastMinute, seats available, seats held (both -1 until booking counted
--        them: seats.lua), soldOut}; {'NOQUEUE'} when there is no queue for this show
local t = redis.call('TIME')
local oldest = tonumber(t[1]) - 59
local m = redis.call('HMGET', KEYS[4], 'state', 'capacity', 'admitPerMinute', 'passTtlSeconds',
  'idleTimeoutSeconds', 'opensAt', 'admitted', 'available', 'held', 'soldOut')
if not m[1] then
  return {'NOQUEUE'}
end
local recent = 0
local buckets = redis.call('HGETALL', KEYS[7])
for i = 1, #buckets, 2 do
  if tonumber(buckets[i]) >= oldest then
    recent = recent + tonumber(buckets[i + 1])
  end
end
return {m[1], redis.call('ZCARD', KEYS[2]), redis.call('ZCARD', KEYS[3]), redis.call('SCARD', KEYS[5]),
  tonumber(m[2]), tonumber(m[3]), tonumber(m[4]), tonumber(m[5]), tonumber(m[6]), tonumber(m[7]) or 0, recent,
  tonumber(m[8]) or -1, tonumber(m[9]) or -1, m[10] or ''}
