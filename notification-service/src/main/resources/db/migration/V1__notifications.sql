-- One row per consumed event (unique event_id = the event's ce_id): the service's memory
-- of what it has notified, so that a redelivered event notifies no one twice.
-- PENDING: recorded, delivery under way (or interrupted by a crash: delivered again).
-- SENT / FAILED / SKIPPED (no assignee): final.
CREATE TABLE notifications (
    id          UUID        PRIMARY KEY,
    event_id    TEXT        NOT NULL UNIQUE,
    kind        TEXT        NOT NULL CHECK (kind IN ('TASK_ASSIGNED', 'REMINDER')),
    task_id     UUID        NOT NULL,
    channel     TEXT        CHECK (channel IN ('WEBHOOK', 'LOG')),
    recipient   TEXT,
    status      TEXT        NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'SKIPPED')),
    attempts    INTEGER     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error  TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    sent_at     TIMESTAMPTZ,
    CHECK ((status = 'SENT') = (sent_at IS NOT NULL)),
    CHECK (status = 'SKIPPED' OR (channel IS NOT NULL AND recipient IS NOT NULL))
);

CREATE INDEX notifications_by_task ON notifications (task_id, created_at);
