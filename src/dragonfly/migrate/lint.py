"""Lint migration files on PostgreSQL's parse tree: destructive statements need a stated reason.

Rules (each finding names the file and the statement's line):
- a file that does not parse is an error;
- DROP TABLE/SCHEMA, ALTER TABLE DROP COLUMN, ALTER COLUMN TYPE, TRUNCATE, RENAME, and DELETE or
  UPDATE without WHERE are errors unless the file carries `-- dragonfly:allow-destructive <reason>`;
- BEGIN/COMMIT/ROLLBACK are errors: the runner owns the transaction;
- statements PostgreSQL refuses inside a transaction (CREATE INDEX CONCURRENTLY, VACUUM, ...) are
  errors unless the file carries `-- dragonfly:no-transaction`;
- an unknown `dragonfly:` annotation, or allow-destructive without a reason, is an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from dragonfly.migrate.files import MigrationFile
from dragonfly.migrate.statements import Statement

ALLOW_DESTRUCTIVE = "allow-destructive"
NO_TRANSACTION = "no-transaction"
KNOWN_ANNOTATIONS = frozenset({ALLOW_DESTRUCTIVE, NO_TRANSACTION})

DROP_KINDS = {
    "OBJECT_TABLE": ("drop-table", "DROP TABLE"),
    "OBJECT_SCHEMA": ("drop-schema", "DROP SCHEMA"),
}
ALTER_KINDS = {
    "AT_DropColumn": ("drop-column", "ALTER TABLE ... DROP COLUMN"),
    "AT_AlterColumnType": ("alter-column-type", "ALTER COLUMN ... TYPE"),
}
# Statements PostgreSQL refuses inside a transaction block, whatever their options.
AUTOCOMMIT_ONLY = frozenset(
    {
        "VacuumStmt",
        "CreatedbStmt",
        "DropdbStmt",
        "AlterSystemStmt",
        "CreateTableSpaceStmt",
        "DropTableSpaceStmt",
    }
)


@dataclass(frozen=True)
class LintFinding:
    """One lint result. `error` blocks apply; `allowed` is a destructive statement with a reason."""

    file: str
    line: int
    rule: str
    message: str
    severity: Literal["error", "allowed"] = "error"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.rule}: {self.message}"


def lint_files(files: Iterable[MigrationFile]) -> list[LintFinding]:
    """Every finding for `files`, in file then line order."""
    return [finding for migration in files for finding in lint_file(migration)]


def lint_errors(findings: Iterable[LintFinding]) -> list[LintFinding]:
    return [f for f in findings if f.severity == "error"]


def lint_file(migration: MigrationFile) -> list[LintFinding]:
    parsed = migration.parsed
    name = migration.filename
    if parsed.problem is not None:
        return [LintFinding(name, parsed.problem.line, "parse-error", parsed.problem.message + ".")]
    findings = list(_annotation_findings(migration))
    allowed = parsed.annotation(ALLOW_DESTRUCTIVE)
    no_transaction = parsed.annotation(NO_TRANSACTION) is not None
    for statement in parsed.statements:
        for rule, what in destructive_kinds(statement.node):
            if allowed is not None and allowed.argument:
                reason = f"{what} allowed: {allowed.argument}"
                findings.append(LintFinding(name, statement.line, rule, reason, "allowed"))
            else:
                findings.append(LintFinding(name, statement.line, rule, _refusal(what)))
        findings.extend(_transaction_findings(name, statement, no_transaction))
    return sorted(findings, key=lambda f: f.line)


def _refusal(what: str) -> str:
    return (
        f"{what} destroys or rewrites data; if that is intended, add "
        f"'-- dragonfly:{ALLOW_DESTRUCTIVE} <reason>' to the file."
    )


def _annotation_findings(migration: MigrationFile) -> Iterator[LintFinding]:
    for note in migration.parsed.annotations:
        if note.name not in KNOWN_ANNOTATIONS:
            known = ", ".join(sorted(KNOWN_ANNOTATIONS))
            message = f"unknown annotation 'dragonfly:{note.name}' (known: {known})."
            yield LintFinding(migration.filename, note.line, "unknown-annotation", message)
        elif note.name == ALLOW_DESTRUCTIVE and not note.argument:
            message = f"'dragonfly:{ALLOW_DESTRUCTIVE}' needs a reason after it."
            yield LintFinding(migration.filename, note.line, "annotation-reason", message)


def destructive_kinds(node: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(rule, description) for each destructive operation in `node`, nested ones included."""
    for kind, body in walk(node):
        if kind == "DropStmt" and body.get("removeType") in DROP_KINDS:
            yield DROP_KINDS[body["removeType"]]
        elif kind == "AlterTableCmd" and body.get("subtype") in ALTER_KINDS:
            yield ALTER_KINDS[body["subtype"]]
        elif kind == "TruncateStmt":
            yield "truncate", "TRUNCATE"
        elif kind == "DeleteStmt" and "whereClause" not in body:
            yield "delete-without-where", "DELETE without WHERE"
        elif kind == "UpdateStmt" and "whereClause" not in body:
            yield "update-without-where", "UPDATE without WHERE"
        elif kind == "RenameStmt" or (kind == "AlterEnumStmt" and body.get("oldVal")):
            yield "rename", "RENAME"


def _transaction_findings(
    name: str, statement: Statement, no_transaction: bool
) -> Iterator[LintFinding]:
    if statement.kind == "TransactionStmt":
        message = (
            "BEGIN/COMMIT/ROLLBACK/SAVEPOINT in a migration: remove it; each file runs in its "
            f"own transaction (or statement by statement with 'dragonfly:{NO_TRANSACTION}')."
        )
        yield LintFinding(name, statement.line, "transaction-control", message)
    elif not no_transaction and needs_autocommit(statement.node):
        message = (
            "this statement cannot run inside a transaction; put it in its own file headed "
            f"'-- dragonfly:{NO_TRANSACTION}'."
        )
        yield LintFinding(name, statement.line, "needs-no-transaction", message)


def needs_autocommit(node: dict[str, Any]) -> bool:
    """Statements PostgreSQL refuses inside a transaction block (CONCURRENTLY, VACUUM, ...)."""
    kind, body = next(iter(node.items()))
    if kind in AUTOCOMMIT_ONLY:
        return True
    if kind in ("IndexStmt", "DropStmt"):
        return bool(body.get("concurrent"))
    if kind == "ReindexStmt":
        params = body.get("params", ())
        return any(p.get("DefElem", {}).get("defname") == "concurrently" for p in params)
    if kind == "AlterTableStmt":
        return any(
            cmd.get("AlterTableCmd", {}).get("def", {}).get("PartitionCmd", {}).get("concurrent")
            for cmd in body.get("cmds", ())
        )
    return False


def walk(node: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(type, fields) of every parse node in a JSON tree: CTEs, subqueries, rule actions, ..."""
    if isinstance(node, list):
        for item in node:
            yield from walk(item)
    elif isinstance(node, dict):
        if len(node) == 1:
            kind, body = next(iter(node.items()))
            if kind[:1].isupper() and isinstance(body, dict):
                yield kind, body
                yield from walk(body)
                return
        for value in node.values():
            if isinstance(value, dict | list):
                yield from walk(value)
