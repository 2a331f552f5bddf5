-- Whether the admission tick has anything to do for the show, i.e. whether the tickers walk it: its queue exists, its
-- show has not ended (end.lua), and it is not CLOSED with nobody waiting and nobody admitted (such a queue changes
-- only when an admin configures, resumes or drains it, and that lists it again).
-- KEYS   1 seq, 2 waiting, 3 working, 4 meta, 5 pre, 6 beats (heartbeat bitmaps: lib/heartbeats.lua), 7 admits
--        (q:{show}:*, one hash tag)
-- ARGV   none
-- Reply  1 when the show is live, else 0
local m = redis.call('HMGET', KEYS[4], 'state', 'endedAt')
if not m[1] or m[2] then
  return 0
end
if m[1] == 'CLOSED' and redis.call('ZCARD', KEYS[2]) == 0 and redis.call('ZCARD', KEYS[3]) == 0 then
  return 0
end
return 1
