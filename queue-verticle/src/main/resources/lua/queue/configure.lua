-- Creates a show's queue, or changes its settings live (the line, the working set and the counters stay).
-- KEYS   1 seq, 2 waiting, 3 working, 4 meta, 5 pre, 6 beats (heartbeat bitmaps: lib/heartbeats.lua), 7 admits,
--        8 log (the line's change log: lib/log.lua), 9 arrivals (the arrival clock: lib/arrivals.lua)
--        (q:{show}:*, one hash tag)
-- ARGV   1 capacity, 2 admitPerMinute (0 = no rate limit), 3 passTtlSeconds, 4 idleTimeoutSeconds,
--        5 opensAt (epoch ms, 0 = open now); an empty string keeps the current value, or for a new queue takes
--        the default at the same place in ARGV 6..10; 11 '1' = create only: an existing queue is left as it is
-- Reply  {state, created (1|0)}
-- A PAUSED, DRAINING or CLOSED queue stays so (only resume reopens it), except one closed because its show ended
-- (end.lua): configuring it again restarts it. Otherwise it is PREQUEUE while opensAt is ahead or early arrivals still
-- wait to be shuffled in, else OPEN.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local fields = {'capacity', 'admitPerMinute', 'passTtlSeconds', 'idleTimeoutSeconds', 'opensAt'}
local current = redis.call('HMGET', KEYS[4], 'state', 'capacity', 'admitPerMinute', 'passTtlSeconds',
  'idleTimeoutSeconds', 'opensAt', 'credit', 'endedAt', 'beatMs')
local created = current[1] == false
if ARGV[11] == '1' and not created then
  return {current[1], 0}
end

local values = {}
for i = 1, 5 do
  local v = ARGV[i]
  if v == '' then
    v = created and ARGV[i + 5] or current[i + 1]
  end
  values[i] = tonumber(v)
  redis.call('HSET', KEYS[4], fields[i], values[i])
end
local rate = values[2]
local opensAt = values[5]

-- Rate credit: at most one second's worth, so a quiet spell never turns into a burst above the rate.
local burst = math.max(1, rate / 60)
local credit = tonumber(current[7])
if credit == nil then
  credit = burst
end
redis.call('HSET', KEYS[4], 'credit', math.min(credit, burst), 'refillAt', now)

local state = current[1]
if current[8] then
  state = nil
end
if state ~= 'PAUSED' and state ~= 'CLOSED' and state ~= 'DRAINING' then
  if now < opensAt or redis.call('SCARD', KEYS[5]) > 0 then
    state = 'PREQUEUE'
  else
    state = 'OPEN'
  end
end
redis.call('HSET', KEYS[4], 'state', state)
if created then
  redis.call('HSET', KEYS[4], 'admitted', 0, 'lastMinute', 0)
end
-- Heartbeat generations (lib/heartbeats.lua) last half the idle timeout. When a changed timeout cuts them otherwise,
-- a new clock starts now, with bitmaps of its own (beatTag), and the ghost check waits one idle timeout (beatSince,
-- admit.lua) while it hears from everyone alive; the old clock's bitmaps expire by themselves. A silent waiter is
-- so dropped within the new timeout of the change, however long the old one was.
local beat_ms = math.max(500, values[4] * 500)
local old_beat_ms = tonumber(current[9])
if not old_beat_ms then
  redis.call('HSET', KEYS[4], 'beatMs', beat_ms)
elseif old_beat_ms ~= beat_ms then
  redis.call('HSET', KEYS[4], 'beatMs', beat_ms, 'beatTag', 'g' .. beat_ms, 'beatSince', now, 'sweptTo', 0)
  redis.call('HDEL', KEYS[4], 'sweepGen')
end
return {state, created and 1 or 0}
