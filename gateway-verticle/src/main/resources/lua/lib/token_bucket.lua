-- Token bucket helpers for the limiter scripts. Time comes from the Redis server (TIME), so many gateways share one
-- clock.

-- The server's time in milliseconds.
local function now_ms()
  local parts = redis.call('TIME')
  return tonumber(parts[1]) * 1000 + math.floor(tonumber(parts[2]) / 1000)
end

-- Refills the bucket hash `key` {t = tokens, ts = last refill in ms} by the time elapsed, then takes `cost` tokens if
-- there are enough. Returns allowed (1|0), the tokens left (floored) and the ms to wait before a retry can pass (0 when
-- allowed).
local function take_tokens(key, capacity, rate, cost, now)
  local bucket = redis.call('HMGET', key, 't', 'ts')
  local tokens = tonumber(bucket[1])
  local last = tonumber(bucket[2])
  if tokens == nil or last == nil then
    tokens = capacity
    last = now
  end
  tokens = math.min(capacity, tokens + math.max(0, now - last) * rate / 1000)
  local allowed = 0
  local wait_ms = 0
  if tokens >= cost then
    tokens = tokens - cost
    allowed = 1
  else
    wait_ms = math.ceil((cost - tokens) * 1000 / rate)
  end
  redis.call('HSET', key, 't', tostring(tokens), 'ts', now)
  -- A bucket left alone refills completely in capacity/rate seconds; after that it equals a missing key.
  redis.call('PEXPIRE', key, math.ceil(capacity * 1000 / rate) + 1000)
  return allowed, math.floor(tokens), wait_ms
end
