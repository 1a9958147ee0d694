-- Liens of lower courts (CPLR 5018(a)): a judgment of the Civil Court of the City of New York, a
-- District, City, Town or Village Court is a lien on real property only once a transcript of it
-- is docketed with a county clerk, one per county, and that lien runs ten years from the
-- docketing (CPLR 5203(a)). A Supreme or County Court judgment is docketed in its county on
-- entry; a transcript extends it to another county.
-- Transcript docketings are judgment events (history, append-only): the stored lien dates of the
-- values (20261201170000) now run from the docketing whose lien lapses next; a lower-court
-- judgment without one has none.

create table judgment_transcripts (
  id bigint generated always as identity primary key,
  judgment_id bigint not null references judgments (id),
  county_code text not null references ny_counties (code),
  docketed_on date not null,
  note text not null default '',
  created_by text not null,
  created_at timestamptz not null default now(),
  unique (judgment_id, county_code)
);

-- Which docketing the stored lien dates count from (null: no lien on real property yet).
alter table judgment_values add column lien_docketed_on date;

-- Until the rescore after deploying, the stored lien dates of lower-court judgments (which no
-- transcript docketing is recorded for yet) are cleared rather than shown from entry.
update judgment_values v
set lien_docketed_on = case when split_part(j.court_code, '-', 1)
                                 in ('CIV', 'DIST', 'CITY', 'TOWN', 'VIL')
                            then null else j.entry_date end,
    lien_renewal_opens_on = case when split_part(j.court_code, '-', 1)
                                      in ('CIV', 'DIST', 'CITY', 'TOWN', 'VIL')
                                 then null else v.lien_renewal_opens_on end,
    lien_lapses_on = case when split_part(j.court_code, '-', 1)
                               in ('CIV', 'DIST', 'CITY', 'TOWN', 'VIL')
                          then null else v.lien_lapses_on end
from judgments j
where j.id = v.judgment_id and v.balance_as_of is not null;

-- Transcripts are history: the grant function (20261130181500_app_role), which may be run again
-- by hand, now revokes their UPDATE and DELETE too.
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
    judgment_acknowledgments, judgment_transcripts from dragonfly_app;
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
-- v2 (20261201160000_papers) runs v1 and then the papers' and contacts' refusals: run it, not v1
-- alone, so those stay refused.
select dragonfly_grant_app_v2();
