-- OutboxPurge deletes rows sent longer ago than the retention; this index finds them without reading the rest.
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
