-- What the firm learns about a debtor's assets is recorded by people: what it is (a bank and its
-- branch, an employer, a property, a vehicle, other income), where it was learned and when, and who
-- recorded it. A fact found wrong is retired with a reason, never deleted, and then no longer
-- counts towards the score.
alter type asset_kind add value if not exists 'other_income';

alter table debtor_assets
  add column name text,
  add column address text,
  add column recorded_by text,
  add column retired_on date,
  add column retired_by text,
  add column retired_reason text;
