-- Overwrites some seats of a warm seat map with PostgreSQL's states, after PostgreSQL refused a hold that Redis let
-- through (Redis had lost or missed a change). A cold map is left cold: the next reader warms it whole.
-- KEYS[1]  seats:{scheduleId}
-- ARGV     seatId, state, seatId, state, ...
-- Reply    number of seats written
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
for i = 1, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
return #ARGV / 2
