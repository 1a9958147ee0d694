"""Bounds on an import file's shape, checked while it streams in so memory never outgrows them.

A hostile or broken file (one header line of 100,000 columns, a 50 MB line, a gzip or workbook
that unpacks to gigabytes) is refused as soon as it crosses a limit, naming the limit and the
setting that raises it, instead of being parsed whole first.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from dragonfly.core.config import Settings
from dragonfly.errors import InputError


class FileRefused(InputError):
    """The file cannot be read as an import at all (missing, too large, not a table)."""

    code = "file_refused"


@dataclass(frozen=True)
class InputLimits:
    max_bytes: int  # the file as given
    max_unpacked_bytes: int  # gzip content, or everything inside an XLSX
    max_columns: int
    max_header_bytes: int
    max_line_bytes: int
    max_cells: int  # data rows x columns, over every sheet
    unpacked_setting: str  # the setting that bounds max_unpacked_bytes
    max_unpack_ratio: int  # unpacked / packed bytes, once past RATIO_FLOOR

    @classmethod
    def from_settings(cls, settings: Settings) -> InputLimits:
        # A gzip may never unpack past the plain-file limit either.
        unpacked = settings.dragonfly_import_max_unpacked_bytes
        by_file_limit = settings.dragonfly_import_max_bytes < unpacked
        return cls(
            max_bytes=settings.dragonfly_import_max_bytes,
            max_unpacked_bytes=settings.dragonfly_import_max_bytes if by_file_limit else unpacked,
            max_columns=settings.dragonfly_import_max_columns,
            max_header_bytes=settings.dragonfly_import_max_header_bytes,
            max_line_bytes=settings.dragonfly_import_max_line_bytes,
            max_cells=settings.dragonfly_import_max_cells,
            max_unpack_ratio=settings.dragonfly_import_max_unpack_ratio,
            unpacked_setting=(
                "DRAGONFLY_IMPORT_MAX_BYTES"
                if by_file_limit
                else "DRAGONFLY_IMPORT_MAX_UNPACKED_BYTES"
            ),
        )


def over_limit(name: str, what: str, limit: int, setting: str) -> FileRefused:
    """The refusal for a file past one limit: which limit, its value, and how to change it."""
    return FileRefused(
        f"{name} was refused: {what}, set by {setting}. Nothing was imported; if this really "
        f"is the file to import, split it or raise {setting}.",
        details={"limit": setting, "value": limit},
    )


def delimiter_of(first_line: str) -> str:
    """A tab when the header line has more tabs than commas, else a comma."""
    return "\t" if first_line.count("\t") > first_line.count(",") else ","


def decode_bytes(data: bytes) -> str:
    """UTF-8, else Windows-1252 as spreadsheets save it (Latin-1 for its five undefined bytes)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def check_columns(name: str, count: int, limits: InputLimits) -> None:
    if count > limits.max_columns:
        raise over_limit(
            name,
            f"its header row has {count:,} columns, over the limit of {limits.max_columns:,}",
            limits.max_columns,
            "DRAGONFLY_IMPORT_MAX_COLUMNS",
        )


def check_cells(name: str, cells: int, limits: InputLimits) -> None:
    if cells > limits.max_cells:
        raise over_limit(
            name,
            f"it holds more than the limit of {limits.max_cells:,} cells (data rows x columns)",
            limits.max_cells,
            "DRAGONFLY_IMPORT_MAX_CELLS",
        )


# Below this many unpacked bytes any ratio is accepted: small files compress however they like.
RATIO_FLOOR = 32 * 1024**2


def check_unpacked(name: str, unpacked: int, packed: int, limits: InputLimits) -> None:
    """Refuse content unpacking past the size limit, or far more than real tables compress."""
    if unpacked > limits.max_unpacked_bytes:
        raise unpacked_too_big(name, limits)
    ratio = limits.max_unpack_ratio
    if unpacked > RATIO_FLOOR and unpacked > ratio * max(packed, 1):
        raise over_limit(
            name,
            f"{packed:,} packed bytes unpack to over {unpacked:,}, more than the limit of "
            f"{ratio:,} times (real tables compress 5 to 20 times)",
            ratio,
            "DRAGONFLY_IMPORT_MAX_UNPACK_RATIO",
        )


def unpacked_too_big(name: str, limits: InputLimits) -> FileRefused:
    return over_limit(
        name,
        f"it unpacks to more than the limit of {limits.max_unpacked_bytes:,} bytes",
        limits.max_unpacked_bytes,
        limits.unpacked_setting,
    )


class TextScan:
    """Checks UTF-8 table text chunk by chunk: header length and columns, line length, cells.

    Only the header line is kept; everything else is measured and let go, so a file is refused
    at the first chunk that crosses a limit. Rows are counted as line breaks, an upper bound on
    records (a quoted field may span lines), which keeps the cell check cheap and conservative.
    """

    def __init__(self, name: str, limits: InputLimits) -> None:
        self.name, self.limits = name, limits
        self.header: bytearray | None = bytearray()
        self.width = 0
        self.line_bytes = 0  # the current, unfinished line
        self.breaks = 0

    def feed(self, chunk: bytes) -> None:
        if self.header is not None:
            newline = chunk.find(b"\n")
            self._grow_header(chunk, newline if newline >= 0 else len(chunk), newline >= 0)
        # In slices no longer than the line limit, only a line reaching a slice's edge can be
        # too long, so each slice needs a find, a count and an rfind, all in C.
        step = max(self.limits.max_line_bytes, 1)
        for start in range(0, len(chunk), step):
            end = min(start + step, len(chunk))
            first = chunk.find(b"\n", start, end)
            if first < 0:
                self.line_bytes += end - start
                self._check_line(self.line_bytes, self.breaks + 1)
                continue
            self._check_line(self.line_bytes + first - start, self.breaks + 1)
            self.breaks += chunk.count(b"\n", first, end)
            self.line_bytes = end - chunk.rfind(b"\n", first, end) - 1
        if self.width:
            check_cells(self.name, self.breaks * self.width, self.limits)

    def finish(self) -> None:
        if self.header is not None:
            self._grow_header(b"", 0, True)

    def _grow_header(self, chunk: bytes, end: int, finished: bool) -> None:
        assert self.header is not None
        if len(self.header) + end > self.limits.max_header_bytes:
            raise over_limit(
                self.name,
                f"its header row is longer than the limit of {self.limits.max_header_bytes:,}"
                " bytes",
                self.limits.max_header_bytes,
                "DRAGONFLY_IMPORT_MAX_HEADER_BYTES",
            )
        self.header += chunk[:end]
        if finished:
            line = decode_bytes(bytes(self.header)).removeprefix("\ufeff").rstrip("\r")
            fields = next(csv.reader([line], delimiter=delimiter_of(line)), [])
            check_columns(self.name, len(fields), self.limits)
            self.width, self.header = max(len(fields), 1), None

    def _check_line(self, size: int, number: int) -> None:
        if size > self.limits.max_line_bytes:
            raise over_limit(
                self.name,
                f"line {number:,} is longer than the limit of {self.limits.max_line_bytes:,} bytes",
                self.limits.max_line_bytes,
                "DRAGONFLY_IMPORT_MAX_LINE_BYTES",
            )


@dataclass(frozen=True)
class RejectLimit:
    """The share of a file's rows that may be rejected before the whole file is refused."""

    rate: float
    setting: str  # where it was set, to name in the refusal

    def describe(self, source: str) -> str:
        return f"the {source} limit of {self.rate:.1%} (set by {self.setting})"


def reject_limit(source: str, settings: Settings, given: float | None = None) -> RejectLimit:
    """`given` (one run's --max-reject-rate), else the source's own setting, else the default."""
    if given is not None:
        if not 0 <= given <= 1:
            raise InputError.in_field(
                "max_reject_rate",
                f"--max-reject-rate must be between 0 and 1 (0.10 = 10%), not {given}.",
            )
        return RejectLimit(given, "--max-reject-rate for this run")
    own = settings.dragonfly_import_reject_limits.get(source)
    if own is not None:
        return RejectLimit(own, f"DRAGONFLY_IMPORT_REJECT_LIMITS[{source}]")
    default = settings.dragonfly_import_max_reject_rate
    return RejectLimit(default, "DRAGONFLY_IMPORT_MAX_REJECT_RATE")
