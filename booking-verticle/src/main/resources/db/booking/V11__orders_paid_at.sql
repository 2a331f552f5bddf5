-- When an order was paid, kept apart from updated_at (which a refund moves on), for the show's outcome figures: the
-- buyers who paid, and the sell-out time (sale open to the payment of the last seat). Orders paid before this
-- migration take the time of their last change, which is their payment while they are still PAID.
ALTER TABLE orders ADD COLUMN paid_at timestamptz;
UPDATE orders SET paid_at = updated_at WHERE status = 'PAID';
