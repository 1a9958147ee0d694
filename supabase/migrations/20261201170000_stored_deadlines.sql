-- One deadline model, stored with the values so a desk query over a million judgments reads
-- indexes rather than computing dates: beside enforceable_until (CPLR 211(b)), each judgment's
-- values row now holds
-- - lien_renewal_opens_on / lien_lapses_on: the real-property lien's renewal window (ninth year)
--   and lapse (tenth anniversary), CPLR 5203(a), 5014, counted from docketing (= entry);
-- - satisfaction_due_on: for a satisfied judgment, the last day to file the satisfaction piece
--   (CPLR 5020(c), twenty days, moved off weekends and New York public holidays).
-- refresh_judgments and the full rebuild compute them with the rest of the values, from the
-- rules table; the lien dates are filled here, the satisfaction dates by the rescore after
-- deploying (they need the holiday calendar).

alter table judgment_values
  add column lien_renewal_opens_on date,
  add column lien_lapses_on date,
  add column satisfaction_due_on date;

update judgment_values v
set lien_renewal_opens_on = (j.entry_date + interval '9 years')::date,
    lien_lapses_on = (j.entry_date + interval '10 years')::date
from judgments j
where j.id = v.judgment_id and v.balance_as_of is not null;

-- The first business day on or after `day` (General Construction Law 25-a): not a Saturday or
-- Sunday, nor one of `holidays` (the GCL 24 list the application passes from its calendar).
-- `roll` false (the rules table's policy) returns the day itself.
create function df_next_business_day_v1(day date, roll boolean, holidays date[])
returns date
language sql immutable parallel safe
as $$
  select case
    when day is null then null
    when not roll then day
    else (select min(d)::date
          from generate_series(day, day + 14, interval '1 day') d
          where extract(isodow from d) < 6 and not (d::date = any(holidays)))
  end
$$;

-- Desk queries read a date range: one index per kind of stored deadline. As for the other
-- indexes, the partition's is named <parent index>_live (the rebuild names them so).
create index judgment_values_enforceable_until_live
  on judgment_values_live (enforceable_until, judgment_id);
create index judgment_values_enforceable_until
  on judgment_values (enforceable_until, judgment_id);
create index judgment_values_lien_lapses_live
  on judgment_values_live (lien_lapses_on, judgment_id);
create index judgment_values_lien_lapses
  on judgment_values (lien_lapses_on, judgment_id);
create index judgment_values_satisfaction_due_live
  on judgment_values_live (satisfaction_due_on, judgment_id) where satisfaction_due_on is not null;
create index judgment_values_satisfaction_due
  on judgment_values (satisfaction_due_on, judgment_id) where satisfaction_due_on is not null;
