-- Brings back the queue of a show that ended (end.lua) when an admin configures or resumes it again: the show no
-- longer counts as ended and every key of it lives on without expiry. A queue whose show did not end is left as is.
-- KEYS   1 meta, 2.. every key of the show (QueueKeys.all; one hash tag)
-- ARGV   none
-- Reply  1 when the queue was brought back, else 0
if redis.call('HEXISTS', KEYS[1], 'endedAt') == 0 then
  return 0
end
redis.call('HDEL', KEYS[1], 'endedAt')
for i = 2, #KEYS do
  redis.call('PERSIST', KEYS[i])
end
return 1
