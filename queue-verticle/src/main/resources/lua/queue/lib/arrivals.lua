-- The arrival clock (library: placed before the scripts that give tickets or admit). When each ticket was given, to
-- within ARRIVAL_SLOT_MS, without a field per waiter: KEYS[9] is a zset whose members are time slots (epoch ms, a
-- multiple of ARRIVAL_SLOT_MS) scored by the last ticket given in that slot. Tickets only grow, so ticket t was given
-- in the slot of the lowest score ≥ t. The tick forgets the slots of tickets already out of the line, so the clock
-- holds at most one entry per slot in which someone still waiting arrived.
local ARRIVAL_SLOT_MS = 100

-- Notes that tickets up to `ticket` have been given by `now` (epoch ms).
local function arrival_note(now, ticket)
  redis.call('ZADD', KEYS[9], 'GT', ticket, now - now % ARRIVAL_SLOT_MS)
end

-- When each of `tickets` (ascending) was given: the start of its slot, or `now` for a ticket the clock does not know.
local function arrival_times(tickets, now)
  local times = {}
  if #tickets == 0 then
    return times
  end
  -- Each ticket is in its own slot at worst, so #tickets slots from the first ticket on cover them all.
  local slots = redis.call('ZRANGEBYSCORE', KEYS[9], tickets[1], '+inf', 'WITHSCORES', 'LIMIT', 0, #tickets)
  local s = 1
  for i, ticket in ipairs(tickets) do
    local t = tonumber(ticket)
    while s < #slots and tonumber(slots[s + 1]) < t do
      s = s + 2
    end
    times[i] = s < #slots and tonumber(slots[s]) or now
  end
  return times
end

-- Forgets the slots of tickets no longer in line: those below `head`, the first ticket still waiting (all of them
-- when nobody waits, `head` false).
local function arrival_trim(head)
  if head then
    redis.call('ZREMRANGEBYSCORE', KEYS[9], '-inf', '(' .. head)
  else
    redis.call('DEL', KEYS[9])
  end
end
