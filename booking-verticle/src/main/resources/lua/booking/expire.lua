-- The keys of a schedule whose show ended: the seat map, the holds, the buyers' counts and the counted orders expire at
-- ARGV[1] unless they expire sooner already. A missing key stays missing.
-- KEYS[1]  seats:{scheduleId}
-- KEYS[2]  holds:{scheduleId}
-- KEYS[3]  buyers:{scheduleId}
-- KEYS[4]  counted:{scheduleId}
-- ARGV[1]  expireAt (epoch ms)
-- Reply    how many keys got this expiry (not a missing one, nor one that expires sooner)
local expiring = 0
for i = 1, #KEYS do
  expiring = expiring + redis.call('PEXPIREAT', KEYS[i], ARGV[1], 'LT')
end
return expiring
