-- Adds twice ARGV[1] to KEYS[1] with the library's helper; answers the new value.
return redis.call('INCRBY', KEYS[1], twice(ARGV[1]))
