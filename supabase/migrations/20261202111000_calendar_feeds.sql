-- Calendar feeds: an iCalendar (.ics) feed of a user's deadlines at a URL holding a secret token,
-- for Outlook or Google to subscribe to. Only the token's SHA-256 is stored (the URL is shown
-- once); a user has at most one live feed, and revoking it (revoked_at) makes its URL answer 404.
-- scope: 'mine' (what the user owns) or 'all' (every deadline; admins only).

create table calendar_feeds (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id),
  token_hash text not null unique,
  scope text not null default 'mine' check (scope in ('mine', 'all')),
  created_by text not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create unique index calendar_feeds_one_live on calendar_feeds (user_id) where revoked_at is null;
