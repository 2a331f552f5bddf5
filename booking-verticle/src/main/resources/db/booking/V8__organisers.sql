-- A show created by an organiser belongs to it (the gateway's user id; null for a show an admin created). It never
-- changes hands, which lets the gateway keep the owner of a show once asked.
ALTER TABLE shows ADD COLUMN organiser_id bigint;
CREATE INDEX shows_organiser ON shows (organiser_id, sale_opens_at DESC) WHERE organiser_id IS NOT NULL;
-- A show's sales figures count its orders by status; without this every read of them scanned all orders.
CREATE INDEX orders_by_show ON orders (show_id, schedule_id, status);
