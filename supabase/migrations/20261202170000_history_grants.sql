-- One grant function for the history of the features merged on 2026-12-02 (action deadlines
-- and calendar feeds, paper runs, client money, the daily digest, the bulk import). It repeats
-- every earlier revoke and the bulk import's grant on its index functions, and adds two:
-- - digest_runs: one row per New York day is how several workers send one digest a day; a
--   deleted row would let the day's digest go out again. Rows change status as it is sent.
-- - calendar_feeds: a feed is revoked (revoked_at), never deleted, so who had a feed stays known.
-- Left writable on purpose: action_deadlines (rewritten at each step of an action),
-- alert_subscriptions (unsubscribing deletes the row; the audit log keeps it).
create or replace function dragonfly_grant_app_v2() returns boolean language plpgsql as $$
begin
  if not dragonfly_grant_app_v1() then
    return false;
  end if;
  revoke update, delete on paper_documents, judgment_transcripts, desk_dismissals from dragonfly_app;
  revoke delete on firm_profile, debtor_contacts from dragonfly_app;
  revoke update, delete on paper_run_judgments, paper_run_parts, paper_service_confirmations
    from dragonfly_app;
  revoke delete on paper_runs from dragonfly_app;
  revoke update, delete on client_agreements, payment_splits, trust_entries, remittance_periods,
    remittance_statements, trust_reconciliations from dragonfly_app;
  revoke delete on digest_runs, calendar_feeds from dragonfly_app;
  grant execute on function df_import_indexes_drop_v1(), df_import_indexes_build_v1()
    to dragonfly_app;
  return true;
end $$;
select dragonfly_grant_app_v2();
