"""A judgment repeated within one file: the first good line counts, later good ones are rejected
with the line they repeat; the same number in another court, or a rejected line, is no repeat."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ingest_support import write

from dragonfly.core.config import Settings
from dragonfly.ingest.files import file_sha256, read_file
from dragonfly.ingest.limits import InputLimits
from dragonfly.ingest.specs import get_spec
from dragonfly.ingest.tables import read_table
from dragonfly.ingest.validation import validate

HEADER = "Index No,Plf. Name,Def. Name,Amt,Jdgmt Date,Venue\n"


def test_repeats_are_found_by_identity_among_the_good_lines(tmp_path: Path) -> None:
    text = HEADER + (
        "1/24,Acme Funding LLC,Debtor One,1500.00,03/15/2024,Kings\n"  # 2 first
        "1/24,Acme Funding LLC,Debtor One,1500.00,03/15/2024,Queens\n"  # 3 another court
        "1/24,Acme Funding LLC,Debtor One,x,03/15/2024,Kings\n"  # 4 bad amount first
        "1/24,Acme Funding LLC,Debtor One,1500.00,03/15/2024,Kings\n"  # 5 repeats 2
        "1 / 24,Acme Funding LLC,Debtor One,1500.00,03/15/2024,Kings\n"  # 6 same key: repeats 2
        "2/24,Acme Funding LLC,Debtor Two,x,03/15/2024,Kings\n"  # 7 bad amount
        "2/24,Acme Funding LLC,Debtor Two,1500.00,03/15/2024,Kings\n"  # 8 the first good one
        "2/24,Acme Funding LLC,Debtor Two,1500.00,03/15/2024,Kings\n"  # 9 repeats 8
        "3/24,Acme Funding LLC,Debtor Three,1500.00,03/15/2024,Kings\n"  # 10 alone
    )
    settings = Settings()
    limits = InputLimits.from_settings(settings)
    path = write(tmp_path, "repeats.csv", text)
    table = read_table(read_file(path, limits, file_sha256(path, 10_000_000)), limits)
    result = validate(table, get_spec("foil", settings).bind(table.headers), date(2026, 11, 23))

    assert result.clean["line_number"].to_list() == [2, 3, 8, 10]
    assert result.rejects.select("line_number", "reason_code", "detail").rows() == [
        (4, "bad_amount", "principal 'x' is not an amount like 12,500.00"),
        (5, "duplicate_in_file", "same judgment as line 2"),
        (6, "duplicate_in_file", "same judgment as line 2"),
        (7, "bad_amount", "principal 'x' is not an amount like 12,500.00"),
        (9, "duplicate_in_file", "same judgment as line 8"),
    ]
