-- Balance and score v1 for the judgments in scope, one row each: id, balance, total, tier,
-- components. Judgments with ledger entries take their balance from
-- pg_temp.valuation_ledger_balances (computed in Python); the rest use df_plain_balance_v1.
-- Every rate, band and pattern is a parameter from the rules table and the score spec.
select t.id, t.balance, t.total,
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
    select b.id, b.balance, b.zeroed,
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
      select j2.id, j2.entry_date,
        case when lb.id is not null then lb.balance
             else df_plain_balance_v1(j2.principal, j2.costs, j2.entry_date,
                                      j2.interest_regime, %(as_of)s, %(standard_rate)s,
                                      %(consumer_rate)s, %(act_date)s, %(nine_then_two)s,
                                      %(days_per_year)s)
        end as balance,
        df_score_zeroed_v1(j2.status, j2.entry_date, %(expired_through)s) as zeroed,
        d.name, d.kind, d.street, d.city, d.state, d.zip, d.raw_address,
        a.has_employer, a.has_bank, a.has_real_property, a.has_vehicle
      from judgments j2
      left join pg_temp.valuation_ledger_balances lb on lb.id = j2.id
      left join debtors d on d.id = j2.debtor_id
      left join (
        select da.debtor_id,
               bool_or(da.kind = 'employer') as has_employer,
               bool_or(da.kind = 'bank' and not da.benefits_only) as has_bank,
               bool_or(da.kind = 'real_property') as has_real_property,
               bool_or(da.kind = 'vehicle') as has_vehicle
        from debtor_assets da
        -- For a full refresh this folds to true and the assets are aggregated once.
        where not %(scoped)s or da.debtor_id in (
          select s.debtor_id from judgments s
          where (%(ids)s::bigint[] is null or s.id = any(%(ids)s::bigint[]))
            and (%(batch_id)s::bigint is null or s.import_batch_id = %(batch_id)s::bigint))
        group by da.debtor_id
      ) a on a.debtor_id = j2.debtor_id
      where (%(ids)s::bigint[] is null or j2.id = any(%(ids)s::bigint[]))
        and (%(batch_id)s::bigint is null or j2.import_batch_id = %(batch_id)s::bigint)
      offset 0
    ) b
    offset 0
  ) c
) t
