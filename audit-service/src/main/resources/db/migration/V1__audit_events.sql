-- The audit log: one row per task event, in the order the service recorded them.
-- Each row's hash covers its content and the previous row's hash (a hash chain), so a
-- row changed, removed or inserted behind the service's back breaks the chain.
CREATE TABLE audit_events (
    sequence     BIGINT      PRIMARY KEY CHECK (sequence > 0),
    event_id     TEXT        NOT NULL UNIQUE,
    type         TEXT        NOT NULL,
    task_id      UUID        NOT NULL,
    occurred_at  TIMESTAMPTZ NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL,
    source       TEXT        NOT NULL,
    payload      JSONB       NOT NULL,
    hash         TEXT        NOT NULL
);

CREATE INDEX audit_events_by_task ON audit_events (task_id, sequence);
CREATE INDEX audit_events_by_type ON audit_events (type, sequence);

-- Append-only, whatever the client: the database refuses updates, deletes and truncation.
CREATE FUNCTION audit_events_are_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_events_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_are_append_only();

CREATE TRIGGER audit_events_no_truncate
    BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_are_append_only();
