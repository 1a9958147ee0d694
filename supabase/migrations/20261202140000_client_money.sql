-- Client money (docs/CLIENT_MONEY.md): agreements with each client (plaintiff), the split of
-- every payment, the trust (escrow) ledger, remittance periods and statements, and the
-- three-way reconciliations users run. All of it is history: nothing is updated or deleted;
-- a change is a new agreement from its date, a correction a reversing entry.

create type cost_handling as enum ('recovered_first', 'billed', 'absorbed');
create type remittance_basis as enum ('net', 'gross');
create type remittance_cadence as enum ('monthly', 'quarterly');
create type fee_band_basis as enum ('age_days', 'amount');
create type trust_party as enum ('client', 'firm', 'debtor');
create type trust_entry_kind as enum ('receipt', 'disbursement');

create table client_agreements (
  id bigint generated always as identity primary key,
  plaintiff_id bigint not null references plaintiffs (id),
  effective_on date not null,
  fee_percent numeric(5,2) not null check (fee_percent between 0 and 100),
  band_basis fee_band_basis,
  -- [{"up_to": "365" or null, "percent": "25.00"}, ...], checked by the service.
  fee_bands jsonb not null default '[]'::jsonb,
  cost_handling cost_handling not null,
  remittance remittance_basis not null,
  cadence remittance_cadence not null,
  created_by text not null,
  created_at timestamptz not null default now()
);
create index client_agreements_in_force on client_agreements (plaintiff_id, effective_on, id);

create table remittance_periods (
  period date primary key check (extract(day from period) = 1),
  closed_by text not null,
  closed_at timestamptz not null default now()
);

-- One row per payment ledger entry (a reversal has its own row, every part negated).
create table payment_splits (
  id bigint generated always as identity primary key,
  ledger_entry_id bigint not null unique references ledger_entries (id),
  judgment_id bigint not null references judgments (id),
  plaintiff_id bigint references plaintiffs (id),
  agreement_id bigint references client_agreements (id),
  effective_on date not null,
  period date not null check (extract(day from period) = 1),
  amount numeric(14,2) not null,
  client_share numeric(14,2) not null,
  fee numeric(14,2) not null,
  cost_recovered numeric(14,2) not null,
  debtor_refund numeric(14,2) not null,
  fee_percent numeric(5,2) not null,
  remittance remittance_basis not null,
  direct boolean not null default false,
  created_at timestamptz not null default now(),
  check (client_share + fee + cost_recovered + debtor_refund = amount)
);
create index payment_splits_client_period on payment_splits (plaintiff_id, period);
create index payment_splits_judgment on payment_splits (judgment_id);
create index payment_splits_period on payment_splits (period);

-- The escrow account's journal. Receipts are positive, disbursements negative; `party` says
-- whose money the line holds or pays out.
create table trust_entries (
  id bigint generated always as identity primary key,
  plaintiff_id bigint references plaintiffs (id),
  party trust_party not null,
  kind trust_entry_kind not null,
  amount numeric(14,2) not null check (amount <> 0),
  effective_on date not null,
  period date not null check (extract(day from period) = 1),
  ledger_entry_id bigint references ledger_entries (id),
  reverses_id bigint references trust_entries (id),
  memo text not null default '',
  created_by text not null,
  created_at timestamptz not null default now(),
  check (kind = 'receipt' or amount < 0 or reverses_id is not null)
);
create index trust_entries_client on trust_entries (plaintiff_id, party);
create index trust_entries_period on trust_entries (period);

-- What each client was told at a period's close: the statement's totals, fixed.
create table remittance_statements (
  id bigint generated always as identity primary key,
  period date not null references remittance_periods (period),
  plaintiff_id bigint references plaintiffs (id),
  payments numeric(14,2) not null,
  client_share numeric(14,2) not null,
  fees numeric(14,2) not null,
  costs_recovered numeric(14,2) not null,
  debtor_refunds numeric(14,2) not null,
  billed numeric(14,2) not null,
  remitted numeric(14,2) not null,
  paid_to_firm numeric(14,2) not null,
  carried_forward numeric(14,2) not null,
  created_at timestamptz not null default now(),
  unique (period, plaintiff_id)
);

create table trust_reconciliations (
  id bigint generated always as identity primary key,
  as_of date not null,
  bank_balance numeric(14,2) not null,
  book_balance numeric(14,2) not null,
  client_ledgers numeric(14,2) not null,
  lines jsonb not null,
  created_by text not null,
  created_at timestamptz not null default now()
);

create trigger client_agreements_append_only before update or delete on client_agreements
  for each row execute function refuse_history_change();
create trigger payment_splits_append_only before update or delete on payment_splits
  for each row execute function refuse_history_change();
create trigger trust_entries_append_only before update or delete on trust_entries
  for each row execute function refuse_history_change();
create trigger remittance_periods_append_only before update or delete on remittance_periods
  for each row execute function refuse_history_change();
create trigger remittance_statements_append_only before update or delete
  on remittance_statements for each row execute function refuse_history_change();
create trigger trust_reconciliations_append_only before update or delete
  on trust_reconciliations for each row execute function refuse_history_change();

-- Client money is history: v2 of the grant function revokes its UPDATE and DELETE too (and
-- keeps the paper runs' revokes of the migration before).
create or replace function dragonfly_grant_app_v2() returns boolean language plpgsql as $$
begin
  if not dragonfly_grant_app_v1() then
    return false;
  end if;
  revoke update, delete on paper_documents, judgment_transcripts, desk_dismissals from dragonfly_app;
  revoke delete on firm_profile, debtor_contacts from dragonfly_app;
  revoke update, delete on paper_run_judgments, paper_run_parts, paper_service_confirmations
    from dragonfly_app;
  revoke delete on paper_runs from dragonfly_app;
  revoke update, delete on client_agreements, payment_splits, trust_entries, remittance_periods,
    remittance_statements, trust_reconciliations from dragonfly_app;
  return true;
end $$;
select dragonfly_grant_app_v2();
