-- When the Redis keys of a show that ended (its last schedule has begun) were set to expire: null until EndedShows
-- has done so, which it then never does again. Its pass reads only the shows still null, found by this index: the
-- live ones and those that just ended, however many shows ever ran.
ALTER TABLE shows ADD COLUMN keys_expire_at timestamptz;
CREATE INDEX shows_keys_kept ON shows (id) WHERE keys_expire_at IS NULL;
