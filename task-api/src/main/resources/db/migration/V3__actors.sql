-- Who created and who completed each task: the subject of the access token (NULL when
-- the API ran open, and for the tasks stored before). Nullable without a default, so
-- adding them rewrites nothing.
ALTER TABLE tasks ADD COLUMN created_by TEXT, ADD COLUMN completed_by TEXT;

-- An Idempotency-Key is its caller's own: the same key from another caller is another
-- request (and never shows the first caller's task). The tasks created open share one
-- caller, nobody ('').
ALTER TABLE tasks DROP CONSTRAINT tasks_idempotency_key_key;
CREATE UNIQUE INDEX tasks_idempotency_key_per_caller ON tasks ((COALESCE(created_by, '')), idempotency_key);
