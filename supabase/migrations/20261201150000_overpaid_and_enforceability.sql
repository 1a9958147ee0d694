-- dragonfly:allow-destructive valued_judgments is recreated (not altered) so it shows the new stored values; it holds no data
--
-- Two stored values a balance needs beside it:
-- - overpaid: what the debtor paid beyond the balance (owed back to them), 0 when none;
-- - enforceable until: CPLR 211(b) presumes a judgment paid twenty years after entry, but not
--   against a debtor who paid part or acknowledged the debt in writing within those twenty
--   years. The stored date is computed per judgment from the latest of entry, payment and
--   written acknowledgment (as the rules table's policy says), with its basis, so the
--   Portfolio, the deadline sweep, the score and the recommendation all read one date.
-- Written acknowledgments are recorded as judgment events outside the ledger: they move no money.

create table judgment_acknowledgments (
  id bigint generated always as identity primary key,
  judgment_id bigint not null references judgments (id),
  acknowledged_on date not null,
  note text not null default '',
  created_by text not null,
  created_at timestamptz not null default now()
);
create index judgment_acknowledgments_judgment
  on judgment_acknowledgments (judgment_id, acknowledged_on);

alter table judgment_values
  add column overpaid numeric(14,2) not null default 0,
  add column enforceable_until date,
  add column enforceable_basis text
    check (enforceable_basis in ('entry', 'payment', 'acknowledgment')),
  add column enforceable_basis_on date;

-- Until the next rescore, every judgment is enforceable for twenty years from entry (the basis
-- before this migration); the rescore after deploying computes the extensions.
update judgment_values v
set enforceable_until = (j.entry_date + interval '20 years')::date,
    enforceable_basis = 'entry',
    enforceable_basis_on = j.entry_date
from judgments j
where j.id = v.judgment_id and v.balance_as_of is not null;

-- Why a judgment scores 0 regardless of its components, or null when it is scored normally: as
-- v1, but expiry is the judgment's own enforceable-until date (CPLR 211(b)), not entry + 20.
create function df_score_zeroed_v2(status judgment_status, enforceable_until date, as_of date)
returns text
language sql immutable parallel safe
as $$
  select case
    when status = 'satisfied' then 'satisfied'
    when status = 'expired' then 'expired'
    when status = 'vacated' then 'vacated'
    when enforceable_until <= as_of then 'expired'
  end
$$;

drop view valued_judgments;
create view valued_judgments as
select j.*, v.balance, v.balance_as_of, v.score, v.tier, v.score_version, v.score_as_of,
       v.score_components, v.overpaid, v.enforceable_until, v.enforceable_basis,
       v.enforceable_basis_on
from judgments j
join judgment_values v on v.judgment_id = j.id;

-- Acknowledgments are history (append-only): the grant function (20261130181500_app_role),
-- which may be run again by hand, now revokes their UPDATE and DELETE too. Running it also makes
-- the recreated view read-only again.
create or replace function dragonfly_grant_app_v1() returns boolean language plpgsql as $$
begin
  if not exists (select 1 from pg_roles where rolname = 'dragonfly_app') then
    return false;
  end if;
  grant usage on schema public to dragonfly_app;
  grant select, insert, update, delete on all tables in schema public to dragonfly_app;
  grant usage, select on all sequences in schema public to dragonfly_app;
  alter default privileges in schema public
    grant select, insert, update, delete on tables to dragonfly_app;
  alter default privileges in schema public grant usage, select on sequences to dragonfly_app;
  -- History is append-only; judgments are never deleted, nor are debtor facts (they are retired).
  revoke update, delete on ledger_entries, audit_events, action_transitions,
    judgment_acknowledgments from dragonfly_app;
  revoke delete on judgments, debtor_assets from dragonfly_app;
  -- Reference data, the release record (written by `dragonfly release` as the owner), the view.
  revoke insert, update, delete on ny_counties, release_runs, release_steps, valued_judgments
    from dragonfly_app;
  grant execute on function df_values_next_create_v1(), df_values_next_drop_v1(),
    df_values_next_index_v1(text), df_values_next_seal_v1(), df_values_next_swap_v1()
    to dragonfly_app;
  -- /readyz and /version read the schema version.
  grant usage on schema supabase_migrations to dragonfly_app;
  grant select on supabase_migrations.schema_migrations to dragonfly_app;
  return true;
end $$;
select dragonfly_grant_app_v1();

-- The Overview's refunds owed read only the judgments with something overpaid. As for the other
-- indexes, the partition's is named <parent index>_live (the rebuild names them so).
create index judgment_values_overpaid_live on judgment_values_live (judgment_id) where overpaid > 0;
create index judgment_values_overpaid on judgment_values (judgment_id) where overpaid > 0;
