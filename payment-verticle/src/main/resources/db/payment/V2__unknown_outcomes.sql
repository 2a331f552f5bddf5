-- A payment whose confirm left for the provider but whose answer never came back is UNKNOWN until a look-up at the
-- provider settles it; a refund waits as REFUND_PENDING until the provider confirms the cancel.
ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check CHECK (status IN
  ('PENDING', 'UNKNOWN', 'APPROVED', 'DECLINED', 'FAILED', 'REJECTED', 'REFUND_PENDING', 'REFUNDED'));
-- The show of the order, carried by the payment's events whoever settles it.
ALTER TABLE payments ADD COLUMN show_id bigint;
-- When the reconciler may next ask the provider about this payment (PENDING, UNKNOWN, REFUND_PENDING), and how often
-- it asked already (its backoff).
ALTER TABLE payments ADD COLUMN next_check_at timestamptz;
ALTER TABLE payments ADD COLUMN checks integer NOT NULL DEFAULT 0;
ALTER TABLE payments ADD COLUMN refund_reason text;
-- One payment per order that may hold money: in flight, unknown, approved or being refunded. A second key for the
-- same order joins it instead of charging again.
DROP INDEX payments_one_live_per_order;
CREATE UNIQUE INDEX payments_one_live_per_order ON payments (order_id)
  WHERE status IN ('PENDING', 'UNKNOWN', 'APPROVED', 'REFUND_PENDING');
CREATE INDEX payments_to_check ON payments (next_check_at) WHERE status IN ('PENDING', 'UNKNOWN', 'REFUND_PENDING');
