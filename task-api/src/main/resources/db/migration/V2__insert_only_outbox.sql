-- The outbox becomes insert-only. A row is never claimed, updated or deleted one by one:
-- the relay reads rows past its mark, in the order (xid, id), and only those whose writing
-- transaction is older than every transaction still running, so that a transaction that
-- commits late is never skipped. The mark is stored once Kafka has acknowledged the rows.
CREATE TABLE outbox_events (
    -- the writing transaction (pg_current_xact_id(), a 64-bit xid8 with its epoch):
    -- a later transaction of the same task always has a larger one
    xid          BIGINT      NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    -- the order of rows written by one transaction
    id           BIGINT      GENERATED ALWAYS AS IDENTITY,
    topic        TEXT        NOT NULL,
    message_key  TEXT        NOT NULL,
    -- a JSON object of header names and their text values
    headers      TEXT        NOT NULL,
    payload      BYTEA       NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (xid, id)
);

-- The purge removes published rows past their retention; insert-only rows arrive in time
-- order, which a BRIN index covers for almost no cost per insert.
CREATE INDEX outbox_events_created_at ON outbox_events USING brin (created_at);

-- How far the relay has published: every row at or before (xid, id) was acknowledged by
-- Kafka (or parked). One row; only the relay holding the relay lock writes it.
CREATE TABLE outbox_relay_mark (
    singleton    BOOLEAN     PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    xid          BIGINT      NOT NULL,
    id           BIGINT      NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
INSERT INTO outbox_relay_mark (xid, id, updated_at) VALUES (0, 0, now());

-- Rows that Kafka kept refusing while it took the others (an unknown topic, a record too
-- large): set aside with the reason, so that they hold up no other event.
CREATE TABLE outbox_parked (
    xid          BIGINT      NOT NULL,
    id           BIGINT      NOT NULL,
    topic        TEXT        NOT NULL,
    message_key  TEXT        NOT NULL,
    headers      TEXT        NOT NULL,
    payload      BYTEA       NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    parked_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    error        TEXT        NOT NULL,
    PRIMARY KEY (xid, id)
);

-- What the old outbox had not published yet moves over in its order (all rows get this
-- migration's xid, and ids in the old order); published rows are history and stay behind.
INSERT INTO outbox_events (topic, message_key, headers, payload, created_at)
SELECT topic, message_key, headers::text, payload, created_at
FROM outbox
WHERE published_at IS NULL
ORDER BY id;

DROP TABLE outbox;
