-- When a delivery the receiver could not take (5xx, timeout, unreachable) may be attempted
-- again: the event's partition is paused until then instead of a listener thread
-- sleeping, and whichever consumer gets the event next waits until then too.
ALTER TABLE notifications ADD COLUMN next_attempt_at TIMESTAMPTZ;
