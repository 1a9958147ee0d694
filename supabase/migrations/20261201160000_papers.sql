-- Enforcement papers (issue 15). The firm's profile, one row, edited by admins; every paper made
-- is a document row with its PDF, never changed or deleted: a new version is a new row.

create type paper_kind as enum ('satisfaction_piece', 'income_execution', 'information_subpoena_debtor');

create table firm_profile (
  id boolean primary key default true check (id),
  firm_name text not null default '',
  attorney_name text not null default '',
  street text not null default '',
  city text not null default '',
  state text not null default '',
  zip text not null default '',
  phone text not null default '',
  email text not null default '',
  signature_block text not null default '',
  updated_by text not null,
  updated_at timestamptz not null default now()
);

-- The PDF is kept in the row (bytea): every API replica and worker sees it without a shared
-- disk, backups carry it, and the SHA-256 beside it proves it unchanged. A paper is 20-200 KB.
create table paper_documents (
  id bigint generated always as identity primary key,
  judgment_id bigint not null references judgments (id),
  action_id bigint references enforcement_actions (id),
  kind paper_kind not null,
  version integer not null check (version >= 1),
  template_version text not null check (template_version <> ''),
  as_of date not null,
  facts jsonb not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  pages integer not null check (pages >= 1),
  pdf bytea not null check (octet_length(pdf) > 0),
  constraint paper_documents_version unique (judgment_id, kind, version)
);
create index paper_documents_action on paper_documents (action_id) where action_id is not null;

-- The app may add papers but never change or remove one. v2 of the grant function is v1 plus
-- that refusal (and debtor contacts, retired but never deleted: 20261201140000), so running the
-- grants again by hand keeps them so.
create function dragonfly_grant_app_v2() returns boolean language plpgsql as $$
begin
  if not dragonfly_grant_app_v1() then
    return false;
  end if;
  revoke update, delete on paper_documents from dragonfly_app;
  revoke delete on firm_profile, debtor_contacts from dragonfly_app;
  return true;
end $$;
revoke execute on function dragonfly_grant_app_v2() from public;

select dragonfly_grant_app_v2();
