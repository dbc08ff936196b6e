-- consumer.retention.keep: notifications in a final state older than that are purged
-- (RetentionPurge). Rows are inserted in time order, so a BRIN index finds the old ones
-- for next to nothing per insert.
CREATE INDEX notifications_by_age ON notifications USING brin (created_at);
