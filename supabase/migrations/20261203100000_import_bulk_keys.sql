-- The bulk import path, v2: besides the secondary indexes, the foreign keys that a loaded row of
-- judgments or judgment_debtors checks are dropped before the load and added again before the
-- import commits. A foreign key checks every inserted row with its own lookup (and a row lock on
-- the plaintiff, debtor or batch it names): two thirds of the time of loading judgments. Added
-- again, the key is checked once for every row with a single join. Whichever way it ends, every
-- row is checked and nothing is committed without its keys.
--
-- The tables those keys name (plaintiffs, import_batches) are locked too, so the lock is taken
-- at once for all of them, judgments first as everywhere else. The key to users (owner_id) stays:
-- imported rows leave it empty, so it costs almost nothing, and the users table must stay
-- readable for sign-ins while a large import runs.
--
-- As in v1, the functions run as the owner, and the definitions wait in a temporary table the
-- owner creates, which the app role can neither read nor write. Unlike v1 (indexes only, so a
-- missed build cost speed), a transaction that dropped keys and did not add them back would
-- commit a database without them: a deferred trigger on that table refuses the commit then.

-- Fires at commit for every definition recorded: one still there was never restored.
create function df_import_refuse_unrestored_v1() returns trigger
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  if exists (select 1 from pg_temp.import_dropped_definitions
             where kind = new.kind and name = new.name) then
    raise exception 'the % % was dropped for a bulk import and never restored; nothing is committed',
      new.kind, new.name;
  end if;
  return null;
end $$;

revoke execute on function df_import_refuse_unrestored_v1() from public;

create function df_import_indexes_drop_v2() returns integer
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  found record;
  dropped integer := 0;
begin
  -- judgments first, as every writer takes it (waiting up to the caller's lock_timeout); the
  -- others at once or not at all, so the import never holds judgments while it waits (a reader
  -- holding plaintiffs and waiting for judgments would be a deadlock). The caller retries.
  lock table public.judgments in access exclusive mode;
  lock table public.debtors, public.judgment_values, public.judgment_debtors, public.plaintiffs,
    public.import_batches in access exclusive mode nowait;
  -- Fails when the table exists already: a table the caller made would be trusted otherwise.
  create temporary table import_dropped_definitions (
    kind text not null check (kind in ('index', 'foreign key')),
    name text not null,
    table_name text not null,
    definition text not null,
    primary key (kind, name)
  ) on commit drop;
  create constraint trigger import_definitions_restored after insert
    on pg_temp.import_dropped_definitions deferrable initially deferred
    for each row execute function public.df_import_refuse_unrestored_v1();
  for found in
    select 'foreign key' as kind, con.conname as name, con.conrelid::regclass::text as table_name,
           pg_get_constraintdef(con.oid) as definition
    from pg_constraint con
    where con.contype = 'f'
      and con.convalidated  -- added again it is checked; a NOT VALID key stays and checks per row
      and con.conrelid in ('public.judgments'::regclass, 'public.judgment_debtors'::regclass)
      and con.confrelid in ('public.plaintiffs'::regclass, 'public.debtors'::regclass,
                            'public.import_batches'::regclass, 'public.judgments'::regclass)
    union all
    select 'index', c.relname, i.indrelid::regclass::text, pg_get_indexdef(i.indexrelid)
    from pg_index i
    join pg_class c on c.oid = i.indexrelid
    where i.indrelid in ('public.judgments'::regclass, 'public.debtors'::regclass,
                         'public.judgment_values'::regclass)
      and not i.indisunique and not i.indisprimary
      and not exists (select 1 from pg_constraint con where con.conindid = i.indexrelid)
    order by 1, 2
  loop
    insert into pg_temp.import_dropped_definitions
      values (found.kind, found.name, found.table_name, found.definition);
    if found.kind = 'foreign key' then
      execute format('alter table public.%I drop constraint %I', found.table_name, found.name);
    else
      execute format('drop index public.%I', found.name);
    end if;
    dropped := dropped + 1;
  end loop;
  return dropped;
end $$;

-- Builds every index and adds every key the drop above recorded (in the same transaction),
-- indexes first, so the keys' one check reads the rows once, then analyzes the tables; returns
-- how many indexes and keys it restored.
create function df_import_indexes_build_v2() returns integer
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  found record;
  partition_index text;
  built integer := 0;
begin
  -- Only definitions the drop above recorded: a table of that name the caller made is refused.
  if not exists (select 1 from pg_class
                 where oid = to_regclass('pg_temp.import_dropped_definitions')
                   and relowner = (select oid from pg_roles where rolname = current_user)) then
    raise exception 'nothing was dropped by df_import_indexes_drop_v2 in this transaction';
  end if;
  for found in
    select kind, name, table_name, definition from pg_temp.import_dropped_definitions
    order by kind desc, name  -- 'index' before 'foreign key'
  loop
    if found.kind = 'foreign key' then
      execute format('alter table public.%I add constraint %I %s', found.table_name, found.name,
                     found.definition);
    else
      -- A partitioned table's index is defined ON ONLY the parent; built on the whole table it
      -- builds the partition's too, which takes the name the rescore gives it (<index>_live).
      execute replace(found.definition, ' ON ONLY ', ' ON ');
      for partition_index in
        select c.relname from pg_inherits h join pg_class c on c.oid = h.inhrelid
        where h.inhparent = ('public.' || quote_ident(found.name))::regclass
      loop
        execute format('alter index public.%I rename to %I', partition_index,
                       found.name || '_live');
      end loop;
    end if;
    delete from pg_temp.import_dropped_definitions where kind = found.kind and name = found.name;
    built := built + 1;
  end loop;
  -- Fresh statistics for the rows just loaded, before anyone plans a query on them (autovacuum
  -- would take a minute or so): a sample of each table, a fraction of a second each.
  analyze public.judgments, public.debtors, public.judgment_values, public.judgment_debtors,
    public.plaintiffs;
  return built;
end $$;

revoke execute on function df_import_indexes_drop_v2(), df_import_indexes_build_v2() from public;

-- The grant function again, whole: every revoke of the migrations before (tests/data/
-- test_history_grants.py checks them), and execute on both versions of the bulk functions (v1
-- for a server still running the code before this migration while it deploys).
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
  revoke delete on digest_runs, calendar_feeds from dragonfly_app;
  grant execute on function df_import_indexes_drop_v1(), df_import_indexes_build_v1(),
    df_import_indexes_drop_v2(), df_import_indexes_build_v2() to dragonfly_app;
  return true;
end $$;
select dragonfly_grant_app_v2();
