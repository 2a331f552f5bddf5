-- Token bucket, one call per request: refill by elapsed time, then take `cost` tokens if there are enough
-- (lib/token_bucket.lua).
-- KEYS[1]  bucket hash {t = tokens, ts = last refill in ms}
-- ARGV[1]  capacity (burst size)
-- ARGV[2]  refill rate in tokens per second
-- ARGV[3]  cost of this request in tokens
-- Reply    {allowed (1|0), tokens left (floored), ms to wait before a retry can pass (0 when allowed)}
local allowed, left, wait_ms = take_tokens(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), now_ms())
return {allowed, left, wait_ms}
