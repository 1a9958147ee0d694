"""`dragonfly papers`: make an enforcement paper, list a judgment's papers, the firm profile."""

from __future__ import annotations

from pathlib import Path

import typer
from psycopg import Connection
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from dragonfly.cli.output import console, emit_json
from dragonfly.core.config import get_settings
from dragonfly.core.database import connect
from dragonfly.domain.vocabulary import PaperKind
from dragonfly.errors import InputError
from dragonfly.papers import (
    PaperDocument,
    document_pdf,
    firm_profile,
    list_documents,
    make_paper,
    save_firm_profile,
)
from dragonfly.papers.documents import get_document
from dragonfly.papers.merge import zip_stream
from dragonfly.papers.profile import EDITABLE
from dragonfly.papers.runs import (
    PaperRun,
    make_run_papers,
    merged_parts,
    run_document_ids,
    run_papers_for_zip,
    run_view,
    start_run,
)

EXIT_CODES = (
    "Exit codes: 0 made; 1 no such judgment; 2 bad input, or a paper was refused (the message "
    "names what is missing; with --judgments the others are still made); 3 database unreachable."
)
KINDS = " | ".join(k.value for k in PaperKind)
papers_app = typer.Typer(
    help="Enforcement papers as PDF (docs/PAPERS.md).\n\n" + EXIT_CODES, no_args_is_help=True
)
AsJson = typer.Option(False, "--json", help="Print JSON for scripts.")
# Ids are bigint: a larger one is refused here, in words, not by the database.
MAX_ID = 2**62


def register(app: typer.Typer) -> None:
    app.add_typer(papers_app, name="papers")


def _kind(value: str) -> PaperKind:
    try:
        return PaperKind(value)
    except ValueError:
        raise InputError.in_field(
            "kind", f"Unknown paper {value!r}; choose one of {KINDS}."
        ) from None


def _view(document: PaperDocument) -> dict[str, object]:
    return {k: v for k, v in vars(document).items() if k != "facts"} | {
        "filename": document.filename
    }


def _ids(text: str) -> list[int]:
    try:
        ids = [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        ids = []
    if not ids or min(ids) < 1 or max(ids) > MAX_ID:
        raise InputError.in_field(
            "judgments",
            f"--judgments {text!r}: give ids separated by commas, e.g. 4,8,15.",
        )
    return list(dict.fromkeys(ids))


@papers_app.command("make")
def make(
    kind: str = typer.Argument(..., help=KINDS),
    judgment: int | None = typer.Option(
        None, "--judgment", min=1, max=MAX_ID, help="One judgment's id."
    ),
    judgments: str | None = typer.Option(
        None, "--judgments", help="Many judgments' ids, comma-separated: one paper each."
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Write the PDF here (with --judgments: all papers merged in one PDF)."
    ),
    zip_to: Path | None = typer.Option(
        None, "--zip", help="With --judgments: also write each paper as its own file in a zip."
    ),
    actor: str = typer.Option("cli", "--as", help="Who is making it, for the record."),
    as_json: bool = AsJson,
) -> None:
    """Make a paper as of today and record it (a new version each time); optionally save it.

    With --judgments, each judgment gets its own paper and record; a refused judgment is listed
    and skipped, and the command exits 2 if any was refused (the papers made are kept).
    """
    paper_kind = _kind(kind)
    if (judgment is None) == (judgments is None):
        raise InputError.in_field("judgment", "Give either --judgment ID or --judgments 1,2,3.")
    if judgments is not None:
        _make_many(paper_kind, _ids(judgments), out, zip_to, actor, as_json)
        return
    assert judgment is not None
    with connect(autocommit=True) as conn:
        document = make_paper(
            conn,
            paper_kind,
            judgment,
            actor=actor,
            templates=get_settings().dragonfly_paper_templates,
        )
        _, pdf = document_pdf(conn, document.id)
    if out is not None:
        out.write_bytes(pdf)
    if as_json:
        emit_json(_view(document) | {"written_to": str(out) if out else None})
        return
    where = f", written to {out}" if out else ""
    console.print(
        f"Made {document.filename}: {document.pages} page(s), sha256 {document.sha256[:12]}…"
        f"{where}."
    )


def _make_many(
    kind: PaperKind,
    ids: list[int],
    out: Path | None,
    zip_to: Path | None,
    actor: str,
    as_json: bool,
) -> None:
    """A paper run made here rather than by a worker: recorded the same way, so the dashboard
    lists it and its merged PDF and zip can be downloaded again later."""
    progress = Progress(
        TextColumn("Making papers"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=as_json,
        transient=True,
    )
    with connect(autocommit=True) as conn, progress:
        task = progress.add_task("papers", total=len(ids))
        run_id = start_run(conn, kind, ids, actor=actor)
        run = make_run_papers(
            conn,
            run_id,
            templates=get_settings().dragonfly_paper_templates,
            progress=lambda done, _total: progress.update(task, completed=done),
        )
        _write_run_files(conn, run, out, zip_to)
        made = [get_document(conn, i) for i in run_document_ids(conn, run.id)] if as_json else []
    if as_json:
        emit_json(
            run_view(run)
            | {
                "made": [_view(d) for d in made],
                "refused": [
                    {
                        "judgment_id": r.judgment_id,
                        "index_number": r.index_number,
                        "message": r.reason,
                    }
                    for r in run.refusals
                ],
                "pages": run.pages,
                "merged_pdf": str(out) if out and run.made else None,
                "zip": str(zip_to) if zip_to and run.made else None,
            }
        )
    else:
        console.print(
            f"Paper run {run.id}: made {run.made} paper(s), {run.pages} page(s);"
            f" refused {run.refused}."
        )
        for refusal in run.refusals:
            console.print(f"Refused judgment {refusal.judgment_id}: {refusal.reason}", markup=False)
    if run.refused:
        raise typer.Exit(2)


def _write_run_files(
    conn: Connection, run: PaperRun, out: Path | None, zip_to: Path | None
) -> None:
    if not run.made:
        return
    if out is not None:
        with out.open("wb") as handle:
            for part in merged_parts(conn, run.id):
                handle.write(part)
    if zip_to is not None:
        with zip_to.open("wb") as handle:
            for chunk in zip_stream(run_papers_for_zip(conn, run.id)):
                handle.write(chunk)


@papers_app.command("list")
def list_(
    judgment: int = typer.Option(..., "--judgment", min=1, max=MAX_ID, help="The judgment's id."),
    as_json: bool = AsJson,
) -> None:
    """The judgment's papers, newest first."""
    with connect(autocommit=True) as conn:
        documents = list_documents(conn, judgment)
    if as_json:
        emit_json([_view(d) for d in documents])
        return
    table = Table("id", "kind", "version", "as of", "made by", "pages", "sha256")
    for d in documents:
        table.add_row(
            str(d.id),
            d.kind.value,
            str(d.version),
            str(d.as_of),
            d.created_by,
            str(d.pages),
            d.sha256[:12],
        )
    console.print(table)


@papers_app.command("profile")
def profile(
    set_: list[str] = typer.Option(
        [], "--set", help=f"FIELD=VALUE to change ({', '.join(EDITABLE)}); repeatable."
    ),
    as_json: bool = AsJson,
) -> None:
    """Show the firm profile the papers are signed with, or change fields of it."""
    changes: dict[str, str] = {}
    for item in set_:
        field, sep, value = item.partition("=")
        if not sep or field not in EDITABLE:
            raise InputError.in_field(
                "set", f"--set {item!r}: use FIELD=VALUE with FIELD one of {', '.join(EDITABLE)}."
            )
        changes[field] = value
    with connect(autocommit=True) as conn:
        current = save_firm_profile(conn, changes, actor="cli") if changes else firm_profile(conn)
    view = {name: getattr(current, name) for name in EDITABLE}
    if as_json:
        emit_json(view | {"missing": current.missing()})
        return
    for name, value in view.items():
        console.print(f"{name:16} {value}")
    if current.missing():
        console.print(f"[yellow]Missing for papers: {', '.join(current.missing())}[/yellow]")
