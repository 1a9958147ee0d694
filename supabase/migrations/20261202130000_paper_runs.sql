-- Papers in bulk (issue 15, item 6): a run makes one kind of paper for many judgments in a
-- background job. The run keeps who asked, for which judgments, and what became of each one (the
-- paper made, or the refusal in words); its merged PDF is kept in parts of a few MB so a download
-- streams it without holding it whole. The zip of single papers is built from paper_documents
-- while it is downloaded, so it is not stored twice.
--
-- A paper made changes no action. A person confirms that it was served or mailed, on a day; that
-- confirmation (one per paper, never changed) is what moves the paper's action forward.

create table paper_runs (
  id bigint generated always as identity primary key,
  kind paper_kind not null,
  judgment_ids bigint[] not null check (cardinality(judgment_ids) between 1 and 2000),
  created_by text not null,
  created_at timestamptz not null default now(),
  job_id bigint,
  status text not null default 'queued'
    check (status in ('queued', 'running', 'succeeded', 'failed')),
  started_at timestamptz,
  finished_at timestamptz,
  error text,
  merged_pages integer,
  merged_bytes bigint,
  merged_sha256 text check (merged_sha256 ~ '^[0-9a-f]{64}$')
);
create index paper_runs_job on paper_runs (job_id) where job_id is not null;

-- One row per judgment as the run reaches it: the paper made, or why none was.
create table paper_run_judgments (
  run_id bigint not null references paper_runs (id),
  position integer not null check (position >= 0),
  judgment_id bigint not null,
  document_id bigint references paper_documents (id),
  refusal text,
  done_at timestamptz not null default now(),
  primary key (run_id, position),
  constraint paper_run_judgments_outcome check ((document_id is null) <> (refusal is null))
);

create table paper_run_parts (
  run_id bigint not null references paper_runs (id),
  part integer not null check (part >= 0),
  content bytea not null check (octet_length(content) > 0),
  primary key (run_id, part)
);

create table paper_service_confirmations (
  id bigint generated always as identity primary key,
  document_id bigint not null references paper_documents (id),
  how text not null check (how in ('served', 'mailed')),
  done_on date not null,
  action_id bigint references enforcement_actions (id),
  created_by text not null,
  created_at timestamptz not null default now(),
  constraint paper_service_confirmations_once unique (document_id)
);

-- What a run made, and every confirmation, is history: v2 of the grant function revokes their
-- UPDATE and DELETE too (the run's own row changes status as the job goes).
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
  return true;
end $$;
select dragonfly_grant_app_v2();
