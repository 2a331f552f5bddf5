-- A PAID order can be refunded: REFUNDING while the payment service gives the money back, then REFUNDED with its
-- seats on sale again. A buyer may ask until refund_cutoff_hours before the order's schedule starts; an admin at any
-- time.
ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN
  ('PENDING_PAYMENT', 'PAID', 'EXPIRED', 'CANCELLED', 'REFUNDING', 'REFUNDED'));
ALTER TABLE shows ADD COLUMN refund_cutoff_hours integer NOT NULL DEFAULT 24 CHECK (refund_cutoff_hours >= 0);
