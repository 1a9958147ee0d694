-- The deadlines desk: a deadline acknowledged (seen and handled) or snoozed until a day, with a
-- reason, by whom and when. History, append-only: the latest word on a deadline (its judgment,
-- action, name and due day) decides whether the desk shows it; a deadline whose day moves (a
-- payment extends enforceability, a transcript moves a lien) is a new deadline and shows again.

create table desk_dismissals (
  id bigint generated always as identity primary key,
  judgment_id bigint not null references judgments (id),
  action_id bigint references enforcement_actions (id),
  name text not null,
  due_on date not null,
  snoozed_until date,  -- null: acknowledged for good
  reason text not null check (length(btrim(reason)) > 0),
  created_by text not null,
  created_at timestamptz not null default now()
);
create index desk_dismissals_deadline on desk_dismissals (judgment_id, name, due_on);

-- Acknowledging or snoozing a deadline is history: v2 of the grant function revokes their
-- UPDATE and DELETE too.
create or replace function dragonfly_grant_app_v2() returns boolean language plpgsql as $$
begin
  if not dragonfly_grant_app_v1() then
    return false;
  end if;
  revoke update, delete on paper_documents, judgment_transcripts, desk_dismissals from dragonfly_app;
  revoke delete on firm_profile, debtor_contacts from dragonfly_app;
  return true;
end $$;
select dragonfly_grant_app_v2();
