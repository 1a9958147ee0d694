"""Opening an import file: size limit, SHA-256, gzip, and text decoding without mojibake."""

from __future__ import annotations

import gzip
import hashlib
import io
import zlib
from dataclasses import dataclass
from pathlib import Path

from dragonfly.errors import InputError

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"


class FileRefused(InputError):
    """The file cannot be read as an import at all (missing, too large, not a table)."""

    code = "file_refused"


@dataclass(frozen=True)
class FileContent:
    path: Path
    sha256: str
    data: bytes  # after gunzip
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


def read_file(path: Path, max_bytes: int, sha256: str) -> FileContent:
    """The file's bytes (gunzipped when gzip); `sha256` is from file_sha256."""
    raw = path.read_bytes()
    data = _gunzip(raw, path, max_bytes) if raw.startswith(GZIP_MAGIC) else raw
    return FileContent(path, sha256, data, data.startswith(ZIP_MAGIC))


def _gunzip(raw: bytes, path: Path, max_bytes: int) -> bytes:
    # Decompress in pieces so a small file cannot unpack into something huge.
    out = bytearray()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as stream:
            while chunk := stream.read(1 << 20):
                out += chunk
                if len(out) > max_bytes:
                    raise FileRefused(
                        f"{path.name} unpacks to more than the import limit of {max_bytes:,} "
                        "bytes (DRAGONFLY_IMPORT_MAX_BYTES)."
                    )
    except (OSError, EOFError, zlib.error) as exc:
        raise FileRefused(f"{path.name} looks like gzip but cannot be unpacked: {exc}.") from exc
    return bytes(out)


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
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps them, so decoding never fails.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
