-- The court registry (dragonfly.domain.courts) replaces the importer's one-code-per-county courts.
-- Real courts keep their codes (SUP-KINGS, CTY-ALBANY, CIV-QUEENS, CITY-YONKERS, UNK-KINGS), so
-- most judgments keep their identity unchanged. Two kinds of stored code change meaning:
--
-- 1. "Civil Court" outside New York City is no court: the registry reads it as a civil case in a
--    court the file did not name, UNK-<COUNTY>, and imports such rows there from now on. Stored
--    CIV-<COUNTY> judgments outside the city move to UNK-<COUNTY>, so re-importing the same row
--    updates them instead of creating a second judgment. Where UNK-<COUNTY> already holds the same
--    index number, the judgment keeps its old code (nothing is merged or guessed).
-- 2. DIST-NASSAU and DIST-SUFFOLK lumped every district together. Each district keeps its own
--    index numbers, and which district a stored judgment came from is not recorded, so the code is
--    kept as the registry's legacy "district not stated" court and only its name says so. New
--    imports must name the district (DIST-NASSAU-1 .. DIST-SUFFOLK-6).
-- Codes for courts that never existed (County Court in the city, District Court elsewhere) are
-- kept as they are: the registry describes them as legacy, and new imports refuse such courts.
-- Every judgment changed here gets an audit event (judgment.court) with its before and after.

with moves as (
  select j.id, j.court_code as old_code, j.court_name as old_name,
         'UNK-' || c.code as new_code, 'Court not stated, ' || c.name || ' County' as new_name,
         'no Civil Court outside New York City; the court was not stated' as reason
    from judgments j
    join ny_counties c on j.court_code = 'CIV-' || c.code
   where not c.nyc_borough
     and not exists (
       select 1 from judgments o
        where o.state = j.state and o.court_code = 'UNK-' || c.code
          and o.index_number_norm = j.index_number_norm)
  union all
  select j.id, j.court_code, j.court_name, j.court_code,
         'District Court, ' || c.name || ' County (district not stated)',
         'the file did not say which district'
    from judgments j
    join ny_counties c on j.court_code = 'DIST-' || c.code
   where c.code in ('NASSAU', 'SUFFOLK')
), moved as (
  update judgments j
     set court_code = m.new_code, court_name = m.new_name, updated_at = now()
    from moves m
   where j.id = m.id and (j.court_code, j.court_name) is distinct from (m.new_code, m.new_name)
  returning m.*
)
insert into audit_events (actor, action, entity, entity_id, before, after)
select 'migration 20261201100000', 'judgment.court', 'judgment', id::text,
       jsonb_build_object('court_code', old_code, 'court_name', old_name),
       jsonb_build_object('court_code', new_code, 'court_name', new_name,
                          'reason', 'court registry: ' || reason)
  from moved;
