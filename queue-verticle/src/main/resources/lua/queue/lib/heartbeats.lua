-- Heartbeats as bitmaps (library: placed before the scripts that keep or check heartbeats).
-- A sorted-set entry per waiter (user -> last heartbeat) cost ~95 B, as much as the place itself. Instead, time is cut
-- into generations of beatMs (half the idle timeout) and a heartbeat sets the waiter's bit (the user id) in the bitmap
-- of the current generation. A waiter is alive while its bit is set in one of the generations the idle timeout spans:
-- silent for longer than idleTimeoutSeconds (at most one generation longer) loses the place. Bitmaps come in pages of
-- 2^16 ids (8 KiB) so that a large id never makes a large bitmap; each expires once no check can reach it.
-- Keys: KEYS[6] .. ':' .. generation .. ':' .. page for the clock the queue was created with; a clock started by a
-- changed idle timeout (configure.lua) has its own keys, KEYS[6] .. ':' .. beatTag .. ':' .. generation .. ':' .. page,
-- so that generations cut differently never share a bitmap (all under KEYS[6]'s hash tag).
local BEAT_PAGE = 65536
local BEAT_CHUNK = 500 -- bits per BITFIELD call: stays far below Lua's unpack limit

-- The generation clock of a queue at `now`, from its meta fields beatMs, idleTimeoutSeconds and beatTag.
local function beat_clock(now, beat_ms, idle_seconds, tag)
  local idle_ms = tonumber(idle_seconds) * 1000
  local gen_ms = tonumber(beat_ms) or math.max(500, idle_ms / 2)
  local span = math.ceil(idle_ms / gen_ms) + 1
  local prefix = KEYS[6] .. ':'
  if tag and tag ~= '' then
    prefix = prefix .. tag .. ':'
  end
  return {gen = math.floor(now / gen_ms), span = span, ttl = math.ceil((span + 1) * gen_ms), prefix = prefix}
end

local function beat_key(clock, gen, page)
  return clock.prefix .. gen .. ':' .. page
end

-- Records a heartbeat of `user` (a user id) now. Only a user's first heartbeat of a generation renews the bitmap's
-- expiry (a bitmap is created by such a beat, so it always has one); the other polls of the generation are one SETBIT.
local function beat(clock, user)
  local id = tonumber(user)
  local key = beat_key(clock, clock.gen, math.floor(id / BEAT_PAGE))
  if redis.call('SETBIT', key, id % BEAT_PAGE, 1) == 0 then
    redis.call('PEXPIRE', key, clock.ttl)
  end
end

-- `users` grouped by bitmap page: page -> {users = {...}, offsets = {...}}.
local function beat_pages(users)
  local pages = {}
  for _, user in ipairs(users) do
    local id = tonumber(user)
    local page = math.floor(id / BEAT_PAGE)
    local group = pages[page]
    if not group then
      group = {users = {}, offsets = {}}
      pages[page] = group
    end
    group.users[#group.users + 1] = user
    group.offsets[#group.offsets + 1] = id % BEAT_PAGE
  end
  return pages
end

-- Runs `command` (BITFIELD or BITFIELD_RO) on `key` with `op` on each of `offsets`, BEAT_CHUNK at a time; `each`
-- gets the position in `offsets` and the reply for it.
local function beat_bits(command, key, op, offsets, each)
  for i = 1, #offsets, BEAT_CHUNK do
    local last = math.min(i + BEAT_CHUNK - 1, #offsets)
    local args = {}
    for k = i, last do
      args[#args + 1] = op
      args[#args + 1] = 'u1'
      args[#args + 1] = offsets[k]
      if op == 'SET' then
        args[#args + 1] = 1
      end
    end
    local replies = redis.call(command, key, unpack(args))
    for k = i, last do
      each(k, replies[k - i + 1])
    end
  end
end

-- Heartbeats of many users now: one BITFIELD call per page (a stream fan-out refreshes thousands per tick).
local function beat_all(clock, users)
  for page, group in pairs(beat_pages(users)) do
    local key = beat_key(clock, clock.gen, page)
    beat_bits('BITFIELD', key, 'SET', group.offsets, function() end)
    redis.call('PEXPIRE', key, clock.ttl)
  end
end

-- Those of `users` with no heartbeat within the idle timeout (newest generation first: most are found there).
local function beat_silent(clock, users)
  local unknown = users
  for gen = clock.gen, clock.gen - clock.span + 1, -1 do
    if #unknown == 0 then
      break
    end
    local silent = {}
    for page, group in pairs(beat_pages(unknown)) do
      beat_bits('BITFIELD_RO', beat_key(clock, gen, page), 'GET', group.offsets, function(k, bit)
        if bit == 0 then
          silent[#silent + 1] = group.users[k]
        end
      end)
    end
    unknown = silent
  end
  return unknown
end
