"""Many papers of one kind in one run: each made and recorded on its own (a refusal skips that
judgment, not the run), then one merged PDF and a zip of the single files."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from pypdf import PdfWriter

from dragonfly.domain.vocabulary import PaperKind
from dragonfly.errors import Conflict, NotFound
from dragonfly.papers.documents import PaperDocument, document_pdf
from dragonfly.papers.make import make_paper


@dataclass
class BulkResult:
    made: list[PaperDocument] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)


def make_papers(
    conn: psycopg.Connection,
    kind: PaperKind,
    judgment_ids: Iterable[int],
    *,
    actor: str,
    templates: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> BulkResult:
    """One paper per judgment, each in its own transaction; refusals are collected by id."""
    result = BulkResult()
    for judgment_id in judgment_ids:
        try:
            result.made.append(
                make_paper(conn, kind, judgment_id, actor=actor, templates=templates)
            )
        except (Conflict, NotFound) as exc:
            result.refused[judgment_id] = exc.message
        if progress:
            progress(judgment_id)
    return result


def merged_pdf(conn: psycopg.Connection, documents: list[PaperDocument]) -> bytes:
    """The papers one after another in a single PDF, in the order given."""
    writer = PdfWriter()
    for document in documents:
        writer.append(io.BytesIO(document_pdf(conn, document.id)[1]))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zipped_pdfs(conn: psycopg.Connection, documents: list[PaperDocument]) -> bytes:
    """Each paper as its own file (named for kind, judgment and version) in one zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for document in documents:
            archive.writestr(document.filename, document_pdf(conn, document.id)[1])
    return out.getvalue()
