-- A way forward when a file is refused for too many bad rows.
-- rejected_rows.field: the file's own column the reason is about (null when no single column is),
--   so a rejected row reads as line, reason, field and value.
-- import_batches.headers: the file's header row in order, so a rejects download carries the
--   file's own columns (jsonb `raw` does not keep their order).
-- import_batches.accepted_reason: why an ops or admin user imported the good rows of a file
--   that was over its reject limit (null for an ordinary import).
-- import_uploads.accept_reason: the same reason, carried from the request to the import job.
alter table rejected_rows add column field text;
alter table import_batches add column headers jsonb;
alter table import_batches add column accepted_reason text;
alter table import_uploads add column accept_reason text;
