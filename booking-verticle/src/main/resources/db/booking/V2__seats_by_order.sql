-- A paid, cancelled or expired order finds its seats by order id (markPaid, endPending): without this index each
-- of those updates read every seat of every schedule, and a booking rush's payments queued behind them.
CREATE INDEX seats_by_order ON seats (order_id) WHERE order_id IS NOT NULL;
