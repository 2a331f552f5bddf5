-- Shows, their schedules and seats; orders and the seats they hold. PostgreSQL is the truth: a seat changes hands
-- only by a conditional UPDATE whose row count is checked, so even a lost Redis can never sell a seat twice.
CREATE TABLE shows (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title          text        NOT NULL,
  venue          text        NOT NULL,
  sale_opens_at  timestamptz NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE schedules (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  show_id    bigint      NOT NULL REFERENCES shows (id),
  starts_at  timestamptz NOT NULL
);
CREATE INDEX schedules_show ON schedules (show_id);

CREATE TABLE seats (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  schedule_id  bigint  NOT NULL REFERENCES schedules (id),
  seat_row     integer NOT NULL,
  seat_col     integer NOT NULL,
  grade        text    NOT NULL,
  price        bigint  NOT NULL CHECK (price >= 0),
  status       text    NOT NULL DEFAULT 'AVAILABLE' CHECK (status IN ('AVAILABLE', 'HELD', 'SOLD')),
  order_id     uuid,
  version      integer NOT NULL DEFAULT 0,
  CONSTRAINT seats_position_unique UNIQUE (schedule_id, seat_row, seat_col),
  -- A held or sold seat always names its order; an available one never does.
  CONSTRAINT seats_order_matches_status CHECK ((status = 'AVAILABLE') = (order_id IS NULL))
);

CREATE TABLE orders (
  id               uuid PRIMARY KEY,
  user_id          bigint      NOT NULL,
  show_id          bigint      NOT NULL REFERENCES shows (id),
  schedule_id      bigint      NOT NULL REFERENCES schedules (id),
  status           text        NOT NULL CHECK (status IN ('PENDING_PAYMENT', 'PAID', 'EXPIRED', 'CANCELLED')),
  amount           bigint      NOT NULL CHECK (amount >= 0),
  hold_expires_at  timestamptz NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_user_newest ON orders (user_id, created_at DESC);
-- The hold sweeper's query: pending orders by expiry.
CREATE INDEX orders_pending_expiry ON orders (hold_expires_at) WHERE status = 'PENDING_PAYMENT';

CREATE TABLE order_seats (
  order_id  uuid   NOT NULL REFERENCES orders (id),
  seat_id   bigint NOT NULL REFERENCES seats (id),
  PRIMARY KEY (order_id, seat_id)
);
