"""The one exception root. Expected failures carry a user-facing message and an exit code."""

from __future__ import annotations


class DragonflyError(Exception):
    """A failure a user can act on: the message says what failed, why, and what to do."""

    exit_code = 1
    code = "error"

    def __init__(self, message: str, *, details: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}


class ConfigError(DragonflyError):
    """A setting is missing or malformed."""

    exit_code = 2
    code = "config_error"


class InputError(DragonflyError):
    """Bad input from the user: a file, an argument, a request body."""

    exit_code = 2
    code = "bad_input"


class DatabaseError(DragonflyError):
    """The database could not be reached or refused a statement."""

    exit_code = 3
    code = "database_error"
