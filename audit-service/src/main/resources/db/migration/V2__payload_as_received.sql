-- The payload is kept as the exact text received (json) rather than as jsonb: appending no
-- longer parses every payload twice (once to learn how jsonb would render it for the hash,
-- once to store it), and what is hashed is the event JSON as it came. A jsonb value
-- converted to json keeps jsonb's rendering, which is what the existing records' hashes
-- cover, so the chain stays valid across this change.
ALTER TABLE audit_events ALTER COLUMN payload TYPE json USING payload::json;
