-- Every running deadline of an open enforcement action, one row each (domain.deadlines
-- .open_action_deadlines), written by the enforcement service at each step so the desk reads a
-- date range through one index: a restraining notice served on a bank carries both the four
-- days to notify the debtor (CPLR 5222(d)) and its year (5222(b)); an execution both its return
-- (5230(c)) and the levy's ninety days (5232(a)). enforcement_actions.due_on stays the earliest.

create table action_deadlines (
  action_id bigint not null references enforcement_actions (id),
  name text not null,
  due_on date not null,
  primary key (action_id, name)
);
create index action_deadlines_due on action_deadlines (due_on, action_id);

-- The open actions' stored next due day, under the name their kind gave it until now. Deadlines
-- this table adds (notice to the debtor, the levy's ninety days) appear from an action's next
-- step on, or at once with `dragonfly rescore`.
insert into action_deadlines (action_id, name, due_on)
select id,
       case kind::text when 'information_subpoena' then 'answer_due'
                       when 'restraining_notice' then 'restraint_lapses'
                       when 'property_execution' then 'return_due'
                       when 'income_execution' then 'serve_employer_from' end,
       due_on
from enforcement_actions
where due_on is not null
  and state not in ('completed', 'failed', 'expired', 'cancelled')
  and kind in ('information_subpoena', 'restraining_notice', 'property_execution',
               'income_execution');
