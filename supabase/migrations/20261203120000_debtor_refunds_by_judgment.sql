-- A refund paid to a debtor out of escrow names the judgment the debtor overpaid. Until now it
-- named only the client, so the money held for one debtor could be paid to another, and neither
-- the Overview's refunds-owed card nor the judgment page could tell that a refund had been paid.
-- A reversal copies the judgment of what it reverses. Refunds paid before this migration name
-- none; the check is NOT VALID so those rows stay as they were (the journal is append-only).
alter table trust_entries add column judgment_id bigint references judgments (id);

alter table trust_entries add constraint trust_entries_refund_names_judgment
  check (party <> 'debtor' or kind <> 'disbursement' or reverses_id is not null
         or judgment_id is not null) not valid;

alter table trust_entries add constraint trust_entries_judgment_only_on_refunds
  check (judgment_id is null or (party = 'debtor' and kind = 'disbursement'));

create index trust_entries_refunds on trust_entries (judgment_id) where judgment_id is not null;
