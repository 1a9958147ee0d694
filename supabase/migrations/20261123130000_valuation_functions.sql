-- Valuation functions used by dragonfly.valuation to store balance and score for every judgment
-- in one UPDATE. Each number (rates, bands, points, patterns) is an argument read from the rules
-- table and score_v1.toml, so SQL holds no second copy of a rule. Plain SQL functions so the
-- planner inlines them; versioned names (_v1) so a changed formula can run beside the old one.

-- base x rate% x days / days-per-year, rounded half-up (round() on numeric rounds half away from
-- zero, the same thing for amounts >= 0).
create function df_simple_interest_v1(
  base numeric, rate_percent numeric, days integer, days_per_year integer
) returns numeric
language sql immutable parallel safe
as $$
  select round(base * rate_percent * greatest(days, 0) / (100 * days_per_year), 2)
$$;

-- The balance of a judgment with no ledger entries: principal + costs + interest on principal.
-- A consumer judgment entered before the consumer rate took effect posts interest twice: up to
-- the act date (at 2%, or 9% when the firm chose "nine_then_two") and from it at 2%.
create function df_plain_balance_v1(
  principal numeric, costs numeric, entry_date date, regime interest_regime, as_of date,
  standard_rate numeric, consumer_rate numeric, act_date date, nine_then_two boolean,
  days_per_year integer
) returns numeric
language sql immutable parallel safe
as $$
  select principal + costs + case
    when regime = 'standard' then
      df_simple_interest_v1(principal, standard_rate, as_of - entry_date, days_per_year)
    when entry_date >= act_date then
      df_simple_interest_v1(principal, consumer_rate, as_of - entry_date, days_per_year)
    else
      df_simple_interest_v1(
        principal, case when nine_then_two then standard_rate else consumer_rate end,
        least(as_of, act_date) - entry_date, days_per_year)
      + df_simple_interest_v1(principal, consumer_rate, as_of - act_date, days_per_year)
  end
$$;

-- Points for a value in bands given by their lower bounds (width_bucket: bucket 0 below the
-- first bound). No value, no points.
create function df_band_points_v1(value numeric, lower_bounds numeric[], points integer[])
returns integer
language sql immutable parallel safe
as $$
  select coalesce(points[width_bucket(value, lower_bounds) + 1], 0)
$$;

-- Business when the stored kind says so or the name holds a business word; a blank name earns
-- the "unnamed" points.
create function df_debtor_kind_points_v1(
  name text, kind party_kind, business_pattern text,
  business integer, individual integer, unnamed integer
) returns integer
language sql immutable parallel safe
as $$
  select case
    when name is null or btrim(name) = '' then unnamed
    when kind = 'business' or name ~* business_pattern then business
    else individual
  end
$$;

create function df_locatability_points_v1(
  street text, city text, state text, zip text, raw_address text,
  street_pattern text, zip_pattern text, full_points integer, partial_points integer,
  none_points integer
) returns integer
language sql immutable parallel safe
as $$
  select case
    when coalesce(street ~ street_pattern and zip ~ zip_pattern, false)
      or coalesce(raw_address ~ street_pattern and raw_address ~ zip_pattern, false)
      then full_points
    when coalesce(btrim(street), '') <> '' or coalesce(btrim(city), '') <> ''
      or coalesce(btrim(state), '') <> '' or coalesce(btrim(zip), '') <> ''
      or coalesce(btrim(raw_address), '') <> ''
      then partial_points
    else none_points
  end
$$;

create function df_asset_points_v1(
  has_employer boolean, has_usable_bank boolean, has_real_property boolean, has_vehicle boolean,
  employer integer, bank integer, real_property integer, vehicle integer, cap integer
) returns integer
language sql immutable parallel safe
as $$
  select least(cap,
    case when coalesce(has_employer, false) then employer else 0 end
    + case when coalesce(has_usable_bank, false) then bank else 0 end
    + case when coalesce(has_real_property, false) then real_property else 0 end
    + case when coalesce(has_vehicle, false) then vehicle else 0 end)
$$;

-- Why a judgment scores 0 regardless of its components, or null when it is scored normally.
-- `expired_through` is the last entry date already past its 20th anniversary on the as-of date;
-- the caller derives it with the same anniversary rule as Python (29 February -> 28 February).
create function df_score_zeroed_v1(status judgment_status, entry_date date, expired_through date)
returns text
language sql immutable parallel safe
as $$
  select case
    when status = 'satisfied' then 'satisfied'
    when status = 'expired' then 'expired'
    when status = 'vacated' then 'vacated'
    when entry_date <= expired_through then 'expired'
  end
$$;

-- The tier whose floor the total reaches: floors ascending (0, 20, ...) with their letters.
create function df_tier_v1(total integer, floors integer[], letters text[]) returns text
language sql immutable parallel safe
as $$
  select letters[width_bucket(total, floors)]
$$;
