-- dragonfly:allow-destructive the stored balance and score move, with their data, from judgments to judgment_values
--
-- Why: a daily rescore changes every judgment's balance (interest accrues), and each changed row
-- was a new row version in every one of the ~10 indexes on judgments: 46 s for 1M rows before any
-- scoring. The derived values now live in their own narrow table, which a full rescore rebuilds
-- beside the live one and swaps in (see dragonfly.valuation.rebuild); judgments is written only
-- when its facts change.
--
-- judgment_values is partitioned with a single partition covering every id, so the swap is a
-- DETACH/ATTACH of that partition: the table readers name (and the view below) keeps its identity.
-- There is no foreign key to judgments: judgments are never deleted (see schema v1), and an
-- attached partition would have to re-check 1M keys on every swap.

-- No judgment may be added between the copy below and the trigger that covers later ones.
lock table judgments in share row exclusive mode;

create table judgment_values (
  judgment_id bigint not null,
  balance numeric(14,2),
  balance_as_of date,
  score smallint check (score between 0 and 100),
  tier char(1) check (tier in ('A', 'B', 'C', 'D', 'F')),
  score_version text,
  score_as_of date,
  score_components jsonb,
  constraint judgment_values_pkey primary key (judgment_id)
) partition by range (judgment_id);

create table judgment_values_live partition of judgment_values
  for values from (minvalue) to (maxvalue);

insert into judgment_values (judgment_id, balance, balance_as_of, score, tier, score_version,
                             score_as_of, score_components)
select id, balance, balance_as_of, score, tier, score_version, score_as_of, score_components
from judgments;

-- The portfolio's sorts (`... desc nulls last, id`) and its tier pages, read straight off an index.
-- The partition's indexes are named <parent index>_live, as every rebuild names them.
alter index judgment_values_live_pkey rename to judgment_values_pkey_live;
create index judgment_values_balance_live on judgment_values_live (balance desc nulls last, judgment_id);
create index judgment_values_score_live on judgment_values_live (score desc nulls last, judgment_id);
create index judgment_values_tier_score_live on judgment_values_live (tier, score desc nulls last, judgment_id);
create index judgment_values_tier_balance_live on judgment_values_live (tier, balance desc nulls last, judgment_id);
create index judgment_values_balance on judgment_values (balance desc nulls last, judgment_id);
create index judgment_values_score on judgment_values (score desc nulls last, judgment_id);
create index judgment_values_tier_score on judgment_values (tier, score desc nulls last, judgment_id);
create index judgment_values_tier_balance on judgment_values (tier, balance desc nulls last, judgment_id);

-- Every judgment has a values row (all nulls until it is valued), so readers can inner-join and
-- a judgment inserted by any path shows in the portfolio. Writers of values hold the shared side
-- of the rebuild's advisory lock, so a rescore being swapped in cannot drop these rows.
create function add_judgment_values_rows() returns trigger language plpgsql as $$
begin
  perform pg_advisory_xact_lock_shared(hashtext('dragonfly.judgment_values'));
  insert into judgment_values (judgment_id) select id from inserted
  on conflict (judgment_id) do nothing;
  return null;
end $$;

create trigger judgments_have_values after insert on judgments
  referencing new table as inserted
  for each statement execute function add_judgment_values_rows();

-- The stored values and their indexes leave judgments.
drop index judgments_balance;
drop index judgments_score;
drop index judgments_tier_score_page;
drop index judgments_tier_balance_page;
drop index judgments_county_balance_page;
drop index judgments_status_score_page;
alter table judgments
  drop column balance,
  drop column balance_as_of,
  drop column score,
  drop column tier,
  drop column score_version,
  drop column score_as_of,
  drop column score_components;

-- The county and status filters, now that their page indexes (which held balance and score) are gone.
create index judgments_county on judgments (county_code);
create index judgments_status on judgments (status);

-- Readers see a judgment with its values as one row (an inner join: every judgment has a row).
create view valued_judgments as
select j.*, v.balance, v.balance_as_of, v.score, v.tier, v.score_version, v.score_as_of,
       v.score_components
from judgments j
join judgment_values v on v.judgment_id = j.id;
