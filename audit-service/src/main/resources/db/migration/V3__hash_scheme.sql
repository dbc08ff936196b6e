-- Which text of the payload a record's hash covers. 1: the payload's text exactly as
-- stored, as every record appended before this migration was hashed (the event JSON as
-- received; before V2, jsonb's rendering of it). 2: the payload's RFC 8785 canonical
-- form, which anyone can recompute from the JSON however it is spelled: the scheme of
-- records appended from now on. A verification recomputes each record with its own
-- scheme, and the links between records do not depend on it, so the chain runs on across
-- the change. The default is 1 because an older replica still appending during a rolling
-- upgrade knows nothing of this column and hashes the text as stored. Adding a column
-- with a constant default rewrites no row and fires no trigger.
ALTER TABLE audit_events ADD COLUMN hash_scheme SMALLINT NOT NULL DEFAULT 1;
