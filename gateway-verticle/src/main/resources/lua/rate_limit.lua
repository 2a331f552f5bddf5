-- Token bucket, one call per request: refill by elapsed time, then take `cost` tokens if there are enough.
-- Time comes from the Redis server (TIME), so many gateways share one clock.
-- KEYS[1]  bucket hash {t = tokens, ts = last refill in ms}
-- ARGV[1]  capacity (burst size)
-- ARGV[2]  refill rate in tokens per second
-- ARGV[3]  cost of this request in tokens
-- Reply    {allowed (1|0), tokens left (floored), ms to wait before a retry can pass (0 when allowed)}
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])

local bucket = redis.call('HMGET', KEYS[1], 't', 'ts')
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
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', now)
-- A bucket left alone refills completely in capacity/rate seconds; after that it equals a missing key.
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * 1000 / rate) + 1000)
return {allowed, math.floor(tokens), wait_ms}
