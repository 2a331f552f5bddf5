-- Holds every requested seat for one order, or none: the fast gate in front of PostgreSQL.
-- KEYS[1]  seats:{scheduleId}  hash seatId -> AVAILABLE | HELD:<orderId> | SOLD
-- KEYS[2]  holds:{scheduleId}  zset orderId -> hold expiry (epoch ms)
-- ARGV[1]  orderId
-- ARGV[2]  hold expiry (epoch ms)
-- ARGV[3..] seat ids
-- Reply    {'OK'} | {'TAKEN', seatId...} (nothing changed) | {'COLD'} (no seat map: warm it from PostgreSQL, retry)
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'COLD'}
end
local taken = {'TAKEN'}
for i = 3, #ARGV do
  local state = redis.call('HGET', KEYS[1], ARGV[i])
  if state ~= 'AVAILABLE' then
    table.insert(taken, ARGV[i])
  end
end
if #taken > 1 then
  return taken
end
local held = 'HELD:' .. ARGV[1]
for i = 3, #ARGV do
  redis.call('HSET', KEYS[1], ARGV[i], held)
end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return {'OK'}
