-- Heartbeats of many waiters of one show in one call (gathered by a gateway from its open streams), so that they
-- keep their places. Users not waiting are ignored: this never adds anyone to the line.
-- KEYS   1 seq, 2 waiting, 3 working, 4 meta, 5 pre, 6 seen, 7 admits (q:{show}:*, one hash tag)
-- ARGV   userId...
-- Reply  how many waiters were refreshed, or -1 when there is no queue for this show
if redis.call('EXISTS', KEYS[4]) == 0 then
  return -1
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local refreshed = 0
local CHUNK = 500 -- members per variadic call: stays far below Lua's unpack limit
for i = 1, #ARGV, CHUNK do
  local last = math.min(i + CHUNK - 1, #ARGV)
  local tickets = redis.call('ZMSCORE', KEYS[2], unpack(ARGV, i, last))
  local beats = {}
  for k = i, last do
    if tickets[k - i + 1] then
      beats[#beats + 1] = now
      beats[#beats + 1] = ARGV[k]
    end
  end
  if #beats > 0 then
    redis.call('ZADD', KEYS[6], unpack(beats))
    refreshed = refreshed + #beats / 2
  end
end
return refreshed
