-- The pruning job deletes Idempotency-Key records older than their maximum age, oldest first, a
-- batch at a time; this index finds them without reading the whole table. A table grown large
-- before pruning existed can take longer to index than the connection's statement timeout, so
-- the timeout is lifted for this transaction. While it builds, new keys wait (the build holds a
-- SHARE lock on the table); it is one pass over the table, once, at the upgrade.
SET LOCAL statement_timeout = 0;
CREATE INDEX idempotency_records_created_at ON idempotency_records (created_at);
