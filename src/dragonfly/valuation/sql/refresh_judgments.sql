
-- The tail of refresh_judgments' upsert into judgment_values (aliased s), after the INSERT of the
-- valued rows. Rows whose stored values are already these are left alone: no write, no index
-- churn.
on conflict (judgment_id) do update
set balance = excluded.balance,
    balance_as_of = excluded.balance_as_of,
    score = excluded.score,
    tier = excluded.tier,
    score_version = excluded.score_version,
    score_as_of = excluded.score_as_of,
    score_components = excluded.score_components,
    overpaid = excluded.overpaid,
    enforceable_until = excluded.enforceable_until,
    enforceable_basis = excluded.enforceable_basis,
    enforceable_basis_on = excluded.enforceable_basis_on,
    lien_renewal_opens_on = excluded.lien_renewal_opens_on,
    lien_lapses_on = excluded.lien_lapses_on,
    satisfaction_due_on = excluded.satisfaction_due_on,
    lien_docketed_on = excluded.lien_docketed_on
where (s.balance, s.balance_as_of, s.score, s.tier, s.score_version, s.score_as_of,
       s.score_components, s.overpaid, s.enforceable_until, s.enforceable_basis,
       s.enforceable_basis_on, s.lien_renewal_opens_on, s.lien_lapses_on, s.satisfaction_due_on,
       s.lien_docketed_on)
      is distinct from
      (excluded.balance, excluded.balance_as_of, excluded.score, excluded.tier,
       excluded.score_version, excluded.score_as_of, excluded.score_components,
       excluded.overpaid, excluded.enforceable_until, excluded.enforceable_basis,
       excluded.enforceable_basis_on, excluded.lien_renewal_opens_on, excluded.lien_lapses_on,
       excluded.satisfaction_due_on, excluded.lien_docketed_on)
