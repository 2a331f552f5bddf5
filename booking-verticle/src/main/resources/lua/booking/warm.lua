-- Loads a schedule's seat map from PostgreSQL's rows unless a map is already there (another instance was first).
-- KEYS[1]  seats:{scheduleId}
-- ARGV     seatId, state, seatId, state, ...   (state: AVAILABLE | HELD:<orderId> | SOLD)
-- Reply    1 when this call loaded the map, 0 when it existed
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
for i = 1, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
return 1
