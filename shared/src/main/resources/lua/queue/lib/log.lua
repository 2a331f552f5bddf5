-- The line's change log (library: placed before leave.lua and admit.lua, the scripts that take waiters out of the
-- line anywhere but at its head; admit.lua also trims it). Readers follow the line by its changes instead of reading
-- it whole (line/changes.lua): arrivals they find by ticket (every ticket above the last one they saw), admissions by
-- the head (ZPOPMIN takes the lowest tickets, so every ticket below the lowest one waiting is gone), and every other
-- departure here. A departure is logged by its ticket, never by its user: whoever leaves and comes back gets a new
-- ticket, so a departure is never taken for the newer place.
-- KEYS[8] is the log, a stream: one entry per call that took waiters out, field t = their tickets, comma-separated.
-- Entries older than the keep window go at each tick; KEYS[4] (meta) field logCut keeps the id of the newest entry
-- trimmed, so that a reader whose cursor is older knows it missed some and starts over.

-- Logs that the waiters holding `tickets` (a list of ticket numbers) left the line.
local function log_departures(tickets)
  if #tickets > 0 then
    redis.call('XADD', KEYS[8], '*', 't', table.concat(tickets, ','))
  end
end

-- Drops the entries logged more than `keep_ms` before `now` (epoch ms): O(1) when there are none.
local function log_trim(now, keep_ms)
  local floor = (now - keep_ms) .. '-0'
  local newest_old = redis.call('XREVRANGE', KEYS[8], '(' .. floor, '-', 'COUNT', 1)
  if #newest_old > 0 then
    redis.call('HSET', KEYS[4], 'logCut', newest_old[1][1])
    redis.call('XTRIM', KEYS[8], 'MINID', floor)
  end
end
