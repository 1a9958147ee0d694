"""Paper documents: one row per paper made, with its PDF; never changed, never deleted."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import psycopg
from psycopg.rows import class_row

from dragonfly.domain.vocabulary import PaperKind
from dragonfly.errors import NotFound


@dataclass(frozen=True)
class PaperDocument:
    """A paper's record, without its bytes."""

    id: int
    judgment_id: int
    action_id: int | None
    kind: PaperKind
    version: int
    template_version: str
    as_of: date
    facts: dict[str, Any]
    created_by: str
    created_at: datetime
    sha256: str
    pages: int
    size: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", PaperKind(self.kind))

    @property
    def filename(self) -> str:
        return f"{self.kind.value}-judgment-{self.judgment_id}-v{self.version}.pdf"


_COLUMNS = (
    "id, judgment_id, action_id, kind, version, template_version, as_of, facts, created_by,"
    " created_at, sha256, pages, octet_length(pdf) as size"
)


def store_document(
    conn: psycopg.Connection,
    *,
    judgment_id: int,
    action_id: int | None,
    kind: PaperKind,
    template_version: str,
    as_of: date,
    facts: dict[str, Any],
    pdf: bytes,
    pages: int,
    actor: str,
) -> PaperDocument:
    """Add the next version of this kind of paper for the judgment (caller holds its row lock)."""
    row = conn.execute(
        "insert into paper_documents (judgment_id, action_id, kind, version, template_version,"
        " as_of, facts, created_by, sha256, pages, pdf)"
        " select %s, %s, %s, coalesce(max(version), 0) + 1, %s, %s, %s::jsonb, %s, %s, %s, %s"
        " from paper_documents where judgment_id = %s and kind = %s returning id",
        (
            judgment_id,
            action_id,
            kind.value,
            template_version,
            as_of,
            json.dumps(facts, default=str),
            actor,
            hashlib.sha256(pdf).hexdigest(),
            pages,
            pdf,
            judgment_id,
            kind.value,
        ),
    ).fetchone()
    assert row is not None
    return get_document(conn, int(row[0]))


def get_document(conn: psycopg.Connection, document_id: int) -> PaperDocument:
    with conn.cursor(row_factory=class_row(PaperDocument)) as cur:
        row = cur.execute(
            f"select {_COLUMNS} from paper_documents where id = %s", (document_id,)
        ).fetchone()
    if row is None:
        raise NotFound(f"No paper with id {document_id}.")
    return row


def list_documents(conn: psycopg.Connection, judgment_id: int) -> list[PaperDocument]:
    """The judgment's papers, newest first."""
    with conn.cursor(row_factory=class_row(PaperDocument)) as cur:
        return cur.execute(
            f"select {_COLUMNS} from paper_documents where judgment_id = %s"
            " order by created_at desc, id desc",
            (judgment_id,),
        ).fetchall()


def document_pdf(conn: psycopg.Connection, document_id: int) -> tuple[PaperDocument, bytes]:
    """The record and its PDF bytes, checked against the stored SHA-256."""
    document = get_document(conn, document_id)
    row = conn.execute("select pdf from paper_documents where id = %s", (document_id,)).fetchone()
    assert row is not None
    pdf = bytes(row[0])
    if hashlib.sha256(pdf).hexdigest() != document.sha256:
        raise RuntimeError(f"Paper {document_id} no longer matches its SHA-256.")
    return document, pdf
