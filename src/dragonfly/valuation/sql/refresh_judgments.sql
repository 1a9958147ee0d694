-- Store the rows of judgment_values.sql (spliced in where the marker is). Rows whose stored
-- values are already these are left alone: no write, no index churn.
update judgments j
set balance = v.balance,
    balance_as_of = %(as_of)s,
    score = v.total,
    tier = v.tier,
    score_version = %(version)s,
    score_as_of = %(as_of)s,
    score_components = v.components
from (
-- judgment_values --
) v
where v.id = j.id
  and (j.balance, j.balance_as_of, j.score, j.tier, j.score_version, j.score_as_of,
       j.score_components)
      is distinct from
      (v.balance, %(as_of)s::date, v.total::smallint, v.tier::char(1), %(version)s::text,
       %(as_of)s::date, v.components)
