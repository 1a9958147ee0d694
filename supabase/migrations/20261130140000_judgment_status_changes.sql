-- dragonfly:allow-destructive valued_judgments is recreated (not altered) so it shows the new judgment columns; it holds no data
-- A judgment's status is changed by a person (satisfied, vacated, on hold, active again) with a
-- reason; satisfied and vacated record the day it happened, on which interest stops accruing.
alter table judgments
  add column status_on date,
  add column status_reason text,
  add column hold_until date;

-- `select j.*` fixed the view's columns when it was made: make it again to show the new ones.
drop view valued_judgments;
create view valued_judgments as
select j.*, v.balance, v.balance_as_of, v.score, v.tier, v.score_version, v.score_as_of,
       v.score_components
from judgments j
join judgment_values v on v.judgment_id = j.id;
