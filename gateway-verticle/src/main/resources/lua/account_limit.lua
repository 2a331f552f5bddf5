-- One credential attempt (signup or login) on one account, keyed by a digest of its email. In order: the account's
-- failure delay (login only: while it runs nothing is checked, not even the right password), then its token bucket.
-- A login that passes is counted as a failure at once, before its password is checked, so that parallel guesses cannot
-- all pass before the first one fails; a successful login deletes the count (DEL KEYS[2]) and a failed one re-arms the
-- delay from its own end (login_failed.lua).
-- KEYS[1]  the account's bucket hash {t, ts} (lib/token_bucket.lua)
-- KEYS[2]  the account's failures hash {n, until} (lib/login_failures.lua), same hash tag as KEYS[1]
-- ARGV[1]  bucket capacity
-- ARGV[2]  bucket refill per second
-- ARGV[3]  1 to apply and count failures (login), 0 for the bucket alone (signup)
-- ARGV[4]  failures allowed before any delay
-- ARGV[5]  first delay in ms, doubled for each further failure
-- ARGV[6]  longest delay in ms
-- ARGV[7]  ms the failures are remembered after the last attempt
-- Reply    {allowed (1|0), ms to wait before a retry can pass (0 when allowed), 'failures' | 'bucket' | 'ok'}
local now = now_ms()
local count_failures = ARGV[3] == '1'
local free = tonumber(ARGV[4])
local n = 0
if count_failures then
  local failures = redis.call('HMGET', KEYS[2], 'n', 'until')
  n = tonumber(failures[1]) or 0
  local until_ms = tonumber(failures[2]) or 0
  if now < until_ms then
    return {0, until_ms - now, 'failures'}
  end
end
local allowed, _, wait_ms = take_tokens(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), 1, now)
if allowed == 0 then
  return {0, wait_ms, 'bucket'}
end
if count_failures then
  n = n + 1
  save_failures(KEYS[2], n, now + failure_delay(n, free, tonumber(ARGV[5]), tonumber(ARGV[6])), now,
    tonumber(ARGV[7]))
end
return {1, 0, 'ok'}
