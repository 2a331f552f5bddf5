-- The show ended (booking saw its last schedule begin): the queue closes as close.lua does (arrivals refused, nobody
-- admitted, waiters told CLOSED, passes already given still valid), notes that the show ended, and every key of the
-- show expires at ARGV[1] unless it expires sooner already. Idempotent. Configuring or resuming the queue later
-- brings it back (revive.lua).
-- KEYS   1 meta, 2.. every key of the show (QueueKeys.all; one hash tag)
-- ARGV   1 expireAt (epoch ms)
-- Reply  'ENDED'; {'NOQUEUE'} when there is no queue for this show (nothing is written then)
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'NOQUEUE'}
end
local t = redis.call('TIME')
redis.call('HSET', KEYS[1], 'state', 'CLOSED', 'endedAt', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
for i = 2, #KEYS do
  -- LT: a key without expiry gets this one, a key that expires sooner (the ETA's counts) keeps its own.
  redis.call('PEXPIREAT', KEYS[i], ARGV[1], 'LT')
end
return 'ENDED'
