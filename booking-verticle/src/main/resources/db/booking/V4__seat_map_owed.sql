-- The Redis seat map follows PostgreSQL after the commit, never inside the transaction: an order whose new state the
-- map has not been shown yet (sold, or freed after a refused late approval) owes it, until the change is applied.
-- The repair pass finds such orders by this partial index when the step after the commit failed or never ran.
ALTER TABLE orders ADD COLUMN seat_map_owed boolean NOT NULL DEFAULT false;
CREATE INDEX orders_seat_map_owed ON orders (updated_at) WHERE seat_map_owed;
