"""A migration file as PostgreSQL's own parser sees it: statements, their lines, annotations.

pglast wraps libpg_query (the server's grammar), so statement boundaries, dollar quotes and
comments are found exactly as the server would find them. Statements come back as the parser's
JSON tree (plain dicts, ten times faster to build than pglast's Python objects), keyed by node type:
`{"DropStmt": {"removeType": "OBJECT_TABLE", ...}}`. Its offsets are UTF-8 bytes; the scanner's and
the error's are characters.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from typing import Any

from pglast import parser

ANNOTATION_PREFIX = "dragonfly:"
COMMENT_TOKENS = frozenset({"SQL_COMMENT", "C_COMMENT"})


@dataclass(frozen=True)
class Statement:
    line: int
    text: str
    node: dict[str, Any]

    @property
    def kind(self) -> str:
        """The parse node's type, e.g. 'CreateStmt'."""
        return next(iter(self.node))


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
        tree = json.loads(parser.parse_sql_json(text))
    except parser.ParseError as exc:
        offset = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], int) else 0
        problem = ParseProblem(line_at(text, offset), str(exc.args[0]))
        return ParsedFile((), (), problem)
    code_starts = [t.start for t in tokens if t.name not in COMMENT_TOKENS]
    to_chars = _byte_to_char_offsets(text)
    statements = tuple(
        _statement(text, raw, code_starts, to_chars)
        for raw in tree.get("stmts", ())
        if "stmt" in raw
    )
    return ParsedFile(statements, _annotations(text, tokens), None)


def _byte_to_char_offsets(text: str) -> list[int] | None:
    """Byte offset -> character offset table, or None when the text is ASCII (they agree)."""
    if text.isascii():
        return None
    table: list[int] = []
    for index, char in enumerate(text):
        table.extend([index] * len(char.encode("utf-8")))
    table.append(len(text))
    return table


def _statement(
    text: str, raw: dict[str, Any], code_starts: list[int], to_chars: list[int] | None
) -> Statement:
    start = raw.get("stmt_location", 0)
    end = start + raw["stmt_len"] if raw.get("stmt_len") else None
    if to_chars is not None:
        start = to_chars[start]
        end = to_chars[end] if end is not None else None
    # stmt_location may point at comments before the statement; its line is its first token's
    first = code_starts[bisect.bisect_left(code_starts, start)]
    return Statement(line_at(text, first), text[first:end].strip(), raw["stmt"])


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
