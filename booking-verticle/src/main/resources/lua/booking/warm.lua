-- Loads a schedule's seat map and its buyers' counts from PostgreSQL's rows, read together while no seat could
-- change: the seat map unless one is already there (another instance was first); the counts whenever the seat map
-- is loaded, or the buyers hash lacks the limit (a map warmed before the counts existed). Counts are replaced, never
-- added to: what a release left behind while the map was cold goes. A map of a show that ended (someone looks at an
-- old seat map) expires after ARGV[2], as the rest of the show's keys do.
-- KEYS[1]  seats:{scheduleId}
-- KEYS[2]  buyers:{scheduleId}   hash userId -> seats held or bought; 'limit' -> the show's ticket limit
-- KEYS[3]  counted:{scheduleId}  hash orderId -> '<userId>:<seats>'
-- ARGV[1]  the show's ticket limit
-- ARGV[2]  ms the keys written may live (their expiry, unless one expires sooner already), 0 = for good
-- ARGV[3]  n: the number of seats that follow
-- ARGV[4..3+2n]  seatId, state, ...   (state: AVAILABLE | HELD:<orderId> | SOLD)
-- ARGV[4+2n..]   orderId, userId, seats, ...   (every PENDING_PAYMENT or PAID order of the schedule)
-- Reply    1 when this call loaded the seat map, 2 when only the counts, 0 when both existed
local loaded = 0
local seats_end = 3 + 2 * tonumber(ARGV[3])
if redis.call('EXISTS', KEYS[1]) == 0 then
  for i = 4, seats_end, 2 do
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  end
  loaded = 1
elseif redis.call('HEXISTS', KEYS[2], 'limit') == 0 then
  loaded = 2
else
  return 0
end
redis.call('DEL', KEYS[2], KEYS[3])
redis.call('HSET', KEYS[2], 'limit', ARGV[1])
for i = seats_end + 1, #ARGV, 3 do
  redis.call('HINCRBY', KEYS[2], ARGV[i + 1], ARGV[i + 2])
  redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1] .. ':' .. ARGV[i + 2])
end
if tonumber(ARGV[2]) > 0 then
  for i = 1, 3 do
    redis.call('PEXPIRE', KEYS[i], ARGV[2], 'LT')
  end
end
return loaded
