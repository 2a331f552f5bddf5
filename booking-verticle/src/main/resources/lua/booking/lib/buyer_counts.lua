-- Buyers' seat counts under the ticket limit (library: placed before release.lua, release_stale.lua, unsell.lua,
-- sell.lua and confirm.lua). KEYS[3] buyers:{scheduleId} holds each buyer's count of seats (and the show's 'limit');
-- KEYS[4] counted:{scheduleId} names every order counted there, as 'userId:seats'.

-- Takes `order`'s seats off its buyer's count, once: an order no longer counted changes nothing.
local function uncount(order)
  local counted = redis.call('HGET', KEYS[4], order)
  if counted then
    local user, seats = string.match(counted, '^(%d+):(%d+)$')
    redis.call('HINCRBY', KEYS[3], user, -tonumber(seats))
    redis.call('HDEL', KEYS[4], order)
  end
end

-- Counts `order`'s `seats` for `user` unless the order is counted already; only where the show has a limit.
local function count_once(order, user, seats)
  if redis.call('HEXISTS', KEYS[3], 'limit') == 1 and redis.call('HSETNX', KEYS[4], order, user .. ':' .. seats) == 1 then
    redis.call('HINCRBY', KEYS[3], user, seats)
  end
end
