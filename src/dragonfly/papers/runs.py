"""Paper runs: one kind of paper for many judgments, made in a background job and followed by its
progress. Each judgment's outcome (the paper made, or the refusal in words) is recorded in the
same transaction as the paper itself, so a run that stops part-way resumes where it was."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo
from psycopg.rows import class_row

from dragonfly.core.rules_in_force import rules_in_force
from dragonfly.domain.rules import Rules
from dragonfly.domain.vocabulary import PaperKind
from dragonfly.errors import Conflict, InputError, NotFound
from dragonfly.papers.make import make_paper
from dragonfly.papers.merge import PART_BYTES, PdfMerger
from dragonfly.services.audit import record_audit

# The merged PDF is built in memory (pikepdf) before it is written: about 150 MB a thousand
# papers, so a run stays well under 1 GB.
MAX_JUDGMENTS = 2000
# A run this long is shared among worker processes; a shorter one is made in the job's process.
PARALLEL_FROM = 40
MAX_PROCESSES = 4
PROGRESS_SECONDS = 0.5


@dataclass(frozen=True)
class Refusal:
    judgment_id: int
    index_number: str | None
    reason: str


@dataclass(frozen=True)
class PaperRun:
    """A run as its progress screen shows it."""

    id: int
    kind: PaperKind
    created_by: str
    created_at: datetime
    job_id: int | None
    status: str
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None
    total: int
    made: int
    refused: int
    pages: int
    merged_pages: int | None
    merged_bytes: int | None
    merged_sha256: str | None
    refusals: list[Refusal] = field(default_factory=list)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", PaperKind(self.kind))

    @property
    def done(self) -> int:
        return self.made + self.refused


def judgment_ids_for_run(ids: list[int]) -> list[int]:
    """The ids in the order given, once each; refused when empty or too many for one run."""
    unique = list(dict.fromkeys(ids))
    if not unique or min(unique) < 1:
        raise InputError.in_field("judgment_ids", "Choose at least one judgment.")
    if len(unique) > MAX_JUDGMENTS:
        raise InputError.in_field(
            "judgment_ids",
            f"{len(unique):,} judgments were chosen; one run makes at most {MAX_JUDGMENTS:,}. "
            "Split the selection.",
        )
    return unique


def start_run(
    conn: psycopg.Connection, kind: PaperKind, judgment_ids: list[int], *, actor: str
) -> int:
    """Record a queued run (audited); the caller queues the job that makes its papers."""
    ids = judgment_ids_for_run(judgment_ids)
    with conn.transaction():
        row = conn.execute(
            "insert into paper_runs (kind, judgment_ids, created_by) values (%s, %s, %s)"
            " returning id",
            (kind.value, ids, actor),
        ).fetchone()
        assert row is not None
        run_id = int(row[0])
        record_audit(
            conn,
            actor=actor,
            action="paper_run.start",
            entity="paper_run",
            entity_id=run_id,
            after={"kind": kind.value, "judgments": len(ids)},
        )
    return run_id


def attach_run_job(conn: psycopg.Connection, run_id: int, job_id: int) -> None:
    conn.execute("update paper_runs set job_id = %s where id = %s", (job_id, run_id))


_RUN_SQL = """
select r.id, r.kind::text as kind, r.created_by, r.created_at, r.job_id, r.status, r.started_at,
       r.finished_at, r.error, cardinality(r.judgment_ids) as total,
       count(o.document_id)::int as made, count(o.refusal)::int as refused,
       coalesce(sum(d.pages), 0)::int as pages, r.merged_pages, r.merged_bytes, r.merged_sha256
from paper_runs r
left join paper_run_judgments o on o.run_id = r.id
left join paper_documents d on d.id = o.document_id
where r.id = %s
group by r.id
"""


def get_run(conn: psycopg.Connection, run_id: int) -> PaperRun:
    """The run with its counts and every refusal, in the order the judgments were chosen."""
    with conn.cursor(row_factory=class_row(PaperRun)) as cur:
        run = cur.execute(_RUN_SQL, (run_id,)).fetchone()
    if run is None:
        raise NotFound(f"No paper run with id {run_id}.")
    rows = conn.execute(
        "select o.judgment_id, j.index_number, o.refusal from paper_run_judgments o"
        " left join judgments j on j.id = o.judgment_id"
        " where o.run_id = %s and o.refusal is not null order by o.position",
        (run_id,),
    ).fetchall()
    run.refusals.extend(Refusal(int(r[0]), r[1], r[2]) for r in rows)
    return run


def run_document_ids(conn: psycopg.Connection, run_id: int) -> list[int]:
    """The papers the run made, in the order the judgments were chosen."""
    rows = conn.execute(
        "select document_id from paper_run_judgments where run_id = %s"
        " and document_id is not null order by position",
        (run_id,),
    ).fetchall()
    return [int(r[0]) for r in rows]


def _claim(conn: psycopg.Connection, run_id: int) -> tuple[PaperKind, list[int], str, set[int]]:
    """Mark the run running; its kind, judgments, who asked, and the positions already done."""
    row = conn.execute(
        "update paper_runs set status = 'running', started_at = coalesce(started_at, now()),"
        " error = null where id = %s and status in ('queued', 'running')"
        " returning kind::text, judgment_ids, created_by",
        (run_id,),
    ).fetchone()
    if row is None:
        raise Conflict(f"Paper run {run_id} is missing or already finished.")
    done = conn.execute(
        "select position from paper_run_judgments where run_id = %s", (run_id,)
    ).fetchall()
    return PaperKind(row[0]), [int(i) for i in row[1]], str(row[2]), {int(r[0]) for r in done}


def _done_count(conn: psycopg.Connection, run_id: int) -> int:
    row = conn.execute(
        "select count(*) from paper_run_judgments where run_id = %s", (run_id,)
    ).fetchone()
    return int(row[0]) if row else 0


def _record_outcome(
    conn: psycopg.Connection,
    run_id: int,
    position: int,
    judgment_id: int,
    document_id: int | None,
    refusal: str | None,
) -> None:
    conn.execute(
        "insert into paper_run_judgments (run_id, position, judgment_id, document_id, refusal)"
        " values (%s, %s, %s, %s, %s)",
        (run_id, position, judgment_id, document_id, refusal),
    )


def _make_one(
    conn: psycopg.Connection,
    run_id: int,
    kind: PaperKind,
    position: int,
    judgment_id: int,
    *,
    actor: str,
    templates: Path | None,
    rules: Rules,
) -> None:
    """One judgment's paper and its outcome row, committed together; or the refusal alone."""
    try:
        with conn.transaction():
            document = make_paper(
                conn, kind, judgment_id, actor=actor, templates=templates, rules=rules
            )
            _record_outcome(conn, run_id, position, judgment_id, document.id, None)
    except (Conflict, NotFound) as exc:  # a refusal: nothing of the paper was written
        _record_outcome(conn, run_id, position, judgment_id, None, exc.message)


def _make_share(
    url: str,
    run_id: int,
    kind: PaperKind,
    share: list[tuple[int, int]],
    actor: str,
    templates: Path | None,
) -> None:
    """A worker process's share of the run, (position, judgment id) pairs, on a connection and
    with a warm compiler of its own."""
    rules = rules_in_force()
    with psycopg.connect(url, autocommit=True) as conn:
        for position, judgment_id in share:
            _make_one(
                conn, run_id, kind, position, judgment_id,
                actor=actor, templates=templates, rules=rules,
            )  # fmt: skip


def _url_of(conn: psycopg.Connection) -> str:
    """The connection's conninfo, password included, for a worker process to connect with."""
    return make_conninfo(conn.info.dsn, password=conn.info.password or None)


def _processes(asked: int | None, todo: int, parallel_from: int) -> int:
    if todo < parallel_from:
        return 1
    return max(1, asked if asked is not None else min(MAX_PROCESSES, os.cpu_count() or 1))


def make_run_papers(
    conn: psycopg.Connection,
    run_id: int,
    *,
    templates: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    processes: int | None = None,
    parallel_from: int = PARALLEL_FROM,
) -> PaperRun:
    """Make the run's papers (from where it stopped, if it did), then its merged PDF.

    Each judgment's paper and its outcome commit together; a refusal (what is missing, or why the
    judgment cannot carry the paper) is recorded and the run goes on. A run of `parallel_from`
    judgments or more is shared among worker processes (one per core, at most MAX_PROCESSES):
    compiling is CPU work that threads cannot share. `conn` is autocommit.
    """
    kind, ids, actor, done = _claim(conn, run_id)
    todo = [(p, ids[p]) for p in range(len(ids)) if p not in done]
    workers = _processes(processes, len(todo), parallel_from)
    if workers == 1:
        rules = rules_in_force()
        for position, judgment_id in todo:
            _make_one(
                conn, run_id, kind, position, judgment_id,
                actor=actor, templates=templates, rules=rules,
            )  # fmt: skip
            if progress:
                progress(_done_count(conn, run_id), len(ids))
        store_merged(conn, run_id)
    else:
        feed = _MergeAsMade(conn, run_id)
        _make_in_processes(conn, run_id, kind, todo, actor, templates, workers, progress, feed)
        store_merged(conn, run_id, feed)
    conn.execute(
        "update paper_runs set status = 'succeeded', finished_at = now() where id = %s", (run_id,)
    )
    return get_run(conn, run_id)


def _make_in_processes(
    conn: psycopg.Connection,
    run_id: int,
    kind: PaperKind,
    todo: list[tuple[int, int]],
    actor: str,
    templates: Path | None,
    workers: int,
    progress: Callable[[int, int], None] | None,
    feed: _MergeAsMade,
) -> None:
    # Spawned, not forked: the job runs in a thread of a worker holding an event loop and a pool.
    context = multiprocessing.get_context("spawn")
    total = _done_count(conn, run_id) + len(todo)
    url = _url_of(conn)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending = {
            pool.submit(_make_share, url, run_id, kind, todo[k::workers], actor, templates)
            for k in range(workers)
        }
        while pending:
            finished, pending = wait(pending, timeout=PROGRESS_SECONDS, return_when=FIRST_EXCEPTION)
            if progress:
                progress(_done_count(conn, run_id), total)
            feed.catch_up()  # this process would otherwise only wait
            for future in finished:
                if future.exception() is not None:
                    pool.shutdown(cancel_futures=True)
                    future.result()


def fail_run(conn: psycopg.Connection, run_id: int, error: str) -> None:
    """Close the run as failed; the papers it made are kept and stay listed."""
    conn.execute(
        "update paper_runs set status = 'failed', error = %s, finished_at = now()"
        " where id = %s and status in ('queued', 'running')",  # never undo a finished run
        (error, run_id),
    )


class _MergeAsMade:
    """The run's papers fed to the merger in the order chosen, as far as they are made: while
    worker processes make papers, the job's own process merges those already done."""

    def __init__(self, conn: psycopg.Connection, run_id: int) -> None:
        self.conn, self.run_id = conn, run_id
        self.merger = PdfMerger()
        self.next = 0  # the first position not merged yet

    def catch_up(self, batch: int = 100) -> bool:
        """Merge the next papers made without a gap; False when none was ready."""
        rows = self.conn.execute(
            "select o.position, d.pdf, d.sha256 from paper_run_judgments o"
            " left join paper_documents d on d.id = o.document_id"
            " where o.run_id = %s and o.position >= %s order by o.position limit %s",
            (self.run_id, self.next, batch),
        ).fetchall()
        start = self.next
        for position, pdf, sha256 in rows:
            if position != self.next:
                break  # an earlier judgment is not done yet
            if pdf is not None:
                if hashlib.sha256(pdf).hexdigest() != sha256:
                    raise RuntimeError(
                        f"A paper of run {self.run_id} no longer matches its SHA-256."
                    )
                self.merger.add(bytes(pdf))
            self.next += 1
        return self.next > start


def store_merged(conn: psycopg.Connection, run_id: int, feed: _MergeAsMade | None = None) -> None:
    """Finish merging the run's papers into one PDF (written to a temporary file, not held in
    memory) and keep it in parts of a few MB."""
    stored = conn.execute(
        "select merged_sha256 is not null from paper_runs where id = %s", (run_id,)
    ).fetchone()
    if stored and stored[0]:  # merged before a restart
        return
    feed = feed or _MergeAsMade(conn, run_id)
    while feed.catch_up():
        pass
    if feed.merger.papers == 0:
        return
    with tempfile.TemporaryFile(prefix="dragonfly-run-") as handle:
        merged = feed.merger.write(handle)
        handle.seek(0)
        with conn.transaction():
            part = 0
            while chunk := handle.read(PART_BYTES):
                conn.execute(
                    "insert into paper_run_parts (run_id, part, content) values (%s, %s, %s)",
                    (run_id, part, chunk),
                )
                part += 1
            conn.execute(
                "update paper_runs set merged_pages = %s, merged_bytes = %s, merged_sha256 = %s"
                " where id = %s",
                (merged.pages, merged.size, merged.sha256, run_id),
            )


def merged_parts(conn: psycopg.Connection, run_id: int) -> Iterator[bytes]:
    """The merged PDF, a part at a time (a few MB each), for a streamed download."""
    part = 0
    while True:
        row = conn.execute(
            "select content from paper_run_parts where run_id = %s and part = %s",
            (run_id, part),
        ).fetchone()
        if row is None:
            return
        yield bytes(row[0])
        part += 1


def run_papers_for_zip(conn: psycopg.Connection, run_id: int) -> Iterator[tuple[str, bytes]]:
    """(file name, PDF) of each paper the run made, read one at a time."""
    for document_id in run_document_ids(conn, run_id):
        row = conn.execute(
            "select kind::text, judgment_id, version, pdf from paper_documents where id = %s",
            (document_id,),
        ).fetchone()
        assert row is not None
        yield f"{row[0]}-judgment-{row[1]}-v{row[2]}.pdf", bytes(row[3])


def run_view(run: PaperRun) -> dict[str, Any]:
    """The run as the API and the CLI report it."""
    base = f"/api/v1/paper-runs/{run.id}"
    ready = run.status == "succeeded" and run.made > 0
    return {
        "id": run.id,
        "kind": run.kind.value,
        "status": run.status,
        "created_by": run.created_by,
        "created_at": run.created_at,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "error": run.error,
        "progress": {
            "total": run.total,
            "done": run.done,
            "made": run.made,
            "refused": run.refused,
            "pages": run.pages,
        },
        "refusals": [vars(r) for r in run.refusals],
        "merged_pdf": f"{base}/merged.pdf" if ready else None,
        "zip": f"{base}/papers.zip" if ready else None,
        "merged_sha256": run.merged_sha256,
    }
