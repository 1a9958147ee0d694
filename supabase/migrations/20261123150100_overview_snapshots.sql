-- The overview's aggregates over a large portfolio take a few hundred milliseconds; one computed
-- overview is kept here and reused for a few seconds by every API replica.
create table overview_snapshots (
  id bigint generated always as identity primary key,
  computed_at timestamptz not null default now(),
  payload jsonb not null
);
create index overview_snapshots_computed on overview_snapshots (computed_at desc);
