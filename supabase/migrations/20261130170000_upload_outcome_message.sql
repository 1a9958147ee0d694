-- An upload's outcome in words, for an import that finished without a new batch (a duplicate
-- of an earlier file), so the job does not show as a bare "succeeded".
alter table import_uploads add column message text;
