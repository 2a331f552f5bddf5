-- Marks an order's seats SOLD in the seat map after PostgreSQL recorded the sale, and forgets the order's hold.
-- A cold map is left cold: the next reader warms it from PostgreSQL, where the seats are already SOLD.
-- KEYS[1]  seats:{scheduleId}
-- KEYS[2]  holds:{scheduleId}
-- ARGV[1]  orderId
-- ARGV[2..] seat ids of the order
-- Reply    number of seats written
redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
for i = 2, #ARGV do
  redis.call('HSET', KEYS[1], ARGV[i], 'SOLD')
end
return #ARGV - 1
