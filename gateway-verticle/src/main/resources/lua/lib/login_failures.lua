-- Failure counting of one account's logins, for the limiter scripts. The failures hash holds
-- {n = failures counted, until = server ms before which no further attempt is checked}.

-- The wait after `n` failures: none below `free`, then `base` ms doubled for each further failure, at most `max` ms.
local function failure_delay(n, free, base, max)
  if n < free then
    return 0
  end
  return math.min(max, base * 2 ^ (n - free))
end

-- Saves the count and the time before which no attempt is checked; the count is forgotten `window` ms after the last
-- attempt, or when the delay ends if that is later.
local function save_failures(key, n, until_ms, now, window)
  redis.call('HSET', key, 'n', n, 'until', math.floor(until_ms))
  redis.call('PEXPIRE', key, math.floor(math.max(window, until_ms - now)))
end
