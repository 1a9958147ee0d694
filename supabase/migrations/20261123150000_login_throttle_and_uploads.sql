-- Service plane: failed-login throttling state and uploaded import files waiting for a worker.
-- Both live in Postgres so API replicas stay stateless and any worker machine can run an import.

create table login_failures (
  id bigint generated always as identity primary key,
  -- 'account' (the e-mail tried) or 'client' (the caller's address)
  scope text not null check (scope in ('account', 'client')),
  key text not null,
  at timestamptz not null default now()
);
create index login_failures_lookup on login_failures (scope, key, at);

-- One row per file uploaded through the API; the procrastinate job (job_id) imports it.
-- Status comes from procrastinate's own jobs table; this row holds the payload and progress.
create table import_uploads (
  id bigint generated always as identity primary key,
  job_id bigint unique,
  filename text not null,
  source text not null default 'auto',
  content bytea,
  rows_done integer not null default 0,
  rows_total integer,
  batch_id bigint references import_batches (id),
  error text,
  created_by text not null,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);

-- The overview counts recent intake; without this it would scan every judgment.
create index judgments_created_at on judgments (created_at);
