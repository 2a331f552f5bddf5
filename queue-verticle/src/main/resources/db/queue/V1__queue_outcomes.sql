-- What became of the places in each show's waiting room, for its outcome figures (QueueOutcomes): ADMITTED with the
-- wait from entering the line to admission (0 for straight in), LEFT (a place in line or in the pre-queue given up),
-- TIMED_OUT (dropped for not polling: a ghost). The queue service writes them in batches (OutcomeLog); one show's
-- rows are read by show and time.
CREATE TABLE queue_outcomes (
  show_id  text        NOT NULL,
  user_id  bigint      NOT NULL,
  outcome  text        NOT NULL CHECK (outcome IN ('ADMITTED', 'LEFT', 'TIMED_OUT')),
  at       timestamptz NOT NULL,
  wait_ms  bigint      CHECK (wait_ms >= 0),
  CONSTRAINT queue_outcomes_wait_of_admitted CHECK ((outcome = 'ADMITTED') = (wait_ms IS NOT NULL))
);
CREATE INDEX queue_outcomes_by_show ON queue_outcomes (show_id, at);
