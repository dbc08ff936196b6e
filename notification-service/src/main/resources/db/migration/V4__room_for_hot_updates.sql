-- A notification is inserted PENDING and updated moments later (SENT, FAILED or the time
-- of its next attempt), changing no indexed column. With room left on each page the
-- update is a heap-only tuple (HOT): no new entries in the three indexes per delivery.
ALTER TABLE notifications SET (fillfactor = 80);
