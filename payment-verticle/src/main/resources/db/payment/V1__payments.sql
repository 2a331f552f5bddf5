-- One row per payment attempt, keyed by the client's Idempotency-Key (per user): a repeated key finds this row and
-- gets its stored answer instead of a second charge.
CREATE TABLE payments (
  id                 uuid PRIMARY KEY,
  user_id            bigint      NOT NULL,
  idempotency_key    text        NOT NULL,
  -- What the request asked for; the same key with another request is refused (422).
  request_hash       text        NOT NULL,
  order_id           uuid        NOT NULL,
  amount             bigint      NOT NULL,
  status             text        NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'DECLINED', 'FAILED', 'REJECTED', 'REFUNDED')),
  -- The HTTP answer given for this key, replayed verbatim to repeats.
  answer_status      integer,
  answer             json,   -- json, not jsonb: repeats get the very bytes of the first answer
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payments_idempotency UNIQUE (user_id, idempotency_key)
);
-- At most one payment per order in flight or approved: a second key for the same order cannot charge it again.
CREATE UNIQUE INDEX payments_one_live_per_order ON payments (order_id) WHERE status IN ('PENDING', 'APPROVED');
