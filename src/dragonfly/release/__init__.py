"""The release pipeline: preflight, tests, migrations, deploy + verify, notify.

Public surface: `load_release_config`, `run_release`, `plan_release` (dry run),
`release_history`, `append_summary`, and the exit codes in `model`.
"""

from dragonfly.release.config import ReleaseConfig, load_release_config, parse_release_config
from dragonfly.release.dryrun import plan_release
from dragonfly.release.errors import ReleaseConfigError, ReleaseLocked
from dragonfly.release.history import History, release_history
from dragonfly.release.model import Outcome, StepStatus
from dragonfly.release.pipeline import ReleaseReport, run_release
from dragonfly.release.summary import append_summary, summary_markdown

__all__ = [
    "History",
    "Outcome",
    "ReleaseConfig",
    "ReleaseConfigError",
    "ReleaseLocked",
    "ReleaseReport",
    "StepStatus",
    "append_summary",
    "load_release_config",
    "parse_release_config",
    "plan_release",
    "release_history",
    "run_release",
    "summary_markdown",
]
