-- Holds every requested seat for one order, or none, within the buyer's ticket limit: the fast gate in front of
-- PostgreSQL. The seat map, the buyers' counts and the counted orders are warmed together (warm.lua); a map without
-- the limit in its buyers hash is cold.
-- KEYS[1]  seats:{scheduleId}    hash seatId -> AVAILABLE | HELD:<orderId> | SOLD
-- KEYS[2]  holds:{scheduleId}    zset orderId -> hold expiry (epoch ms)
-- KEYS[3]  buyers:{scheduleId}   hash userId -> seats held or bought; 'limit' -> the show's ticket limit
-- KEYS[4]  counted:{scheduleId}  hash orderId -> '<userId>:<seats>', the orders counted in buyers
-- ARGV[1]  orderId
-- ARGV[2]  hold expiry (epoch ms)
-- ARGV[3]  userId
-- ARGV[4..] seat ids
-- Reply    {'OK'} | {'LIMIT', held, limit} (the buyer has held seats; nothing changed)
--          | {'TAKEN', seatId...} (nothing changed) | {'COLD'} (no seat map: warm it from PostgreSQL, retry)
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'COLD'}
end
local limit = tonumber(redis.call('HGET', KEYS[3], 'limit'))
if not limit then
  return {'COLD'}
end
local wanted = #ARGV - 3
local held = tonumber(redis.call('HGET', KEYS[3], ARGV[3])) or 0
if held + wanted > limit then
  return {'LIMIT', held, limit}
end
local taken = {'TAKEN'}
for i = 4, #ARGV do
  local state = redis.call('HGET', KEYS[1], ARGV[i])
  if state ~= 'AVAILABLE' then
    table.insert(taken, ARGV[i])
  end
end
if #taken > 1 then
  return taken
end
local held_by = 'HELD:' .. ARGV[1]
for i = 4, #ARGV do
  redis.call('HSET', KEYS[1], ARGV[i], held_by)
end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('HINCRBY', KEYS[3], ARGV[3], wanted)
redis.call('HSET', KEYS[4], ARGV[1], ARGV[3] .. ':' .. wanted)
return {'OK'}
