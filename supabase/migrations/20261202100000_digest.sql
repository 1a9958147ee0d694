-- The daily digest of what is due (issue 16, item 5).
-- - alert_subscriptions: who receives the digest by email, a user named on their own or every
--   user of a role (ops, admin, viewer). Discord and the JSON webhook are firm-wide channels set
--   in the settings, not subscriptions.
-- - digest_runs: one row per New York day, claimed in a transaction by whichever worker (or the
--   CLI) sends that day's digest first, so several workers still send one digest a day. It keeps
--   the channels already delivered, so a retry after a failed send resends only what failed.
--   It never holds an address, a URL or a secret: counts and channel names only.

create table alert_subscriptions (
  id bigint generated always as identity primary key,
  user_id bigint references users (id),
  role user_role,
  created_by text not null,
  created_at timestamptz not null default now(),
  check ((user_id is null) <> (role is null))
);
create unique index alert_subscriptions_user on alert_subscriptions (user_id)
  where user_id is not null;
create unique index alert_subscriptions_role on alert_subscriptions (role) where role is not null;

create table digest_runs (
  day date primary key,
  status text not null check (status in ('sending', 'sent', 'failed')),
  attempts integer not null default 1,
  claimed_by text not null,
  claimed_at timestamptz not null default now(),
  finished_at timestamptz,
  delivered text[] not null default '{}',
  summary jsonb,
  problem text
);

-- The desk and the digest read the lien renewal window by date like the other stored deadlines;
-- it lacked its index (a sequential scan of every values row). Named as the rebuild names the
-- partition's indexes (<parent index>_live).
create index judgment_values_lien_renewal_opens_live
  on judgment_values_live (lien_renewal_opens_on, judgment_id);
create index judgment_values_lien_renewal_opens
  on judgment_values (lien_renewal_opens_on, judgment_id);
