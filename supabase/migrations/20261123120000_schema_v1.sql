-- Schema v1: the entities in DOMAIN.md. Money is numeric(14,2); every status vocabulary is an enum
-- mirrored by a Python enum (see tests/data/test_vocabularies.py).

create extension if not exists pg_trgm;

create type plaintiff_status as enum ('new', 'contacted', 'qualified', 'signed', 'declined', 'do_not_contact');
create type party_kind as enum ('individual', 'business', 'unknown');
create type asset_kind as enum ('employer', 'bank', 'real_property', 'vehicle');
create type judgment_status as enum ('active', 'satisfied', 'vacated', 'expired', 'on_hold');
create type interest_regime as enum ('standard', 'consumer');
create type ledger_kind as enum ('payment', 'cost', 'adjustment');
create type action_kind as enum (
  'information_subpoena', 'restraining_notice', 'property_execution', 'income_execution',
  'real_property_lien', 'demand_letter', 'settlement'
);
create type action_state as enum (
  'draft', 'issued', 'served', 'answered', 'levied', 'withholding', 'completed',
  'failed', 'expired', 'cancelled'
);
create type user_role as enum ('admin', 'ops', 'viewer');
create type import_status as enum ('running', 'completed', 'refused', 'failed');
create type release_outcome as enum ('running', 'success', 'warnings', 'failed');
create type step_status as enum ('pending', 'running', 'success', 'warning', 'failed', 'skipped');

create table users (
  id bigint generated always as identity primary key,
  email text not null unique check (email = lower(email) and position('@' in email) > 1),
  display_name text not null default '',
  role user_role not null default 'viewer',
  password_hash text not null,
  disabled boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table plaintiffs (
  id bigint generated always as identity primary key,
  name text not null check (name <> ''),
  name_key text not null,
  kind party_kind not null default 'unknown',
  street text,
  city text,
  state text,
  zip text,
  phone text,
  email text,
  best_contact_method text,
  status plaintiff_status not null default 'new',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index plaintiffs_name_key on plaintiffs (name_key);
create index plaintiffs_status on plaintiffs (status);

create table debtors (
  id bigint generated always as identity primary key,
  name text,
  name_key text,
  kind party_kind not null default 'unknown',
  street text,
  city text,
  state text,
  zip text,
  raw_address text,
  phone text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index debtors_name_key on debtors (name_key);
create index debtors_name_trgm on debtors using gin (name gin_trgm_ops);

create table debtor_assets (
  id bigint generated always as identity primary key,
  debtor_id bigint not null references debtors (id),
  kind asset_kind not null,
  detail text not null default '',
  benefits_only boolean not null default false,
  source text not null,
  learned_on date not null,
  created_at timestamptz not null default now()
);
create index debtor_assets_debtor on debtor_assets (debtor_id);

create table import_batches (
  id bigint generated always as identity primary key,
  filename text not null,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  source text,
  status import_status not null default 'running',
  rows_read integer not null default 0,
  inserted integer not null default 0,
  updated integer not null default 0,
  unchanged integer not null default 0,
  rejected integer not null default 0,
  message text,
  created_by text,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  constraint import_counts_balance check (
    status <> 'completed' or rows_read = inserted + updated + unchanged + rejected
  )
);
create unique index import_batches_completed_sha on import_batches (sha256) where status = 'completed';

create table rejected_rows (
  id bigint generated always as identity primary key,
  batch_id bigint not null references import_batches (id),
  line_number integer not null,
  reason_code text not null,
  detail text not null default '',
  raw jsonb not null
);
create index rejected_rows_batch on rejected_rows (batch_id, line_number);

create table judgments (
  id bigint generated always as identity primary key,
  state text not null default 'NY' check (state ~ '^[A-Z]{2}$'),
  court_code text not null,
  court_name text not null,
  county_code text,
  index_number text not null,
  index_number_norm text not null check (index_number_norm <> ''),
  entry_date date not null,
  principal numeric(14,2) not null check (principal >= 0),
  costs numeric(14,2) not null default 0 check (costs >= 0),
  interest_regime interest_regime not null default 'standard',
  status judgment_status not null default 'active',
  plaintiff_id bigint references plaintiffs (id),
  debtor_id bigint references debtors (id),
  case_title text,
  external_ref text,
  source text,
  import_batch_id bigint references import_batches (id),
  -- Derived and stored so the portfolio can filter and sort 1M rows; refreshed on ledger change.
  balance numeric(14,2),
  balance_as_of date,
  score smallint check (score between 0 and 100),
  tier char(1) check (tier in ('A', 'B', 'C', 'D', 'F')),
  score_version text,
  score_as_of date,
  score_components jsonb,
  last_action_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint judgments_identity unique (state, court_code, index_number_norm)
);
create index judgments_status on judgments (status);
create index judgments_tier on judgments (tier, score desc);
create index judgments_county on judgments (county_code);
create index judgments_balance on judgments (balance desc nulls last, id);
create index judgments_score on judgments (score desc nulls last, id);
create index judgments_entry_date on judgments (entry_date);
create index judgments_plaintiff on judgments (plaintiff_id);
create index judgments_debtor on judgments (debtor_id);
create index judgments_index_trgm on judgments using gin (index_number_norm gin_trgm_ops);

create table judgment_debtors (
  judgment_id bigint not null references judgments (id),
  debtor_id bigint not null references debtors (id),
  primary key (judgment_id, debtor_id)
);
create index judgment_debtors_debtor on judgment_debtors (debtor_id);

create table ledger_entries (
  id bigint generated always as identity primary key,
  judgment_id bigint not null references judgments (id),
  kind ledger_kind not null,
  -- Payments and costs are positive; an adjustment or a reversal may be negative.
  amount numeric(14,2) not null check (amount <> 0),
  effective_on date not null,
  memo text not null default '',
  reverses_id bigint references ledger_entries (id),
  created_by text not null,
  created_at timestamptz not null default now(),
  check (kind = 'adjustment' or reverses_id is not null or amount > 0)
);
create index ledger_entries_judgment on ledger_entries (judgment_id, effective_on);
create index ledger_entries_effective on ledger_entries (effective_on) where kind = 'payment';

create table enforcement_actions (
  id bigint generated always as identity primary key,
  judgment_id bigint not null references judgments (id),
  kind action_kind not null,
  state action_state not null default 'draft',
  third_party text,
  created_on date not null default current_date,
  issued_on date,
  served_on date,
  due_on date,
  returned_on date,
  notes text not null default '',
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index enforcement_actions_judgment on enforcement_actions (judgment_id);
create index enforcement_actions_open_due on enforcement_actions (due_on)
  where state not in ('completed', 'failed', 'expired', 'cancelled');
create index enforcement_actions_state on enforcement_actions (state);

create table action_transitions (
  id bigint generated always as identity primary key,
  action_id bigint not null references enforcement_actions (id),
  from_state action_state,
  to_state action_state not null,
  actor text not null,
  note text not null default '',
  at timestamptz not null default now()
);
create index action_transitions_action on action_transitions (action_id, at);

create table sessions (
  id_hash text primary key,
  user_id bigint not null references users (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_user on sessions (user_id);

create table api_tokens (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id),
  name text not null,
  token_hash text not null unique,
  prefix text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

create table audit_events (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor text not null,
  action text not null,
  entity text not null,
  entity_id text,
  before jsonb,
  after jsonb,
  request_id text
);
create index audit_events_entity on audit_events (entity, entity_id, at);
create index audit_events_at on audit_events (at);

create table release_runs (
  id bigint generated always as identity primary key,
  commit_sha text,
  author text,
  branch text,
  run_url text,
  triggered_by text,
  dry_run boolean not null default false,
  outcome release_outcome not null default 'running',
  exit_code integer,
  failed_step text,
  summary text,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  duration_ms integer
);
create index release_runs_started on release_runs (started_at desc);

create table release_steps (
  id bigint generated always as identity primary key,
  run_id bigint not null references release_runs (id),
  position smallint not null,
  name text not null,
  status step_status not null default 'pending',
  message text not null default '',
  started_at timestamptz,
  duration_ms integer,
  unique (run_id, position)
);

-- Ledger entries and audit events are history: never updated, never deleted.
create function refuse_history_change() returns trigger language plpgsql as $$
begin
  raise exception '% rows are never % (correct a mistake with a new entry)', tg_table_name, lower(tg_op)
    using errcode = 'restrict_violation';
end $$;

create trigger ledger_entries_append_only before update or delete on ledger_entries
  for each row execute function refuse_history_change();
create trigger audit_events_append_only before update or delete on audit_events
  for each row execute function refuse_history_change();
create trigger judgments_never_deleted before delete on judgments
  for each row execute function refuse_history_change();
