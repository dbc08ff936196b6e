-- Tasks as the API accepts them.
CREATE TABLE tasks (
    id               UUID        PRIMARY KEY,
    title            TEXT        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description      TEXT        CHECK (length(description) <= 4000),
    assignee         TEXT,
    due_at           TIMESTAMPTZ,
    status           TEXT        NOT NULL CHECK (status IN ('OPEN', 'COMPLETED')),
    created_at       TIMESTAMPTZ NOT NULL,
    completed_at     TIMESTAMPTZ,
    -- Idempotency-Key of the POST that created the task, and a hash of its request,
    -- so that a replay returns this task and a different body under the same key is refused.
    idempotency_key  TEXT        UNIQUE,
    request_hash     TEXT
);

-- Listing newest first, optionally by status, with a (created_at, id) keyset cursor.
CREATE INDEX tasks_newest_first ON tasks (created_at DESC, id DESC);
CREATE INDEX tasks_by_status_newest_first ON tasks (status, created_at DESC, id DESC);

-- The transactional outbox: written in the same transaction as the task, relayed to Kafka.
-- A row holds the whole Kafka record (topic, key, headers, value), so the relay needs to
-- know nothing about events.
CREATE TABLE outbox (
    id            BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id      UUID        NOT NULL UNIQUE,
    topic         TEXT        NOT NULL,
    message_key   TEXT        NOT NULL,
    headers       JSONB       NOT NULL,
    payload       BYTEA       NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    published_at  TIMESTAMPTZ
);

-- The relay's claim: unpublished rows in id order, and the unpublished head of each key.
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
CREATE INDEX outbox_unpublished_by_key ON outbox (message_key, id) WHERE published_at IS NULL;
-- The purge of published rows past their retention.
CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;
