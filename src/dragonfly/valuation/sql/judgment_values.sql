-- Score v1 over scoring inputs, one row each: id, balance, total, tier, components, and the
-- stored values passed through (overpaid, enforceable until and its basis, entry date, satisfied
-- on). The inputs (id, entry_date, balance, overpaid, enforceable_until/basis/basis_on,
-- satisfied_on, lien_docketed_on, zeroed, debtor name/kind/address, asset flags) are spliced in at the
-- marker: judgment_inputs.sql for stored judgments, or an import's staged rows, so both paths
-- score with this one query. Every rate, band and pattern is a parameter from the rules table
-- and the score spec.
select t.id, t.balance, t.total, t.overpaid, t.enforceable_until, t.enforceable_basis,
  t.enforceable_basis_on, t.entry_date, t.satisfied_on, t.lien_docketed_on,
  df_tier_v1(t.total, %(tier_floors)s, %(tier_letters)s) as tier,
  case
    when t.zeroed is null then jsonb_build_object(
      'amount', t.amount, 'age', t.age, 'debtor_kind', t.debtor_kind,
      'locatability', t.locatability, 'assets', t.assets)
    else jsonb_build_object(
      'amount', 0, 'age', 0, 'debtor_kind', 0, 'locatability', 0, 'assets', 0,
      'zeroed', t.zeroed)
  end as components
from (
  select c.*,
    case when c.zeroed is null
         then c.amount + c.age + c.debtor_kind + c.locatability + c.assets
         else 0 end as total
  from (
    -- A balance paid down to zero scores 0 too (domain/scoring.py zero_reason).
    select b.id, b.balance,
      coalesce(b.zeroed, case when b.balance <= 0 then 'paid in full' end) as zeroed, b.overpaid,
      b.enforceable_until, b.enforceable_basis, b.enforceable_basis_on, b.entry_date,
      b.satisfied_on, b.lien_docketed_on,
      df_band_points_v1(b.balance, %(amount_from)s, %(amount_points)s) as amount,
      df_band_points_v1((%(as_of)s::date - b.entry_date)::numeric, %(age_from)s,
                        %(age_points)s) as age,
      df_debtor_kind_points_v1(b.name, b.kind, %(business_pattern)s, %(kind_business)s,
                               %(kind_individual)s, %(kind_unnamed)s) as debtor_kind,
      df_locatability_points_v1(b.street, b.city, b.state, b.zip, b.raw_address,
                                %(street_pattern)s, %(zip_pattern)s, %(loc_full)s,
                                %(loc_partial)s, %(loc_none)s) as locatability,
      df_asset_points_v1(b.has_employer, b.has_bank, b.has_real_property, b.has_vehicle,
                         %(asset_employer)s, %(asset_bank)s, %(asset_real_property)s,
                         %(asset_vehicle)s, %(asset_max)s) as assets
    from (
-- valued_inputs --
      offset 0
    ) b
    offset 0
  ) c
) t
