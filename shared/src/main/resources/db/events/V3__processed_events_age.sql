-- RetentionPurge deletes a consumer's processed_events rows older than the retention; this index finds them.
CREATE INDEX processed_events_age ON processed_events (consumer, processed_at);
