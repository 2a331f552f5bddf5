-- The admission tick of one show. Atomic, so any number of tickers on any number of instances may run it at once:
-- each run admits only what capacity and rate allow at that moment.
-- 1. drop passes that ran out; 2. drop waiters silent for longer than idleTimeoutSeconds (ghosts): silence only
--    grows when a heartbeat generation passes, so the line is checked once per generation, in slices of ARGV 2
--    waiters per tick (sweptTo: the last ticket checked, 0 when the pass is over; sweepGen: the pass's generation);
--    their tickets go to the line's change log (lib/log.lua), whose entries older than ARGV 3 ms go here too.
--    For one idle timeout after the heartbeat clock changed (beatSince, configure.lua) nobody is checked: the new
--    clock has not yet heard everyone who is alive;
-- 3. once opensAt has passed, shuffle the pre-queue into the line with fresh tickets (PREQUEUE → OPEN);
-- 4. when OPEN or DRAINING and the show is not sold out (seats.lua), move waiters from the head of the line to the
--    working set, up to capacity - |working|, with a rate up to the credit (refilled by elapsed time, at most one
--    second's worth), and up to the seats on sale when booking has counted them: a seat that comes back goes to the
--    head of the line, not to a crowd racing for it; 5. keep per-second admission counts of the last minute for the
--    ETA; 6. tell how long each admitted user waited, from the arrival clock (lib/arrivals.lua; a pre-queued user's
--    wait counts from the opening), and forget the clock's slots of tickets no longer in line.
-- KEYS   1 seq, 2 waiting, 3 working, 4 meta, 5 pre, 6 beats (heartbeat bitmaps: lib/heartbeats.lua), 7 admits,
--        8 log (the line's change log: lib/log.lua), 9 arrivals (the arrival clock: lib/arrivals.lua)
--        (q:{show}:*, one hash tag)
-- ARGV   1 random seed for the shuffle (Redis seeds Lua's generator the same way on every call),
--        2 most waiters checked for silence per tick (bounds the script's run time), 3 how long the line's log keeps
--        an entry (ms)
-- Reply  {state, waiting, working, expired, dropped, opened, admittedLastMinute, admitPerMinute, admittedTotal,
--        soldOut ('' | FOR_NOW | FOR_GOOD), {waitMs...} (one per admitted user, in the same order),
--        {droppedUserId...}, admittedUserId...}; {'NOQUEUE'} when there is no queue for this show
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local m = redis.call('HMGET', KEYS[4], 'state', 'capacity', 'admitPerMinute', 'passTtlSeconds',
  'idleTimeoutSeconds', 'opensAt', 'credit', 'refillAt', 'beatMs', 'sweptTo', 'sweepGen', 'soldOut', 'available',
  'beatTag', 'beatSince')
local state = m[1]
if not state then
  return {'NOQUEUE'}
end
local capacity = tonumber(m[2])
local rate = tonumber(m[3])
local opensAt = tonumber(m[6])
local soldOut = m[12] or ''
local CHUNK = 500 -- members per variadic call: stays far below Lua's unpack limit

local function each_chunk(list, fn)
  for i = 1, #list, CHUNK do
    fn(unpack(list, i, math.min(i + CHUNK - 1, #list)))
  end
end

local expired = redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)

local clock = beat_clock(now, m[9], m[5], m[14])
local dropped = 0
local ghosts = {}
local sweptTo = tonumber(m[10]) or 0
local heard = now >= (tonumber(m[15]) or 0) + tonumber(m[5]) * 1000
if heard and (sweptTo > 0 or (tonumber(m[11]) or -1) < clock.gen) then
  if sweptTo == 0 then
    redis.call('HSET', KEYS[4], 'sweepGen', clock.gen)
  end
  local slice = tonumber(ARGV[2])
  local checked = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. sweptTo, '+inf', 'WITHSCORES', 'LIMIT', 0, slice)
  local users = {}
  local ticket_of = {}
  for i = 1, #checked, 2 do
    users[#users + 1] = checked[i]
    ticket_of[checked[i]] = checked[i + 1]
  end
  ghosts = beat_silent(clock, users)
  dropped = #ghosts
  each_chunk(ghosts, function(...) redis.call('ZREM', KEYS[2], ...) end)
  local tickets = {}
  for i, user in ipairs(ghosts) do
    tickets[i] = ticket_of[user]
  end
  log_departures(tickets)
  -- A short slice reached the end of the line: this generation's pass is over.
  redis.call('HSET', KEYS[4], 'sweptTo', #users < slice and 0 or checked[#checked])
end

log_trim(now, tonumber(ARGV[3]))

local opened = 0
if state ~= 'CLOSED' and now >= opensAt then
  local early = redis.call('SMEMBERS', KEYS[5])
  opened = #early
  if opened > 0 then
    math.randomseed(tonumber(ARGV[1]))
    for i = opened, 2, -1 do
      local j = math.random(1, i)
      early[i], early[j] = early[j], early[i]
    end
    local first = redis.call('INCRBY', KEYS[1], opened) - opened
    local tickets = {}
    for i, user in ipairs(early) do
      tickets[2 * i - 1] = first + i
      tickets[2 * i] = user
    end
    for i = 1, #tickets, 2 * CHUNK do
      redis.call('ZADD', KEYS[2], unpack(tickets, i, math.min(i + 2 * CHUNK - 1, #tickets)))
    end
    arrival_note(now, first + opened)
    -- A fresh heartbeat: time spent waiting for the opening does not count as silence.
    beat_all(clock, early)
    redis.call('DEL', KEYS[5])
  end
  if state == 'PREQUEUE' then
    state = 'OPEN'
    redis.call('HSET', KEYS[4], 'state', state)
  end
end

local credit = math.huge
if rate > 0 then
  local burst = math.max(1, rate / 60)
  credit = math.min(burst, (tonumber(m[7]) or burst) + math.max(0, now - (tonumber(m[8]) or now)) * rate / 60000)
end

local admitted = {}
local waits = {}
if (state == 'OPEN' or state == 'DRAINING') and soldOut == '' then
  local room = math.min(capacity - redis.call('ZCARD', KEYS[3]), math.floor(credit), tonumber(m[13]) or math.huge)
  if room > 0 then
    local head = redis.call('ZPOPMIN', KEYS[2], room)
    local passes = {}
    local expiry = now + tonumber(m[4]) * 1000
    local tickets = {}
    for i = 1, #head, 2 do
      admitted[#admitted + 1] = head[i]
      tickets[#tickets + 1] = head[i + 1]
      passes[#passes + 1] = expiry
      passes[#passes + 1] = head[i]
    end
    for i, arrived in ipairs(arrival_times(tickets, now)) do
      waits[i] = math.max(0, now - arrived)
    end
    if #admitted > 0 then
      for i = 1, #passes, 2 * CHUNK do
        redis.call('ZADD', KEYS[3], unpack(passes, i, math.min(i + 2 * CHUNK - 1, #passes)))
      end
      redis.call('HINCRBY', KEYS[4], 'admitted', #admitted)
      redis.call('HINCRBY', KEYS[7], math.floor(now / 1000), #admitted)
      redis.call('PEXPIRE', KEYS[7], 120000)
    end
  end
end
if rate > 0 then
  redis.call('HSET', KEYS[4], 'credit', credit - #admitted, 'refillAt', now)
end

-- The ETA's rate: admissions in the last 60 whole seconds; older buckets go.
local recent = 0
local buckets = redis.call('HGETALL', KEYS[7])
local oldest = math.floor(now / 1000) - 59
for i = 1, #buckets, 2 do
  if tonumber(buckets[i]) < oldest then
    redis.call('HDEL', KEYS[7], buckets[i])
  else
    recent = recent + tonumber(buckets[i + 1])
  end
end
redis.call('HSET', KEYS[4], 'lastMinute', recent)

local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
arrival_trim(first[2] or false)

local reply = {state, redis.call('ZCARD', KEYS[2]), redis.call('ZCARD', KEYS[3]), expired, dropped, opened,
  recent, rate, tonumber(redis.call('HGET', KEYS[4], 'admitted')) or 0, soldOut, waits, ghosts}
for _, user in ipairs(admitted) do
  reply[#reply + 1] = user
end
return reply
