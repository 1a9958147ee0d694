-- CPLR 5222(c): a second restraining notice to the same person on the same judgment needs leave
-- of court. The order that grants it is recorded on the action.
alter table enforcement_actions add column leave_of_court text;
