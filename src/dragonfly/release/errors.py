"""Release failures that stop the command before a run starts, with their exit codes."""

from __future__ import annotations

from dragonfly.errors import DragonflyError


class ReleaseConfigError(DragonflyError):
    """release.toml is missing or malformed; the message names the field."""

    exit_code = 3
    code = "release_config"


class ReleaseLocked(DragonflyError):
    """Another release holds the lock and did not let go in time."""

    exit_code = 4
    code = "release_locked"


class CancelledBeforeStart(DragonflyError):
    """SIGINT or SIGTERM while waiting for the lock: no step had started."""

    exit_code = 5  # model.EXIT_CANCELLED, as for a run cancelled mid-way
    code = "release_cancelled"
