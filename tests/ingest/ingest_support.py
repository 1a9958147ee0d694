"""Helpers for import tests: write files the way the field writes them, import, read counts."""

from __future__ import annotations

from pathlib import Path

import psycopg

from app_role_login import as_app
from dragonfly.ingest import ImportResult, import_file

FIXTURES = Path(__file__).parent / "fixtures"


def write(folder: Path, name: str, content: str | bytes, *, crlf: bool = False) -> Path:
    """A file as a vendor would send it: text encoded UTF-8 unless bytes are given."""
    path = folder / name
    if isinstance(content, str):
        text = content.replace("\n", "\r\n") if crlf else content
        path.write_bytes(text.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


def run_import(url: str, path: Path, **options: object) -> ImportResult:
    """import_file as the app role, checking the count invariant every time."""
    result = import_file(as_app(url), path, **options)  # type: ignore[arg-type]
    total = result.inserted + result.updated + result.unchanged + result.rejected
    assert result.rows_read == total, result
    return result


def table_count(db: psycopg.Connection, table: str) -> int:
    row = db.execute(f"select count(*) from {table}").fetchone()  # test-only, fixed names
    assert row is not None
    return int(row[0])


def recorded_batches(db: psycopg.Connection) -> list[tuple[str, str]]:
    """(filename, status) of every batch: a refused or failed import is kept with its reason."""
    rows = db.execute("select filename, status::text from import_batches order by id").fetchall()
    return [(str(r[0]), str(r[1])) for r in rows]


def batch_row(db: psycopg.Connection, batch_id: int) -> dict[str, object]:
    cur = db.execute(
        "select status::text, rows_read, inserted, updated, unchanged, rejected"
        " from import_batches where id = %s",
        (batch_id,),
    )
    row = cur.fetchone()
    assert row is not None
    names = [c.name for c in cur.description or []]
    return dict(zip(names, row, strict=True))


def rejects(db: psycopg.Connection, batch_id: int) -> list[tuple[int, str]]:
    rows = db.execute(
        "select line_number, reason_code from rejected_rows where batch_id = %s order by 1",
        (batch_id,),
    ).fetchall()
    return [(int(r[0]), str(r[1])) for r in rows]
