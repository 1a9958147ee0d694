-- Import sources a firm maps once on the dashboard (or with `dragonfly sources new`): stored here
-- so every replica detects them, next to the shipped TOML specs. `spec` is the SourceSpec as JSON.
create table import_sources (
  name text primary key check (name ~ '^[a-z][a-z0-9_]{0,39}$'),
  title text not null check (length(title) between 1 and 200),
  spec jsonb not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_by text,
  updated_at timestamptz
);

-- The interest regime an import gives new judgments whose row says none (null: standard).
alter table import_batches add column interest_regime_default interest_regime;
alter table import_uploads add column interest_regime interest_regime;
