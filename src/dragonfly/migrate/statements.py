"""A migration file as PostgreSQL's own parser sees it: statements, their lines, annotations.

pglast wraps libpg_query (the server's grammar), so statement boundaries, dollar quotes and
comments are found exactly as the server would find them. Offsets from pglast are characters.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from pglast import ast, parser

ANNOTATION_PREFIX = "dragonfly:"
COMMENT_TOKENS = frozenset({"SQL_COMMENT", "C_COMMENT"})


@dataclass(frozen=True)
class Statement:
    line: int
    text: str
    node: ast.Node


@dataclass(frozen=True)
class Annotation:
    line: int
    name: str
    argument: str


@dataclass(frozen=True)
class ParseProblem:
    line: int
    message: str


@dataclass(frozen=True)
class ParsedFile:
    statements: tuple[Statement, ...]
    annotations: tuple[Annotation, ...]
    problem: ParseProblem | None

    def annotation(self, name: str) -> Annotation | None:
        return next((a for a in self.annotations if a.name == name), None)


def line_at(text: str, offset: int) -> int:
    """1-based line number of character `offset` in `text`."""
    return text.count("\n", 0, max(offset, 0)) + 1


def parse_file(text: str) -> ParsedFile:
    """Split `text` into statements with their first line; a syntax error becomes a problem."""
    try:
        tokens = parser.scan(text)
        raw = parser.parse_sql(text)
    except parser.ParseError as exc:
        offset = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], int) else 0
        problem = ParseProblem(line_at(text, offset), str(exc.args[0]))
        return ParsedFile((), (), problem)
    code_starts = [t.start for t in tokens if t.name not in COMMENT_TOKENS]
    statements = tuple(_statement(text, r, code_starts) for r in raw if r.stmt is not None)
    return ParsedFile(statements, _annotations(text, tokens), None)


def _statement(text: str, raw: ast.RawStmt, code_starts: list[int]) -> Statement:
    location = raw.stmt_location or 0
    # stmt_location may point at comments before the statement; its line is its first token's
    first = code_starts[bisect.bisect_left(code_starts, location)]
    end = location + raw.stmt_len if raw.stmt_len else len(text)
    assert raw.stmt is not None
    return Statement(line_at(text, first), text[first:end].strip(), raw.stmt)


def _annotations(text: str, tokens: list[parser.Token]) -> tuple[Annotation, ...]:
    """`-- dragonfly:<name> <argument>` comments, wherever they sit outside strings."""
    found: list[Annotation] = []
    for token in tokens:
        if token.name != "SQL_COMMENT":
            continue
        body = text[token.start : token.end + 1].removeprefix("--").strip()
        if body.startswith(ANNOTATION_PREFIX):
            name, _, argument = body.removeprefix(ANNOTATION_PREFIX).partition(" ")
            found.append(Annotation(line_at(text, token.start), name.strip(), argument.strip()))
    return tuple(found)
