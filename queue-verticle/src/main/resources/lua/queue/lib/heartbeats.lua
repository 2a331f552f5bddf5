-- Heartbeats as bitmaps (library: placed before the scripts that keep or check heartbeats).
-- A sorted-set entry per waiter (user -> last heartbeat) cost ~95 B, as much as the place itself. Instead, time is cut
-- into generations of beatMs (half the idle timeout, fixed when the queue is created) and a heartbeat sets the
-- waiter's bit (the user id) in the bitmap of the current generation. A waiter is alive while its bit is set in one of
-- the generations the idle timeout spans: silent for longer than idleTimeoutSeconds (at most one generation longer)
-- loses the place. Bitmaps come in pages of 2^16 ids (8 KiB) so that a large id never makes a large bitmap; each
-- expires once no check can reach it. Keys: KEYS[6] .. ':' .. generation .. ':' .. page (KEYS[6]'s hash tag).
local BEAT_PAGE = 65536

-- The generation clock of a queue at `now`, from its meta fields beatMs and idleTimeoutSeconds.
local function beat_clock(now, beat_ms, idle_seconds)
  local idle_ms = tonumber(idle_seconds) * 1000
  local gen_ms = tonumber(beat_ms) or math.max(500, idle_ms / 2)
  local span = math.ceil(idle_ms / gen_ms) + 1
  return {gen = math.floor(now / gen_ms), span = span, ttl = math.ceil((span + 1) * gen_ms)}
end

local function beat_key(gen, id)
  return KEYS[6] .. ':' .. gen .. ':' .. math.floor(id / BEAT_PAGE)
end

-- Records a heartbeat of `user` (a user id) now.
local function beat(clock, user)
  local id = tonumber(user)
  local key = beat_key(clock.gen, id)
  redis.call('SETBIT', key, id % BEAT_PAGE, 1)
  redis.call('PEXPIRE', key, clock.ttl)
end

-- Whether `user` sent a heartbeat within the idle timeout (newest generation first: most waiters are found there).
local function beat_alive(clock, user)
  local id = tonumber(user)
  for gen = clock.gen, clock.gen - clock.span + 1, -1 do
    if redis.call('GETBIT', beat_key(gen, id), id % BEAT_PAGE) == 1 then
      return true
    end
  end
  return false
end
