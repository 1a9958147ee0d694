"""A vendor file over the default reject limit, shared by the refusal tests (ingest, API, CLI,
browser): ten judgments whose lines 3, 6 and 9 (30%) carry one bad value each."""

from __future__ import annotations

from pathlib import Path

HEADER = "Index No,Plf. Name,Def. Name,Amt,Jdgmt Date,Venue,Our Notes\n"
BAD = {3: {"Amt": "abc"}, 6: {"Jdgmt Date": "13/45/2024"}, 9: {"Venue": "Gotham"}}


def vendor_file(folder: Path, name: str = "vendor.csv") -> Path:
    """Ten judgments (FOIL headers plus a column of the firm's own); 3 bad, on lines 3, 6, 9."""
    rows = []
    for line in range(2, 12):
        row = {
            "Index No": f"{line}/24", "Plf. Name": "Acme Funding LLC",
            "Def. Name": f"Debtor {line}", "Amt": "1,500.00", "Jdgmt Date": "03/15/2024",
            "Venue": "Kings", "Our Notes": f"note {line}",
        }  # fmt: skip
        row.update(BAD.get(line, {}))
        rows.append(",".join(f'"{v}"' for v in row.values()))
    path = folder / name
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path
