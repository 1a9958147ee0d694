-- Least privilege: the app (API, CLI business commands, workers) connects as a member of
-- dragonfly_app, which may read and write the business tables but owns none of them. So it
-- cannot TRUNCATE, cannot UPDATE or DELETE history rows, cannot disable or drop a trigger, and,
-- not being a superuser, cannot set session_replication_role. Migrations keep running as the
-- owner (DRAGONFLY_MIGRATION_DATABASE_URL). See docs/ARCHITECTURE.md, "Database roles".
--
-- dragonfly_app has no login of its own here: a deployment gives it one (alter role ... login
-- password ...) or logs in as a role granted membership in it. Roles are shared by every
-- database of a server, so it is created only when missing, and a concurrent creation by another
-- database's migration is not an error.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'dragonfly_app') then
    create role dragonfly_app nologin;
  end if;
exception
  when duplicate_object or unique_violation then
    null;
  when insufficient_privilege then
    -- A single-role deployment keeps working; docs/ARCHITECTURE.md says how to add the role.
    raise warning 'role dragonfly_app was not created: % may not create roles; see docs/ARCHITECTURE.md', current_user;
end $$;

-- The full rescore builds judgment_values_next beside the live partition and swaps it in with
-- DETACH/ATTACH, which only the owner of judgment_values may do. These functions run as the
-- owner (security definer) and do only that: the app fills the new table, the owner creates,
-- indexes, seals and swaps it. Index definitions come from the catalogue, never from the caller.

create function df_values_next_create_v1() returns void
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  drop table if exists public.judgment_values_next;
  create table public.judgment_values_next
    (like public.judgment_values including defaults including constraints);
  if exists (select 1 from pg_roles where rolname = 'dragonfly_app') then
    grant select, insert on public.judgment_values_next to dragonfly_app;
  end if;
end $$;

create function df_values_next_drop_v1() returns void
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  drop table if exists public.judgment_values_next;
end $$;

-- Builds one index of judgment_values (named by the caller) on the new table, as <index>_next.
create function df_values_next_index_v1(parent_index text) returns void
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  is_unique boolean;
  definition text;
begin
  select i.indisunique, split_part(pg_get_indexdef(i.indexrelid), ' USING ', 2)
    into is_unique, definition
  from pg_index i join pg_class c on c.oid = i.indexrelid
  where i.indrelid = 'public.judgment_values'::regclass and c.relname = parent_index;
  if not found then
    raise exception 'judgment_values has no index named %', parent_index;
  end if;
  execute format('create %sindex %I on public.judgment_values_next using %s',
                 case when is_unique then 'unique ' else '' end, parent_index || '_next', definition);
end $$;

-- Turns the indexes built for the parent's constraints into those constraints, and analyzes.
create function df_values_next_seal_v1() returns void
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  constraint_row record;
begin
  for constraint_row in
    select c.relname || '_next' as name, con.contype
    from pg_constraint con join pg_class c on c.oid = con.conindid
    where con.conrelid = 'public.judgment_values'::regclass and con.contype in ('p', 'u')
  loop
    execute format('alter table public.judgment_values_next add constraint %I %s using index %I',
                   constraint_row.name,
                   case when constraint_row.contype = 'p' then 'primary key' else 'unique' end,
                   constraint_row.name);
  end loop;
  analyze public.judgment_values_next;
end $$;

-- The swap, in the caller's transaction (which sets lock_timeout): the new table becomes the
-- only partition, named judgment_values_live, its indexes <parent index>_live.
create function df_values_next_swap_v1() returns void
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  index_name text;
begin
  lock table public.judgment_values in access exclusive mode;
  alter table public.judgment_values detach partition public.judgment_values_live;
  alter table public.judgment_values attach partition public.judgment_values_next
    for values from (minvalue) to (maxvalue);
  drop table public.judgment_values_live;
  alter table public.judgment_values_next rename to judgment_values_live;
  for index_name in
    select c.relname from pg_index i join pg_class c on c.oid = i.indexrelid
    where i.indrelid = 'public.judgment_values_live'::regclass
  loop
    execute format('alter index public.%I rename to %I', index_name,
                   regexp_replace(index_name, '_next$', '') || '_live');
  end loop;
end $$;

revoke execute on function df_values_next_create_v1(), df_values_next_drop_v1(),
  df_values_next_index_v1(text), df_values_next_seal_v1(), df_values_next_swap_v1() from public;

-- Every grant the app needs, in one place, safe to run again (after creating the role by hand).
-- Tables created later by the owner (migrations, procrastinate's job schema) are granted by the
-- default privileges set here; a later append-only table must revoke UPDATE and DELETE itself.
create function dragonfly_grant_app_v1() returns boolean language plpgsql as $$
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
  revoke update, delete on ledger_entries, audit_events, action_transitions from dragonfly_app;
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
revoke execute on function dragonfly_grant_app_v1() from public;

select dragonfly_grant_app_v1();
