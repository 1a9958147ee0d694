"""Typst templates compiled to US Letter PDF, with a firm's own files taking precedence.

The shipped templates live beside this module. A firm may put a file of the same name (for
example `satisfaction_piece.typ` or `statutory/acknowledgment_rpl_309a.typ`) in the folder named by
DRAGONFLY_PAPER_TEMPLATES; each compile uses that file instead. The template version recorded on
a paper is a digest of every file the compile could read, so a changed override is visible.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import typst

from dragonfly.errors import ConfigError

# Bump when a shipped template changes in a way a reader would notice.
TEMPLATE_SET = "papers-v1"


class TemplateError(ConfigError):
    code = "paper_template_invalid"


@dataclass(frozen=True)
class Compiled:
    pdf: bytes
    template_version: str


def shipped_templates() -> Path:
    return Path(str(resources.files("dragonfly.papers").joinpath("templates")))


def _gather(override: Path | None) -> dict[str, bytes]:
    """Relative path -> content, shipped files first, then the firm's files over them."""
    files: dict[str, bytes] = {}
    folders = [shipped_templates()] + ([override] if override else [])
    for folder in folders:
        if not folder.is_dir():
            raise TemplateError(
                f"The paper templates folder {folder} does not exist; fix "
                "DRAGONFLY_PAPER_TEMPLATES or unset it."
            )
        for path in sorted(folder.rglob("*.typ")):
            files[path.relative_to(folder).as_posix()] = path.read_bytes()
    return files


def gathered_templates(override: Path | None) -> dict[str, bytes]:
    """Every template file a compile could read (relative path -> content), the firm's first."""
    return _gather(override)


def _version(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name, content in sorted(files.items()):
        digest.update(name.encode() + b"\0" + content + b"\0")
    return f"{TEMPLATE_SET}+{digest.hexdigest()[:12]}"


class _Prepared:
    """One template tree written to a private folder, with a compiler kept warm (fonts loaded,
    files parsed) for the life of the process; a lock because a compiler is not re-entrant."""

    def __init__(self, files: dict[str, bytes], template: str) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="dragonfly-papers-")
        root = Path(self._folder.name)
        _write(files, root)
        self.lock = threading.Lock()
        self.compiler = typst.Compiler(
            str(root / template), root=str(root), ignore_system_fonts=True
        )


_PREPARED: dict[tuple[str, str], _Prepared] = {}
_PREPARED_LOCK = threading.Lock()


def _prepared(files: dict[str, bytes], template: str) -> _Prepared:
    key = (_version(files), template)
    with _PREPARED_LOCK:
        if key not in _PREPARED:
            if template not in files:
                raise TemplateError(f"No template named {template}.")
            if len(_PREPARED) >= 32:  # a firm editing its templates: forget the oldest
                _PREPARED.pop(next(iter(_PREPARED)))
            _PREPARED[key] = _Prepared(files, template)
        return _PREPARED[key]


def compile_paper(template: str, data: dict[str, Any], *, override: Path | None = None) -> Compiled:
    """Compile `template` (e.g. 'satisfaction_piece.typ') to PDF with `data` as its input.

    The files are read on every call, so an edited override takes effect at once; the compiler
    for an unchanged set of files is reused.
    """
    files = _gather(override)
    prepared = _prepared(files, template)
    try:
        with prepared.lock:
            pdf = prepared.compiler.compile(
                format="pdf", sys_inputs={"data": json.dumps(data, default=str)}
            )
    except typst.TypstError as exc:
        raise TemplateError(f"The template {template} did not compile: {exc}") from exc
    assert isinstance(pdf, bytes)
    return Compiled(pdf=pdf, template_version=_version(files))


def paper_pictures(
    template: str,
    data: dict[str, Any],
    folder: Path,
    stem: str,
    *,
    ppi: int = 60,
    override: Path | None = None,
) -> list[Path]:
    """PNG pictures of each page (for docs/papers/), made from the same template and data."""
    files = _gather(override)
    folder.mkdir(parents=True, exist_ok=True)
    with _tree(files, template) as root:
        typst.compile(
            str(root / template),
            output=str(folder / f"{stem}-{{p}}.png"),
            root=str(root),
            format="png",
            ppi=ppi,
            sys_inputs={"data": json.dumps(data, default=str)},
            ignore_system_fonts=True,
        )
    return sorted(folder.glob(f"{stem}-*.png"))


@contextmanager
def _tree(files: dict[str, bytes], template: str) -> Iterator[Path]:
    """The merged templates written to a private temporary folder, removed afterwards."""
    if template not in files:
        raise TemplateError(f"No template named {template}.")
    with tempfile.TemporaryDirectory(prefix="dragonfly-papers-") as tmp:
        _write(files, Path(tmp))
        yield Path(tmp)


def _write(files: dict[str, bytes], root: Path) -> None:
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
