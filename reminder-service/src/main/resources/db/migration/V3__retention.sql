-- consumer.retention.keep: processed ids and finished reminders older than that are
-- purged (RetentionPurge). Processed ids are inserted in time order, so a BRIN index
-- finds the old ones for next to nothing per insert; finished reminders are found with
-- reminders_newest_first (created_at).
CREATE INDEX processed_events_by_age ON processed_events USING brin (processed_at);
