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
from typing import Literal

from pglast import ast, enums

from dragonfly.migrate.files import MigrationFile
from dragonfly.migrate.statements import Statement

ALLOW_DESTRUCTIVE = "allow-destructive"
NO_TRANSACTION = "no-transaction"
KNOWN_ANNOTATIONS = frozenset({ALLOW_DESTRUCTIVE, NO_TRANSACTION})

DROP_KINDS = {
    enums.ObjectType.OBJECT_TABLE: ("drop-table", "DROP TABLE"),
    enums.ObjectType.OBJECT_SCHEMA: ("drop-schema", "DROP SCHEMA"),
}
ALTER_KINDS = {
    enums.AlterTableType.AT_DropColumn: ("drop-column", "ALTER TABLE ... DROP COLUMN"),
    enums.AlterTableType.AT_AlterColumnType: ("alter-column-type", "ALTER COLUMN ... TYPE"),
}


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


def destructive_kinds(node: ast.Node) -> Iterator[tuple[str, str]]:
    """(rule, description) for each destructive operation in `node`, nested ones included."""
    for child in walk(node):
        if isinstance(child, ast.DropStmt) and child.removeType in DROP_KINDS:
            yield DROP_KINDS[child.removeType]
        elif isinstance(child, ast.AlterTableStmt):
            for cmd in child.cmds or ():
                if isinstance(cmd, ast.AlterTableCmd) and cmd.subtype in ALTER_KINDS:
                    yield ALTER_KINDS[cmd.subtype]
        elif isinstance(child, ast.TruncateStmt):
            yield "truncate", "TRUNCATE"
        elif isinstance(child, ast.DeleteStmt) and child.whereClause is None:
            yield "delete-without-where", "DELETE without WHERE"
        elif isinstance(child, ast.UpdateStmt) and child.whereClause is None:
            yield "update-without-where", "UPDATE without WHERE"
        elif isinstance(child, ast.RenameStmt) or (
            isinstance(child, ast.AlterEnumStmt) and child.oldVal
        ):
            yield "rename", "RENAME"


def _transaction_findings(
    name: str, statement: Statement, no_transaction: bool
) -> Iterator[LintFinding]:
    node = statement.node
    if isinstance(node, ast.TransactionStmt):
        message = (
            "BEGIN/COMMIT/ROLLBACK/SAVEPOINT in a migration: remove it; each file runs in its "
            f"own transaction (or statement by statement with 'dragonfly:{NO_TRANSACTION}')."
        )
        yield LintFinding(name, statement.line, "transaction-control", message)
    elif not no_transaction and needs_autocommit(node):
        message = (
            "this statement cannot run inside a transaction; put it in its own file headed "
            f"'-- dragonfly:{NO_TRANSACTION}'."
        )
        yield LintFinding(name, statement.line, "needs-no-transaction", message)


def needs_autocommit(node: ast.Node) -> bool:
    """Statements PostgreSQL refuses inside a transaction block."""
    if isinstance(node, ast.IndexStmt | ast.DropStmt):
        return bool(node.concurrent)
    if isinstance(node, ast.ReindexStmt):
        return any(
            isinstance(p, ast.DefElem) and p.defname == "concurrently" for p in node.params or ()
        )
    if isinstance(node, ast.AlterTableStmt):
        return any(
            isinstance(c, ast.AlterTableCmd)
            and c.subtype == enums.AlterTableType.AT_DetachPartition
            and isinstance(c.def_, ast.PartitionCmd)
            and bool(c.def_.concurrent)
            for c in node.cmds or ()
        )
    unsafe = (
        ast.VacuumStmt,
        ast.CreatedbStmt,
        ast.DropdbStmt,
        ast.AlterSystemStmt,
        ast.CreateTableSpaceStmt,
        ast.DropTableSpaceStmt,
    )
    return isinstance(node, unsafe)


def walk(node: ast.Node) -> Iterator[ast.Node]:
    """`node` and every node beneath it (CTEs, subqueries, rules, ...)."""
    yield node
    for slot in getattr(node, "__slots__", ()):
        value = getattr(node, slot, None)
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if isinstance(item, ast.Node):
                yield from walk(item)
            elif isinstance(item, tuple):
                for inner in item:
                    if isinstance(inner, ast.Node):
                        yield from walk(inner)
