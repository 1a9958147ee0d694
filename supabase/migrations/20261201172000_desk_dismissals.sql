-- The deadlines desk: a deadline acknowledged (seen and handled) or snoozed until a day, with a
-- reason, by whom and when. History, append-only: the latest word on a deadline (its judgment,
-- action, name and due day) decides whether the desk shows it; a deadline whose day moves (a
-- payment extends enforceability, a transcript moves a lien) is a new deadline and shows again.

create table desk_dismissals (
  id bigint generated always as identity primary key,
  judgment_id bigint not null references judgments (id),
  action_id bigint references enforcement_actions (id),
  name text not null,
  due_on date not null,
  snoozed_until date,  -- null: acknowledged for good
  reason text not null check (length(btrim(reason)) > 0),
  created_by text not null,
  created_at timestamptz not null default now()
);
create index desk_dismissals_deadline on desk_dismissals (judgment_id, name, due_on);

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
    judgment_acknowledgments, judgment_transcripts, desk_dismissals from dragonfly_app;
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
