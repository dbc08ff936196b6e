-- The W3C trace context (traceparent) of the task.created record that scheduled the
-- reminder: the reminder fired hours later continues the task's trace.
ALTER TABLE reminders ADD COLUMN traceparent TEXT;
