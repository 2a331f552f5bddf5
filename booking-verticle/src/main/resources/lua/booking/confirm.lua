-- Marks the seats of a hold that PostgreSQL has just committed as held by it, and counts the order for its buyer, in
-- case the map was flushed and re-warmed while the hold was on its way (its marks and count went with the old map;
-- the re-warm read PostgreSQL before the commit). A cold map is left cold: the next reader warms it from PostgreSQL,
-- which now has the hold.
-- KEYS[1]  seats:{scheduleId}
-- KEYS[2]  holds:{scheduleId}
-- KEYS[3]  buyers:{scheduleId}
-- KEYS[4]  counted:{scheduleId}
-- ARGV[1]  orderId
-- ARGV[2]  hold expiry (epoch ms)
-- ARGV[3]  userId of the order
-- ARGV[4..] seat ids of the order
-- Reply    number of seats marked again (0 in the usual case: the hold's own marks are there)
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local held = 'HELD:' .. ARGV[1]
local marked = 0
for i = 4, #ARGV do
  if redis.call('HGET', KEYS[1], ARGV[i]) ~= held then
    redis.call('HSET', KEYS[1], ARGV[i], held)
    marked = marked + 1
  end
end
-- Back in the expiry index too (a flush empties it), so the stale-hold pass can still free these seats.
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
count_once(ARGV[1], ARGV[3], #ARGV - 3)
return marked
