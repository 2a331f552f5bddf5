-- Marks an order's seats SOLD in the seat map after PostgreSQL recorded the sale, and forgets the order's hold. Its
-- seats stay on the buyer's count for good; an order the count has lost meanwhile (the stale-hold pass took it off
-- while the sale was on its way) is counted again.
-- A cold map is left cold: the next reader warms it from PostgreSQL, where the seats are already SOLD.
-- KEYS[1]  seats:{scheduleId}
-- KEYS[2]  holds:{scheduleId}
-- KEYS[3]  buyers:{scheduleId}
-- KEYS[4]  counted:{scheduleId}
-- ARGV[1]  orderId
-- ARGV[2]  userId of the order
-- ARGV[3..] seat ids of the order
-- Reply    number of seats written
redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
for i = 3, #ARGV do
  redis.call('HSET', KEYS[1], ARGV[i], 'SOLD')
end
count_once(ARGV[1], ARGV[2], #ARGV - 2)
return #ARGV - 2
