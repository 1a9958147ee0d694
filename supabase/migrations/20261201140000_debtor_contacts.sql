-- What the firm learns about where to reach a debtor: addresses and phone numbers, each with
-- where it was learned (the same sources as asset facts), when, and who recorded it. A contact
-- found wrong is retired with a reason, never deleted; a correction retires the old fact and
-- records the new one, which names the fact it replaces.
create type contact_kind as enum ('address', 'phone');

create table debtor_contacts (
  id bigint generated always as identity primary key,
  debtor_id bigint not null references debtors (id),
  kind contact_kind not null,
  -- The address as typed (spaces tidied), or the phone written one way: (212) 555-0100.
  value text not null check (btrim(value) <> ''),
  -- An address's parts, as the importer splits them; null for a phone.
  street text,
  city text,
  state text,
  zip text,
  source text not null,
  learned_on date not null,
  recorded_by text,
  created_at timestamptz not null default now(),
  replaces_id bigint references debtor_contacts (id),
  retired_on date,
  retired_by text,
  retired_reason text
);
create index debtor_contacts_debtor on debtor_contacts (debtor_id);

-- Contact facts are retired, never deleted (the app's other grants come from the default
-- privileges of 20261130181500_app_role.sql).
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'dragonfly_app') then
    revoke delete on debtor_contacts from dragonfly_app;
  end if;
end $$;
