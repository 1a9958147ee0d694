-- The scoring inputs of the judgments in scope, one row each (spliced into judgment_values.sql):
-- id, entry_date, balance, overpaid, enforceable until (and basis), satisfied_on,
-- lien_docketed_on, zeroed, the debtor's name/kind/address and asset flags. The address is
-- the debtor's own, or when it has none, the newest recorded contact address (debtor_contacts). Judgments
-- with ledger entries take their balance from pg_temp.valuation_ledger_balances (computed in
-- Python); the rest use df_plain_balance_v1.
      select j2.id, j2.entry_date,
        case when lb.id is not null then lb.balance
             else df_plain_balance_v1(j2.principal, j2.costs, j2.entry_date,
                                      j2.interest_regime,
                                      -- interest stops on the day of satisfaction or vacatur
                                      case when j2.status = any(%(interest_stops)s::judgment_status[])
                                           then least(%(as_of)s::date,
                                                      coalesce(j2.status_on, %(as_of)s::date))
                                           else %(as_of)s::date end,
                                      %(standard_rate)s,
                                      %(consumer_rate)s, %(act_date)s, %(nine_then_two)s,
                                      %(days_per_year)s)
        end as balance,
        coalesce(lb.overpaid, 0) as overpaid,
        e.enforceable_until, e.enforceable_basis, e.enforceable_basis_on,
        -- the day a satisfied judgment was satisfied: its satisfaction piece is due from it,
        -- until the piece is filed (a filing before this satisfaction meets nothing)
        case when j2.status = 'satisfied'
                  and (j2.satisfaction_filed_on is null or j2.satisfaction_filed_on < j2.status_on)
             then j2.status_on end as satisfied_on,
        lien.docketed as lien_docketed_on,
        df_score_zeroed_v2(j2.status, e.enforceable_until, %(as_of)s) as zeroed,
        d.name, d.kind, coalesce(ca.street, d.street) as street,
        coalesce(ca.city, d.city) as city, coalesce(ca.state, d.state) as state,
        coalesce(ca.zip, d.zip) as zip, coalesce(ca.value, d.raw_address) as raw_address,
        a.has_employer, a.has_bank, a.has_real_property, a.has_vehicle
      from judgments j2
      left join pg_temp.valuation_ledger_balances lb on lb.id = j2.id
      -- CPLR 211(b): twenty years from entry unless a payment or written acknowledgment
      -- (valued in Python, staged with the balance) extends it.
      cross join lateral (
        select coalesce(lb.enforceable_until,
                        (j2.entry_date + make_interval(years => %(enforceable_years)s))::date)
                 as enforceable_until,
               coalesce(lb.enforceable_basis, 'entry') as enforceable_basis,
               coalesce(lb.enforceable_basis_on, j2.entry_date) as enforceable_basis_on
      ) e
      -- CPLR 5018(a), 5203(a): the docketing the lien dates count from (domain.deadlines.
      -- lien_docketing): entry for a Supreme or County Court judgment, and each transcript
      -- docketed with a county clerk; the one whose lien lapses next, else the latest. None for
      -- a lower court's judgment with no transcript docketed: no lien on real property yet.
      left join lateral (
        select k.docketed from (
          select t.docketed_on as docketed from judgment_transcripts t where t.judgment_id = j2.id
          union all
          select j2.entry_date
          where not (split_part(upper(btrim(j2.court_code)), '-', 1)
                     = any(%(lower_court_kinds)s::text[]))
        ) k
        order by (k.docketed + make_interval(years => %(lien_years)s))::date <= %(as_of)s,
                 case when (k.docketed + make_interval(years => %(lien_years)s))::date
                           > %(as_of)s then k.docketed end,
                 k.docketed desc
        limit 1
      ) lien on true
      left join debtors d on d.id = j2.debtor_id
      -- A debtor with no address of its own is located by its newest live recorded address.
      -- Aggregated once (recorded contacts are few) and hash-joined, like the assets below.
      left join (
        select distinct on (dc.debtor_id) dc.debtor_id, dc.street, dc.city, dc.state, dc.zip,
               dc.value
        from debtor_contacts dc
        where dc.kind = 'address' and dc.retired_on is null and (not %(scoped)s or dc.debtor_id in (
          select s.debtor_id from judgments s
          where (%(ids)s::bigint[] is null or s.id = any(%(ids)s::bigint[]))
            and (%(batch_id)s::bigint is null or s.import_batch_id = %(batch_id)s::bigint)
            and s.id between %(id_from)s::bigint and %(id_to)s::bigint))
        order by dc.debtor_id, dc.learned_on desc, dc.id desc
      ) ca on ca.debtor_id = j2.debtor_id
          and coalesce(btrim(d.street), '') = '' and coalesce(btrim(d.city), '') = ''
          and coalesce(btrim(d.state), '') = '' and coalesce(btrim(d.zip), '') = ''
          and coalesce(btrim(d.raw_address), '') = ''
      left join (
        select da.debtor_id,
               bool_or(da.kind = 'employer') as has_employer,
               bool_or(da.kind = 'bank' and not da.benefits_only) as has_bank,
               bool_or(da.kind = 'real_property') as has_real_property,
               bool_or(da.kind = 'vehicle') as has_vehicle
        from debtor_assets da
        -- Retired facts no longer count. For a full refresh the second test folds to true and
        -- the assets are aggregated once.
        where da.retired_on is null and (not %(scoped)s or da.debtor_id in (
          select s.debtor_id from judgments s
          where (%(ids)s::bigint[] is null or s.id = any(%(ids)s::bigint[]))
            and (%(batch_id)s::bigint is null or s.import_batch_id = %(batch_id)s::bigint)
            and s.id between %(id_from)s::bigint and %(id_to)s::bigint))
        group by da.debtor_id
      ) a on a.debtor_id = j2.debtor_id
      where (%(ids)s::bigint[] is null or j2.id = any(%(ids)s::bigint[]))
        and (%(batch_id)s::bigint is null or j2.import_batch_id = %(batch_id)s::bigint)
        and j2.id between %(id_from)s::bigint and %(id_to)s::bigint
