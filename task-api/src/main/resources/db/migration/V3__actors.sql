-- Who created and who completed each task: the subject of the access token (NULL when
-- the API ran open, and for the tasks stored before). Nullable without a default, so
-- adding them rewrites nothing, and replicas of the previous version, which name their
-- columns, go on working beside the new ones during a rolling upgrade.
ALTER TABLE tasks ADD COLUMN created_by TEXT, ADD COLUMN completed_by TEXT;
