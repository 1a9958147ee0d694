-- Owners: a judgment or an enforcement action can be assigned to a user (ops or admin), whose
-- "my desk" then shows its deadlines. An action without an owner of its own is its judgment
-- owner's. Assignments are audited (judgment.owner).

alter table judgments add column owner_id bigint references users (id);
alter table enforcement_actions add column owner_id bigint references users (id);
create index judgments_owner on judgments (owner_id) where owner_id is not null;
create index enforcement_actions_owner on enforcement_actions (owner_id)
  where owner_id is not null;
