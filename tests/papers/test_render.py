"""The Typst step alone: a broken firm template is refused by name, an edited one takes effect at
once, and compiles from several threads at the same time all succeed."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from dragonfly.papers.render import TemplateError, compile_paper
from papers.conftest import pdf_text

DATA: dict[str, Any] = {"title": "T", "index_number": "I-1/2026", "as_of": "today"}
PAGE = '#import "common.typ": *\n#show: paper\n'


def test_a_broken_firm_template_is_refused_naming_it(tmp_path: Path) -> None:
    (tmp_path / "satisfaction_piece.typ").write_text(PAGE + "#let x = (\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"satisfaction_piece\.typ did not compile"):
        compile_paper("satisfaction_piece.typ", DATA, override=tmp_path)


def test_an_edited_firm_template_takes_effect_at_once(tmp_path: Path) -> None:
    page = tmp_path / "satisfaction_piece.typ"
    page.write_text(PAGE + "First wording for #data.index_number.\n", encoding="utf-8")
    first = compile_paper("satisfaction_piece.typ", DATA, override=tmp_path)
    page.write_text(PAGE + "Second wording for #data.index_number.\n", encoding="utf-8")
    second = compile_paper("satisfaction_piece.typ", DATA, override=tmp_path)
    assert "First wording for I-1/2026" in pdf_text(first.pdf)
    assert "Second wording for I-1/2026" in pdf_text(second.pdf)
    assert first.template_version != second.template_version


def test_a_missing_template_folder_or_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="does not exist"):
        compile_paper("satisfaction_piece.typ", DATA, override=tmp_path / "nope")
    with pytest.raises(TemplateError, match=r"No template named nope\.typ"):
        compile_paper("nope.typ", DATA)


def test_compiles_from_several_threads_at_once(tmp_path: Path) -> None:
    (tmp_path / "satisfaction_piece.typ").write_text(
        PAGE + "Paper #data.index_number.\n", encoding="utf-8"
    )

    def one(n: int) -> str:
        data = {**DATA, "index_number": f"I-{n}/2026"}
        return pdf_text(compile_paper("satisfaction_piece.typ", data, override=tmp_path).pdf)

    with ThreadPoolExecutor(max_workers=4) as pool:
        texts = list(pool.map(one, range(12)))
    assert all(f"Paper I-{n}/2026" in text for n, text in enumerate(texts))
