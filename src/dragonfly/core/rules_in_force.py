"""The rules table in force: the firm's own file when DRAGONFLY_RULES names one, else the shipped.

Read once per process and again only when the file changes (its size or modification time).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from dragonfly.core.config import Settings, get_settings
from dragonfly.domain.rules import Rules, load_rules


def rules_in_force(settings: Settings | None = None) -> Rules:
    path = (settings or get_settings()).dragonfly_rules
    return _rules_at(path, _file_stamp(path))


def _file_stamp(path: Path | None) -> tuple[int, int] | None:
    if path is None:
        return None
    try:
        stat = Path(path).stat()
    except OSError:
        return None  # load_rules reports the unreadable file in its own words
    return stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=8)
def _rules_at(path: Path | None, stamp: tuple[int, int] | None) -> Rules:
    # `stamp` is part of the cache key only: a changed file is a new key, so it is read again.
    return load_rules(path)
