-- One reminder per task, whatever came first: its creation (SCHEDULED or SKIPPED) or its
-- completion (a CANCELLED row without details, so that a later creation schedules nothing).
CREATE TABLE reminders (
    id          UUID        PRIMARY KEY,
    task_id     UUID        NOT NULL UNIQUE,
    title       TEXT,
    assignee    TEXT,
    due_at      TIMESTAMPTZ,
    remind_at   TIMESTAMPTZ,
    status      TEXT        NOT NULL CHECK (status IN ('SCHEDULED', 'SENT', 'CANCELLED', 'SKIPPED')),
    sent_at     TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    CONSTRAINT reminders_fire_with_details
        CHECK (status NOT IN ('SCHEDULED', 'SENT')
            OR (title IS NOT NULL AND due_at IS NOT NULL AND remind_at IS NOT NULL)),
    CONSTRAINT reminders_sent_at_iff_sent CHECK ((status = 'SENT') = (sent_at IS NOT NULL))
);

CREATE INDEX reminders_newest_first ON reminders (created_at DESC, id);

-- The ce_id of every event whose effect is committed: a redelivery changes nothing.
CREATE TABLE processed_events (
    event_id     TEXT        PRIMARY KEY,
    processed_at TIMESTAMPTZ NOT NULL
);

-- db-scheduler's executions (its PostgreSQL schema for 16.x, from
-- db-scheduler/src/test/resources/postgresql_tables.sql): one row per scheduled
-- reminder, task_name 'send-reminder', task_instance = the task id.
CREATE TABLE scheduled_tasks (
    task_name            TEXT                     NOT NULL,
    task_instance        TEXT                     NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);

CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
