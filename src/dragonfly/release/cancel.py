"""Cancelling a release: SIGINT (what GitHub Actions sends first on a cancel) and SIGTERM stop
the step that is running, and the run is still recorded as cancelled and announced.

The first signal raises `ReleaseCancelled` in the main thread. It is a KeyboardInterrupt so that
psycopg cancels a running query on the server (a migration rolls back) and `subprocess.run`
kills the test command. Later signals are noted and ignored, so they cannot cut short the
record and the notification, which are bounded by `CANCEL_NOTIFY_SECONDS`.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

# GitHub Actions sends SIGTERM 7.5 s after SIGINT and kills the job 2.5 s later: the record
# and every notification must be done well inside that.
CANCEL_NOTIFY_SECONDS = 5.0
SIGNALS = (signal.SIGINT, signal.SIGTERM)


class ReleaseCancelled(KeyboardInterrupt):
    """A signal asked the release to stop."""

    def __init__(self, signal_name: str = "SIGINT") -> None:
        super().__init__(signal_name)
        self.signal_name = signal_name


def signal_name(exc: BaseException) -> str:
    """The signal behind a KeyboardInterrupt (a bare one is a Ctrl-C, so SIGINT)."""
    return exc.signal_name if isinstance(exc, ReleaseCancelled) else "SIGINT"


class CancelGuard:
    """While armed, the first SIGINT or SIGTERM raises ReleaseCancelled; afterwards signals
    are only remembered."""

    def __init__(self) -> None:
        self.armed = True
        self.received: list[str] = []

    def disarm(self) -> None:
        self.armed = False

    def handle(self, signum: int, frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        self.received.append(name)
        if self.armed:
            self.armed = False
            raise ReleaseCancelled(name)


@contextlib.contextmanager
def cancel_on_signals() -> Iterator[CancelGuard]:
    """Install the handlers for the duration (only possible in the main thread; elsewhere, as
    in tests that run a release on a thread, the guard is inert)."""
    guard = CancelGuard()
    if threading.current_thread() is not threading.main_thread():
        yield guard
        return
    previous = {sig: signal.getsignal(sig) for sig in SIGNALS}
    for sig in SIGNALS:
        signal.signal(sig, guard.handle)
    try:
        yield guard
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
