-- Durable events. A producer inserts into outbox in the same transaction as its state change; OutboxRelay publishes
-- the row to Kafka and sets sent_at. A consumer inserts (consumer, event_id) into processed_events in the same
-- transaction as its effect, so a redelivered event changes nothing twice.
CREATE TABLE outbox (
  id         bigserial PRIMARY KEY,
  topic      text        NOT NULL,
  key        text        NOT NULL,
  event      jsonb       NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at    timestamptz
);

-- The relay's claim (oldest unsent first) and its "earlier unsent row of the same key?" check read only these.
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
CREATE INDEX outbox_unsent_key ON outbox (key, id) WHERE sent_at IS NULL;

CREATE TABLE processed_events (
  consumer     text        NOT NULL,
  event_id     text        NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
