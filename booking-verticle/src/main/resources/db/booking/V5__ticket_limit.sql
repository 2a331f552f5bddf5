-- A per-buyer ticket limit per schedule: the show says how many seats one account may hold or buy for each of its
-- dates, counted over that account's PENDING_PAYMENT and PAID orders of the schedule.
ALTER TABLE shows ADD COLUMN ticket_limit integer NOT NULL DEFAULT 4 CHECK (ticket_limit BETWEEN 1 AND 20);

-- The limit's count: one buyer's live orders of one schedule.
CREATE INDEX orders_buyer_live ON orders (schedule_id, user_id) WHERE status IN ('PENDING_PAYMENT', 'PAID');

-- hold_seats as in V3, plus the limit. Two holds of one buyer for one schedule take turns on a transaction-scoped
-- advisory lock (the two-key space, which never meets the one-key locks of the migrations), so the second counts the
-- first's seats once it committed: concurrent holds can never both pass. Ids past 31 bits are folded; two buyers who
-- share a key only wait for each other. Over the limit it raises SQLSTATE TPLIM with {"limit", "held"} as DETAIL
-- and writes nothing.
CREATE OR REPLACE FUNCTION hold_seats(p_order_id uuid, p_user_id bigint, p_show_id bigint, p_schedule_id bigint,
                                      p_amount bigint, p_hold_expires_at timestamptz, p_created_at timestamptz,
                                      p_seat_ids bigint[], p_topic text, p_event jsonb)
  RETURNS boolean
  LANGUAGE plpgsql AS $$
DECLARE
  taken integer;
  seat_limit integer;
  held integer;
BEGIN
  PERFORM pg_advisory_xact_lock((p_schedule_id & 2147483647)::integer, (p_user_id & 2147483647)::integer);
  SELECT ticket_limit INTO seat_limit FROM shows WHERE id = p_show_id;
  -- A statement of its own, after the lock: it sees what the buyer's previous hold committed.
  SELECT count(*) INTO held FROM orders o JOIN order_seats os ON os.order_id = o.id
   WHERE o.schedule_id = p_schedule_id AND o.user_id = p_user_id AND o.status IN ('PENDING_PAYMENT', 'PAID');
  IF held + cardinality(p_seat_ids) > seat_limit THEN
    RAISE EXCEPTION 'ticket limit reached' USING ERRCODE = 'TPLIM',
      DETAIL = json_build_object('limit', seat_limit, 'held', held)::text;
  END IF;
  UPDATE seats SET status = 'HELD', order_id = p_order_id, version = version + 1
   WHERE schedule_id = p_schedule_id AND id = ANY (p_seat_ids) AND status = 'AVAILABLE';
  GET DIAGNOSTICS taken = ROW_COUNT;
  IF taken <> cardinality(p_seat_ids) THEN
    RAISE EXCEPTION 'seats taken' USING ERRCODE = 'TP409';
  END IF;
  INSERT INTO orders (id, user_id, show_id, schedule_id, status, amount, hold_expires_at, created_at)
  VALUES (p_order_id, p_user_id, p_show_id, p_schedule_id, 'PENDING_PAYMENT', p_amount, p_hold_expires_at,
          p_created_at);
  INSERT INTO order_seats (order_id, seat_id) SELECT p_order_id, unnest(p_seat_ids);
  -- The OrderCreated event, published if and only if the hold commits (the outbox contract of Outbox.append).
  INSERT INTO outbox (topic, key, event) VALUES (p_topic, p_order_id::text, p_event);
  RETURN true;
EXCEPTION WHEN SQLSTATE 'TP409' THEN
  RETURN false;
END
$$;
