-- A hold in one round trip. It was a six-statement transaction (BEGIN, take the seats, the order, its seats, the
-- outbox row, COMMIT), and in a booking rush every one of those statements waited behind the flood of losing holds
-- on the event loop while the winner kept a pooled connection. True when every seat was AVAILABLE and is now held by
-- the new order; false, with nothing written, when any seat was not (the exception block undoes the partial take).
CREATE FUNCTION hold_seats(p_order_id uuid, p_user_id bigint, p_show_id bigint, p_schedule_id bigint,
                           p_amount bigint, p_hold_expires_at timestamptz, p_created_at timestamptz,
                           p_seat_ids bigint[], p_topic text, p_event jsonb)
  RETURNS boolean
  LANGUAGE plpgsql AS $$
DECLARE
  taken integer;
BEGIN
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
