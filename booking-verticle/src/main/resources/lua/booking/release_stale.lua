-- Safety net for holds whose release never reached Redis (the process died between PostgreSQL's commit and this map):
-- frees the seats of every hold that expired before ARGV[1], and takes them off their buyers' counts. PostgreSQL's
-- sweep has ended those orders by then; if not, the next hold of such a seat is refused by PostgreSQL and the map is
-- corrected from it (and a sale that reaches the map later counts its order again: sell.lua).
-- KEYS[1]  seats:{scheduleId}
-- KEYS[2]  holds:{scheduleId}
-- KEYS[3]  buyers:{scheduleId}
-- KEYS[4]  counted:{scheduleId}
-- ARGV[1]  cut-off (epoch ms): holds that expired before it are stale
-- Reply    number of stale holds cleared
local stale = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
if #stale == 0 then
  return 0
end
local orders = {}
for _, order in ipairs(stale) do
  orders['HELD:' .. order] = true
  uncount(order)
end
local seats = redis.call('HGETALL', KEYS[1])
for i = 1, #seats, 2 do
  if orders[seats[i + 1]] then
    redis.call('HSET', KEYS[1], seats[i], 'AVAILABLE')
  end
end
redis.call('ZREM', KEYS[2], unpack(stale))
return #stale
