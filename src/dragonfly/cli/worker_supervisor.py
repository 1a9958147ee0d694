"""The job worker that `serve --with-worker` runs beside the server: started again whenever it
exits on its own, stopped with the server, never left behind."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading

from dragonfly.cli.output import error_console

STOP_SECONDS = 30  # how long the worker may finish its running jobs when the server stops
FIRST_RESTART_WAIT = 1.0
MAX_RESTART_WAIT = 60.0  # a worker that cannot start (bad setting) is retried this often


def _die_with_parent() -> None:
    """Linux: the worker gets SIGTERM when the thread that started it ends, even by SIGKILL."""
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def start_worker_process() -> subprocess.Popen[bytes]:
    preexec = _die_with_parent if sys.platform == "linux" else None
    return subprocess.Popen([sys.executable, "-m", "dragonfly", "worker"], preexec_fn=preexec)


def stop_worker_process(worker: subprocess.Popen[bytes]) -> None:
    """Ask the worker to stop (its running jobs finish); kill it if it takes too long."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        # A job cut short here is failed and queued again by the next worker.
        worker.kill()
        worker.wait()


class SupervisedWorker:
    """A worker process watched by a thread of its own, which starts a new one if it exits."""

    def __init__(self) -> None:
        self._stopping = threading.Event()
        self._ready = threading.Event()
        self.process: subprocess.Popen[bytes] | None = None
        # The watching thread starts every worker: the parent-death signal is tied to the
        # thread that started the process, and this one lives until `stop`.
        self._thread = threading.Thread(target=self._watch, name="worker-supervisor", daemon=True)
        self._thread.start()
        self._ready.wait()

    def _watch(self) -> None:
        self.process = start_worker_process()
        self._ready.set()
        wait = FIRST_RESTART_WAIT
        while not self._stopping.wait(0.5):
            code = self.process.poll()
            if code is None or self._stopping.is_set():
                continue
            error_console.print(
                f"[yellow]The job worker exited (code {code});[/] "
                f"starting another in {wait:.0f} s.",
                highlight=False,
            )
            if self._stopping.wait(wait):
                return
            self.process = start_worker_process()
            wait = min(wait * 2, MAX_RESTART_WAIT)

    def stop(self) -> None:
        self._stopping.set()
        if self.process is not None:
            stop_worker_process(self.process)
        self._thread.join(timeout=5)
