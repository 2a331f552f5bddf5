-- What changed in a show's line since a reader last looked (../lib/log.lua says what is logged), so that the gateways
-- follow the line by its changes: the work is O(changes), whatever the line's length. A reader that
-- knows nothing yet, or whose cursor fell out of the log, starts over from the line itself, read by ticket in slices
-- of ARGV 3 (the arrivals of a reader that has seen no ticket yet), one slice per call, while the log kept since its
-- first call tells what left meanwhile. Read-only.
-- KEYS   1 seq, 2 waiting, 3 meta, 4 pre, 5 log (q:{show}:*, one hash tag). Passes are not read: the admitted are
--        a handful a tick, and the queue service answers them (the working set may hold a whole sale's passes).
-- ARGV   1 cursor: id of the last log entry the reader applied, or '' for a reader that knows nothing of the line;
--        2 lastSeq of the reader's last reply (0 at the start): the ticket up to which it has looked;
--        3 most arrivals in the reply; 4 most log entries in the reply
-- Reply  {state, admittedLastMinute, admitPerMinute, opensAt, preQueued, idleTimeoutSeconds, soldOut ('' | FOR_NOW |
--        FOR_GOOD), waiting, restarted (1: forget everything known and start from
--        this reply: the reader knew nothing, entries it had not read were trimmed, or the line was made anew),
--        cursor (to pass as ARGV 1 next), logComplete (1: every entry logged so far is in this reply), departed
--        tickets "t,t,...", head (lowest ticket waiting, seq + 1 when nobody waits: every ticket below it is gone),
--        arrivals "user,ticket,..." (waiters with a ticket above ARGV 2, by ticket), arrivalsComplete (1: every
--        such waiter is in this reply), lastSeq (to pass as ARGV 2 next)}, or {'NOQUEUE'}
local m = redis.call('HMGET', KEYS[3], 'state', 'admitPerMinute', 'opensAt', 'lastMinute', 'idleTimeoutSeconds',
  'soldOut', 'logCut')
if not m[1] then
  return {'NOQUEUE'}
end
local seq = tonumber(redis.call('GET', KEYS[1])) or 0

-- Whether stream id `a` comes before stream id `b`.
local function before(a, b)
  local a_ms, a_seq = string.match(a, '^(%d+)-(%d+)$')
  local b_ms, b_seq = string.match(b, '^(%d+)-(%d+)$')
  a_ms, b_ms = tonumber(a_ms), tonumber(b_ms)
  return a_ms < b_ms or (a_ms == b_ms and tonumber(a_seq) < tonumber(b_seq))
end

local cursor = ARGV[1]
local last = tonumber(ARGV[2])
local restarted = cursor == '' or last > seq or (m[7] ~= false and before(cursor, m[7]))
local departed = {}
local log_complete = 1
if restarted then
  -- From here on the log tells what leaves; the line itself tells who waits (the arrivals after ticket 0).
  local newest = redis.call('XREVRANGE', KEYS[5], '+', '-', 'COUNT', 1)
  cursor = newest[1] and newest[1][1] or m[7] or '0-0'
  last = 0
else
  local most = tonumber(ARGV[4])
  local entries = redis.call('XRANGE', KEYS[5], '(' .. cursor, '+', 'COUNT', most)
  for i, entry in ipairs(entries) do
    departed[i] = entry[2][2]
    cursor = entry[1]
  end
  if #entries == most and #redis.call('XRANGE', KEYS[5], '(' .. cursor, '+', 'COUNT', 1) > 0 then
    log_complete = 0
  end
end

local lowest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
local head = tonumber(lowest[2]) or seq + 1

local most_arrivals = tonumber(ARGV[3])
local arrivals = redis.call('ZRANGE', KEYS[2], '(' .. last, '+inf', 'BYSCORE', 'LIMIT', 0, most_arrivals,
  'WITHSCORES')
local arrivals_complete = 1
local last_seq = seq
if #arrivals == 2 * most_arrivals then
  arrivals_complete = 0
  last_seq = tonumber(arrivals[#arrivals])
end

return {m[1], tonumber(m[4]) or 0, tonumber(m[2]) or 0, tonumber(m[3]) or 0, redis.call('SCARD', KEYS[4]),
  tonumber(m[5]) or 0, m[6] or '', redis.call('ZCARD', KEYS[2]), restarted and 1 or 0, cursor, log_complete,
  table.concat(departed, ','), head, table.concat(arrivals, ','),
  arrivals_complete, last_seq}
