-- Records how many of the show's seats are on sale, as booking counted them in PostgreSQL over every schedule of the
-- show, and with it whether the show is sold out (soldOut: '' while a seat is AVAILABLE; FOR_NOW while none is but
-- some are HELD, which may come back when a hold expires or an order is cancelled; FOR_GOOD when every seat is SOLD).
-- Every other script reads the stored soldOut, so the rule lives here only. The admission tick admits nobody while
-- the show is sold out, and never more people in one tick than there are seats on sale.
-- KEYS   1 seq, 2 waiting, 3 working, 4 meta, 5 pre, 6 beats (heartbeat bitmaps: lib/heartbeats.lua), 7 admits,
--        8 log (the line's change log: lib/log.lua), 9 arrivals (the arrival clock: lib/arrivals.lua)
--        (q:{show}:*, one hash tag)
-- ARGV   1 available, 2 held, 3 version: the sum of the show's seat versions, which grows with every change of a
--        seat, so a count taken earlier never overwrites a later one whichever booking instance sends it, and when
-- Reply  {soldOut, applied (1|0)}; {'NOQUEUE'} when there is no queue for this show (nothing is written then)
local m = redis.call('HMGET', KEYS[4], 'state', 'seatsVersion', 'soldOut')
if not m[1] then
  return {'NOQUEUE'}
end
local version = tonumber(ARGV[3])
if version < (tonumber(m[2]) or -1) then
  return {m[3] or '', 0}
end
local available = tonumber(ARGV[1])
local held = tonumber(ARGV[2])
local soldOut = ''
if available == 0 then
  soldOut = held > 0 and 'FOR_NOW' or 'FOR_GOOD'
end
redis.call('HSET', KEYS[4], 'available', available, 'held', held, 'seatsVersion', version, 'soldOut', soldOut)
return {soldOut, 1}
