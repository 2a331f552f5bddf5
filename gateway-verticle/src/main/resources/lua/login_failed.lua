-- A login's password was wrong: the attempt is already counted (account_limit.lua), so only its delay is re-armed, to
-- run from now, when the caller hears the answer, rather than from the check (a password check may wait in line).
-- KEYS[1]  the account's failures hash {n, until} (lib/login_failures.lua)
-- ARGV[1]  failures allowed before any delay
-- ARGV[2]  first delay in ms, doubled for each further failure
-- ARGV[3]  longest delay in ms
-- ARGV[4]  ms the failures are remembered after the last attempt
-- Reply    ms before the account's next attempt is checked (0 while its failures are still free)
local now = now_ms()
local failures = redis.call('HMGET', KEYS[1], 'n', 'until')
-- Forgotten meanwhile (the window passed during the check): this failure is the first.
local n = tonumber(failures[1]) or 1
local until_ms = math.max(tonumber(failures[2]) or 0,
  now + failure_delay(n, tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])))
save_failures(KEYS[1], n, until_ms, now, tonumber(ARGV[4]))
return math.max(0, until_ms - now)
