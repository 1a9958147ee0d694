"""Opening an import file: size limits, SHA-256, gzip, UTF-16, and text decoding without mojibake.

The file is read in chunks; gzip is unpacked and UTF-16 turned into UTF-8 chunk by chunk, and
each chunk passes the limits (limits.py) before it is kept, so no file grows memory past them.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from dragonfly.ingest.limits import (
    FileRefused,
    InputLimits,
    TextScan,
    check_unpacked,
    decode_bytes,
)

__all__ = ["FileContent", "FileRefused", "decode_text", "file_sha256", "read_file"]

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
CHUNK = 1 << 20


@dataclass(frozen=True)
class FileContent:
    path: Path
    sha256: str
    data: bytes  # after gunzip; UTF-16 text is already UTF-8 here
    is_xlsx: bool


def file_sha256(path: Path, max_bytes: int) -> str:
    """The SHA-256 of the file as given, refusing a missing file or one over `max_bytes`."""
    if not path.is_file():
        raise FileRefused(f"{path} does not exist or is not a file.")
    size = path.stat().st_size
    if size > max_bytes:
        raise FileRefused(
            f"{path.name} is {size:,} bytes, over the import limit of {max_bytes:,} bytes "
            "(DRAGONFLY_IMPORT_MAX_BYTES). Split the file or raise the limit."
        )
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def read_file(path: Path, limits: InputLimits, sha256: str) -> FileContent:
    """The file's content, unpacked; refused by `limits` before any of it is kept."""
    name = path.name
    with path.open("rb") as handle:
        is_xlsx = _check_limits(handle, name, limits)
        handle.seek(0)
        data = b"".join(_content_chunks(handle, name, limits))
    return FileContent(path, sha256, data, is_xlsx)


def _check_limits(handle: BinaryIO, name: str, limits: InputLimits) -> bool:
    """A first pass over the whole content, keeping nothing; True when it is a workbook.

    Unpacking twice costs far less than holding a hostile file while finding out it is one.
    """
    chunks = _content_chunks(handle, name, limits)
    first = next(chunks, b"")
    if first.startswith(ZIP_MAGIC):  # a workbook: its insides are checked in workbooks.py
        for _ in chunks:  # the unpacked-size limit still applies to a gzipped workbook
            pass
        return True
    scan = TextScan(name, limits)
    for chunk in _prepend(first, chunks):
        scan.feed(chunk)
    scan.finish()
    return False


def _content_chunks(handle: BinaryIO, name: str, limits: InputLimits) -> Iterator[bytes]:
    chunks = _unpacked_chunks(handle, name, limits)
    first = next(chunks, b"")
    if first.startswith(UTF16_BOMS):
        return _utf16_as_utf8(first, chunks, name)
    return _prepend(first, chunks)


def _prepend(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def _unpacked_chunks(handle: BinaryIO, name: str, limits: InputLimits) -> Iterator[bytes]:
    """The file in chunks, gunzipped when gzip; refused once it unpacks past the limit."""
    if handle.read(2) != GZIP_MAGIC:
        handle.seek(0)
        while chunk := handle.read(CHUNK):
            yield chunk
        return
    handle.seek(0)
    unpacked = 0
    try:
        with gzip.GzipFile(fileobj=handle) as stream:
            while chunk := stream.read(CHUNK):
                unpacked += len(chunk)
                check_unpacked(name, unpacked, handle.tell(), limits)
                yield chunk
    except (OSError, EOFError, zlib.error) as exc:
        raise FileRefused(f"{name} looks like gzip but cannot be unpacked: {exc}.") from exc


def _utf16_as_utf8(first: bytes, rest: Iterator[bytes], name: str) -> Iterator[bytes]:
    # Excel's "Unicode text" and many Windows tools save UTF-16 with a byte-order mark.
    decoder = codecs.getincrementaldecoder("utf-16")()
    try:
        for chunk in _prepend(first, rest):
            yield decoder.decode(chunk).encode("utf-8")
        yield decoder.decode(b"", final=True).encode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileRefused(
            f"{name} starts like UTF-16 text but is not valid UTF-16 ({exc.reason}). "
            "Save it again as CSV (UTF-8) and import that."
        ) from exc


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))


def _looks_binary(head: bytes) -> bool:
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return b"\x00" in head or controls > len(head) // 100


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (BOM removed); text that is not valid UTF-8 is Windows-1252, as spreadsheets save it.

    Line endings become LF, so a CRLF inside a quoted field counts as one line.
    """
    if _looks_binary(data[:65536]):
        raise FileRefused(
            f"{name} is not a text table (it contains binary data). "
            "Import CSV, TSV or XLSX files, plain or gzip."
        )
    text = decode_bytes(data).removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
