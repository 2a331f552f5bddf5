-- Entering the line (library: placed after lib/heartbeats.lua and lib/arrivals.lua, before enter.lua and
-- enter_many.lua).
-- enter_one puts `user` in line at `now` (epoch ms). Idempotent: a user already working, waiting or pre-queued keeps
-- that one place. It reads the queue's settings itself, so entries run one after another in one script each see the
-- credit and places the ones before them left.
-- Someone new is refused, without a place, while the queue is CLOSED or DRAINING (code CLOSED) or the show is sold
-- out (code SOLD_OUT, seats.lua); someone already in line keeps the place whatever the state (QueueStatus says what
-- a waiter is told).
-- Returns {code, n, total, state, admittedLastMinute, admitPerMinute, opensAt, soldOut[, 'NEW']} where code is
--        ADMITTED (n = pass expiry in epoch ms, total = waiting; 'NEW' follows when this entry admitted the user
--        straight in, not when already admitted), WAITING (n = position from 1, total = waiting),
--        PREQUEUE (n = 0, total = pre-queue size), CLOSED or SOLD_OUT (n = 0, total = waiting: refused);
--        {'NOQUEUE'} when there is no queue for this show
local function enter_one(user, now)
  local m = redis.call('HMGET', KEYS[4], 'state', 'capacity', 'admitPerMinute', 'passTtlSeconds', 'opensAt',
    'credit', 'refillAt', 'lastMinute', 'beatMs', 'idleTimeoutSeconds', 'soldOut', 'beatTag')
  local state = m[1]
  if not state then
    return {'NOQUEUE'}
  end
  local rate = tonumber(m[3])
  local opensAt = tonumber(m[5])
  local soldOut = m[11] or ''
  local function reply(code, n, total)
    return {code, n, total, state, tonumber(m[8]) or 0, rate, opensAt, soldOut}
  end
  local clock = beat_clock(now, m[9], m[10], m[12])

  local expiry = tonumber(redis.call('ZSCORE', KEYS[3], user))
  if expiry then
    if expiry > now then
      return reply('ADMITTED', expiry, redis.call('ZCARD', KEYS[2]))
    end
    -- The pass ran out and the tick has not swept it yet: this is a new entry.
    redis.call('ZREM', KEYS[3], user)
  end

  local rank = redis.call('ZRANK', KEYS[2], user)
  if rank then
    beat(clock, user)
    return reply('WAITING', rank + 1, redis.call('ZCARD', KEYS[2]))
  end
  if redis.call('SISMEMBER', KEYS[5], user) == 1 then
    return reply('PREQUEUE', 0, redis.call('SCARD', KEYS[5]))
  end
  if state == 'CLOSED' or state == 'DRAINING' then
    return reply('CLOSED', 0, redis.call('ZCARD', KEYS[2]))
  end
  if soldOut ~= '' then
    return reply('SOLD_OUT', 0, redis.call('ZCARD', KEYS[2]))
  end
  -- While early arrivals wait to be shuffled in, a newcomer joins them rather than jumping ahead of them.
  if state == 'PREQUEUE' or now < opensAt or redis.call('SCARD', KEYS[5]) > 0 then
    redis.call('SADD', KEYS[5], user)
    return reply('PREQUEUE', 0, redis.call('SCARD', KEYS[5]))
  end

  local waiting = redis.call('ZCARD', KEYS[2])
  if state == 'OPEN' and waiting == 0 and redis.call('ZCARD', KEYS[3]) < tonumber(m[2]) then
    -- Same credit rule as the tick, so direct admissions count against the rate too.
    local credit = 1
    if rate > 0 then
      local burst = math.max(1, rate / 60)
      local refilled = math.max(0, now - (tonumber(m[7]) or now)) * rate / 60000
      credit = math.min(burst, (tonumber(m[6]) or burst) + refilled)
    end
    if credit >= 1 then
      expiry = now + tonumber(m[4]) * 1000
      redis.call('ZADD', KEYS[3], expiry, user)
      if rate > 0 then
        redis.call('HSET', KEYS[4], 'credit', credit - 1, 'refillAt', now)
      end
      redis.call('HINCRBY', KEYS[4], 'admitted', 1)
      redis.call('HINCRBY', KEYS[7], math.floor(now / 1000), 1)
      redis.call('PEXPIRE', KEYS[7], 120000)
      local admitted = reply('ADMITTED', expiry, 0)
      admitted[#admitted + 1] = 'NEW'
      return admitted
    end
  end

  local ticket = redis.call('INCR', KEYS[1])
  redis.call('ZADD', KEYS[2], ticket, user)
  arrival_note(now, ticket)
  beat(clock, user)
  return reply('WAITING', waiting + 1, waiting + 1)
end
