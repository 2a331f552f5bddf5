-- Puts the seats of a refunded order back on sale in the seat map, after PostgreSQL made them AVAILABLE, and takes
-- the order's seats off its buyer's count, once. Only seats the map shows SOLD are touched: a refunded order's seats
-- cannot have been held or sold by anyone else since. A cold map is left cold: the next reader warms it from
-- PostgreSQL (seats and counts).
-- KEYS[1]  seats:{scheduleId}
-- KEYS[2]  holds:{scheduleId}
-- KEYS[3]  buyers:{scheduleId}
-- KEYS[4]  counted:{scheduleId}
-- ARGV[1]  orderId
-- ARGV[2..] seat ids of the order
-- Reply    number of seats put back on sale
uncount(ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local freed = 0
for i = 2, #ARGV do
  if redis.call('HGET', KEYS[1], ARGV[i]) == 'SOLD' then
    redis.call('HSET', KEYS[1], ARGV[i], 'AVAILABLE')
    freed = freed + 1
  end
end
return freed
