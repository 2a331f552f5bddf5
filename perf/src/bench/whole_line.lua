-- The gateways' former per-tick read of a show's line, kept here to measure against whatever the gateways read now:
-- the harness (perf/bench) times it with EVALSHA on the same show's keys, at the same line size, as the read the
-- running gateways do each tick. A copy of gateway-verticle's lua/queue_view.lua as it was; not used by the system.
-- A show's whole line in one read, for the gateways' poll views: each gateway takes it once per tick
-- and answers status polls from it, instead of one status call per poll. Read-only: it changes nothing.
-- KEYS   1 waiting, 2 working, 3 meta, 4 pre (q:{show}:*, one hash tag)
-- Reply  {state, admittedLastMinute, admitPerMinute, opensAt, preQueued, the waiting members in order (position =
--        index) as one comma-separated string, "member,pass expiry,..." of the working set whose passes are still
--        valid, idleTimeoutSeconds, soldOut ('' | FOR_NOW | FOR_GOOD)}, or {'NOQUEUE'}. One string rather than
--        100,000 replies: a client parses one bulk reply, not 100,000.
local m = redis.call('HMGET', KEYS[3], 'state', 'admitPerMinute', 'opensAt', 'lastMinute', 'idleTimeoutSeconds',
  'soldOut')
if not m[1] then
  return {'NOQUEUE'}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return {m[1], tonumber(m[4]) or 0, tonumber(m[2]) or 0, tonumber(m[3]) or 0, redis.call('SCARD', KEYS[4]),
  table.concat(redis.call('ZRANGE', KEYS[1], 0, -1), ','),
  table.concat(redis.call('ZRANGE', KEYS[2], '(' .. now, '+inf', 'BYSCORE', 'WITHSCORES'), ','),
  tonumber(m[5]) or 0, m[6] or ''}
