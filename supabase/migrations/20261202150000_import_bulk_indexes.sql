-- The bulk import path: an import that adds many judgments relative to those stored loads them
-- with the secondary indexes of judgments, debtors and judgment_values dropped, and builds those
-- indexes again before it commits, all in the import's own transaction. Primary keys, unique
-- indexes (judgment identity) and constraints are never dropped, so identity stays unique and
-- a failure or a kill rolls the drop back with everything else.
--
-- Dropping an index needs ownership of its table, which the app role lacks: these functions run
-- as the owner. The definitions wait in a temporary table owned by the owner (the app role can
-- neither read nor write it), so the app role cannot have the owner run SQL of its choosing.

create function df_import_indexes_drop_v1() returns integer
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  index_row record;
  dropped integer := 0;
begin
  -- Writers of judgments come first, as everywhere else, so two writers never deadlock here.
  lock table public.judgments, public.debtors, public.judgment_values in access exclusive mode;
  -- Fails when the table exists already: a table the caller made would be trusted otherwise.
  create temporary table import_dropped_indexes (
    index_name text primary key, definition text not null
  ) on commit drop;
  for index_row in
    select c.relname, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i
    join pg_class c on c.oid = i.indexrelid
    where i.indrelid in ('public.judgments'::regclass, 'public.debtors'::regclass,
                         'public.judgment_values'::regclass)
      and not i.indisunique and not i.indisprimary
      and not exists (select 1 from pg_constraint con where con.conindid = i.indexrelid)
    order by c.relname
  loop
    insert into pg_temp.import_dropped_indexes values (index_row.relname, index_row.definition);
    execute format('drop index public.%I', index_row.relname);
    dropped := dropped + 1;
  end loop;
  return dropped;
end $$;

-- Builds every index the drop above recorded (in the same transaction); returns how many.
create function df_import_indexes_build_v1() returns integer
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
  index_row record;
  partition_index text;
  built integer := 0;
begin
  -- Only definitions the drop above recorded: a table of that name the caller made is refused.
  if not exists (select 1 from pg_class
                 where oid = to_regclass('pg_temp.import_dropped_indexes')
                   and relowner = (select oid from pg_roles where rolname = current_user)) then
    raise exception 'no indexes were dropped by df_import_indexes_drop_v1 in this transaction';
  end if;
  for index_row in
    select index_name, definition from pg_temp.import_dropped_indexes order by index_name
  loop
    -- A partitioned table's index is defined ON ONLY the parent; built on the whole table it
    -- builds the partition's too, which takes the name the rescore gives it (<index>_live).
    execute replace(index_row.definition, ' ON ONLY ', ' ON ');
    for partition_index in
      select c.relname from pg_inherits h join pg_class c on c.oid = h.inhrelid
      where h.inhparent = ('public.' || quote_ident(index_row.index_name))::regclass
    loop
      execute format('alter index public.%I rename to %I', partition_index,
                     index_row.index_name || '_live');
    end loop;
    delete from pg_temp.import_dropped_indexes where index_name = index_row.index_name;
    built := built + 1;
  end loop;
  return built;
end $$;

revoke execute on function df_import_indexes_drop_v1(), df_import_indexes_build_v1() from public;

-- v2 of the grant function grants them too (and keeps every revoke of the migrations before).
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
  grant execute on function df_import_indexes_drop_v1(), df_import_indexes_build_v1()
    to dragonfly_app;
  return true;
end $$;
select dragonfly_grant_app_v2();
