"""A paper run shared among worker processes keeps the order chosen and each refusal; a run that
stopped part-way resumes without making a paper twice."""

from __future__ import annotations

import io

import psycopg
import pytest
from pypdf import PdfReader

from dragonfly.domain.vocabulary import PaperKind
from dragonfly.papers.merge import zip_stream
from dragonfly.papers.runs import (
    make_run_papers,
    merged_parts,
    run_papers_for_zip,
    start_run,
)
from papers.conftest import pdf_text, person_judgment


def test_worker_processes_make_the_run_in_the_order_chosen(
    db: psycopg.Connection, firm: None
) -> None:
    ids = [person_judgment(db, index_number=f"PAR-{n}/2024") for n in range(4)]
    refused = person_judgment(db, index_number="PAR-X/2024", employer=False)
    chosen = [ids[0], refused, ids[1], ids[2], ids[3]]
    run_id = start_run(db, PaperKind.INCOME_EXECUTION, chosen, actor="ops@example.com")
    seen: list[int] = []
    run = make_run_papers(
        db, run_id, processes=2, parallel_from=1, progress=lambda done, _: seen.append(done)
    )
    assert (run.status, run.made, run.refused) == ("succeeded", 4, 1)
    assert seen and seen[-1] == 5
    assert [r.judgment_id for r in run.refusals] == [refused]
    merged = b"".join(merged_parts(db, run_id))
    assert len(PdfReader(io.BytesIO(merged)).pages) == run.pages == run.merged_pages
    text = pdf_text(merged)
    spots = [text.index(f"PAR-{n}/2024") for n in range(4)]
    assert spots == sorted(spots)
    names = [name for name, _ in run_papers_for_zip(db, run_id)]
    assert names == [f"income_execution-judgment-{j}-v1.pdf" for j in ids]
    assert b"".join(zip_stream(run_papers_for_zip(db, run_id)))[:2] == b"PK"


def test_a_run_that_stopped_part_way_resumes_where_it_was(
    db: psycopg.Connection, firm: None
) -> None:
    ids = [person_judgment(db, index_number=f"RES-{n}/2024") for n in range(3)]
    run_id = start_run(db, PaperKind.INCOME_EXECUTION, ids, actor="ops@example.com")
    seen: list[int] = []

    def stop_after_first(done: int, _total: int) -> None:
        seen.append(done)
        if done == 1:
            raise KeyboardInterrupt  # the worker was stopped

    with pytest.raises(KeyboardInterrupt):
        make_run_papers(db, run_id, progress=stop_after_first)
    assert db.execute("select count(*) from paper_documents").fetchone() == (1,)
    run = make_run_papers(db, run_id)
    assert (run.status, run.made) == ("succeeded", 3)
    made = db.execute(
        "select judgment_id, count(*) from paper_documents group by judgment_id order by 1"
    ).fetchall()
    assert made == [(j, 1) for j in ids]
