-- Puts an order's seats back on sale (cancel, expiry, or a hold PostgreSQL refused), touching only seats that this
-- order still holds, so a late release can never free a seat that someone else holds or bought since; and takes the
-- order's seats off its buyer's count, once (an order no longer counted changes nothing).
-- KEYS[1]  seats:{scheduleId}
-- KEYS[2]  holds:{scheduleId}
-- KEYS[3]  buyers:{scheduleId}
-- KEYS[4]  counted:{scheduleId}
-- ARGV[1]  orderId
-- ARGV[2..] seat ids of the order
-- Reply    number of seats released
local held = 'HELD:' .. ARGV[1]
local released = 0
for i = 2, #ARGV do
  if redis.call('HGET', KEYS[1], ARGV[i]) == held then
    redis.call('HSET', KEYS[1], ARGV[i], 'AVAILABLE')
    released = released + 1
  end
end
redis.call('ZREM', KEYS[2], ARGV[1])
uncount(ARGV[1])
return released
