"""The one exception root and its kinds. Expected failures carry a user-facing message and an exit
code; none knows about HTTP (the API maps kinds to statuses in api/errors.py)."""

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

    @classmethod
    def in_field(cls, field: str, message: str, detail: str | None = None) -> InputError:
        """Bad input in one named field; the API names it in `details.errors`, as it does for
        a request that fails validation."""
        return cls(message, details={"errors": [{"field": field, "message": detail or message}]})


class DatabaseError(DragonflyError):
    """The database could not be reached or refused a statement."""

    exit_code = 3
    code = "database_error"


class NotFound(DragonflyError):
    """The record asked for does not exist."""

    code = "not_found"


class Conflict(DragonflyError):
    """The request conflicts with the record's current state."""

    code = "conflict"


class Unauthorized(DragonflyError):
    """Not signed in, or the credentials are wrong."""

    code = "unauthorized"


class Forbidden(DragonflyError):
    """Signed in, but this role may not do this."""

    code = "forbidden"


class Throttled(DragonflyError):
    """Too many attempts; try again after `retry_after` seconds."""

    code = "throttled"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, details={"retry_after_seconds": retry_after})
        self.retry_after = retry_after


def first_line(exc: BaseException) -> str:
    """A driver's error in one plain line (its first), or the error's type when it says nothing."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
