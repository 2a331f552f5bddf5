-- A seat map is warmed from PostgreSQL under a lock on its schedule alone, no longer on the whole seats table (which
-- stalled every hold and sale of every show while one schedule was read): the warm takes its schedule's advisory
-- lock exclusively (Catalogue.withSeatMapLocked), and every change of a seat takes it shared, by this trigger, before
-- the row changes. So a warm waits for the changes of that schedule in flight to commit and holds off new ones until
-- its copy is in Redis, while seat changes never wait for each other and other schedules go on.
-- The key lives in the one-key space (the two-key space is the ticket limit's), offset by 2^40 so that it never
-- meets the migrations' lock, an int4 hash.
CREATE FUNCTION seat_map_lock_key(p_schedule_id bigint) RETURNS bigint
  LANGUAGE sql IMMUTABLE AS $$ SELECT p_schedule_id + 1099511627776 $$;

CREATE FUNCTION seat_change_waits_for_warm() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  -- Taken again for the other seats of the same change at no cost: a transaction holds it until it ends.
  PERFORM pg_advisory_xact_lock_shared(seat_map_lock_key(NEW.schedule_id));
  RETURN NEW;
END
$$;

CREATE TRIGGER seats_wait_for_warm BEFORE UPDATE ON seats
  FOR EACH ROW EXECUTE FUNCTION seat_change_waits_for_warm();
