-- Liens of lower courts (CPLR 5018(a)): a judgment of the Civil Court of the City of New York, a
-- District, City, Town or Village Court is a lien on real property only once a transcript of it
-- is docketed with a county clerk, one per county, and that lien runs ten years from the
-- docketing (CPLR 5203(a)). A Supreme or County Court judgment is docketed in its county on
-- entry; a transcript extends it to another county.
-- Transcript docketings are judgment events (history, append-only): the stored lien dates of the
-- values (20261201170000) now run from the docketing whose lien lapses next; a lower-court
-- judgment without one has none.

create table judgment_transcripts (
  id bigint generated always as identity primary key,
  judgment_id bigint not null references judgments (id),
  county_code text not null references ny_counties (code),
  docketed_on date not null,
  note text not null default '',
  created_by text not null,
  created_at timestamptz not null default now(),
  unique (judgment_id, county_code)
);

-- Which docketing the stored lien dates count from (null: no lien on real property yet).
alter table judgment_values add column lien_docketed_on date;

-- Until the rescore after deploying, the stored lien dates of lower-court judgments (which no
-- transcript docketing is recorded for yet) are cleared rather than shown from entry.
update judgment_values v
set lien_docketed_on = case when split_part(j.court_code, '-', 1)
                                 in ('CIV', 'DIST', 'CITY', 'TOWN', 'VIL')
                            then null else j.entry_date end,
    lien_renewal_opens_on = case when split_part(j.court_code, '-', 1)
                                      in ('CIV', 'DIST', 'CITY', 'TOWN', 'VIL')
                                 then null else v.lien_renewal_opens_on end,
    lien_lapses_on = case when split_part(j.court_code, '-', 1)
                               in ('CIV', 'DIST', 'CITY', 'TOWN', 'VIL')
                          then null else v.lien_lapses_on end
from judgments j
where j.id = v.judgment_id and v.balance_as_of is not null;

-- Transcripts are history: v2 of the grant function (20261201160000_papers), which may be run
-- again by hand, now revokes their UPDATE and DELETE too.
create or replace function dragonfly_grant_app_v2() returns boolean language plpgsql as $$
begin
  if not dragonfly_grant_app_v1() then
    return false;
  end if;
  revoke update, delete on paper_documents, judgment_transcripts from dragonfly_app;
  revoke delete on firm_profile, debtor_contacts from dragonfly_app;
  return true;
end $$;
select dragonfly_grant_app_v2();
