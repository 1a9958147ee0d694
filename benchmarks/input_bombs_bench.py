"""Input bombs: peak memory of the process importing each hostile file (issue 14).

Target: no input raises the importing process's memory by more than 500 MB. Each bomb is made in
a temporary folder (deleted afterwards) and imported by `import_file` in a child process, whose
resident memory is watched; a child is stopped at the ceiling (default 3 GB) or after the timeout
and reported as "> ceiling" or "still running". `--src DIR` runs the child against another
checkout's `src` (an earlier commit), for before/after figures from the same script. Imports go
to a scratch database on the configured server (DATABASE_URL, the embedded one, or --admin-url).

    python benchmarks/input_bombs_bench.py [--only gzip] [--src /path/to/old/src] [--admin-url ...]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import psutil

from bench_databases import admin_url, scratch_database
from dragonfly.migrate import apply_migrations

MB = 1_000_000
FOIL_HEADER = b"Index No,Plf. Name,Def. Name,Amt,Jdgmt Date,Venue\n"
FOIL_ROW = b"1/24,Acme Funding LLC,Debtor One,1500.00,03/15/2024,Kings\n"


def wide_header(path: Path, size: int) -> None:
    path.write_bytes(b"x," * (size // 2))


def gzip_bomb(path: Path, unpacked: int) -> None:
    block = FOIL_ROW * (MB // len(FOIL_ROW))
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(FOIL_HEADER)
        for _ in range(unpacked // len(block)):
            out.write(block)


def xlsx_bomb(path: Path, unpacked: int) -> None:
    """A workbook whose one sheet's XML unpacks to about `unpacked` bytes of small rows."""
    names = ["Index No", "Plf. Name", "Def. Name", "Amt", "Jdgmt Date", "Venue"]
    header = "".join(f'<c t="inlineStr"><is><t>{n}</t></is></c>' for n in names)
    cells = '<c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c><c><v>1500</v></c>'
    cells += '<c t="s"><v>3</v></c><c t="s"><v>4</v></c>'
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
            'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
            '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.'
            'xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats'
            '.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target='
            '"worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats'
            '.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/sharedStrings.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main"><si><t>1/24</t></si><si><t>Acme Funding LLC</t></si><si>'
            "<t>Debtor One</t></si><si><t>03/15/2024</t></si><si><t>Kings</t></si></sst>"
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for name, text in parts.items():
            book.writestr(name, text)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                + f'<row r="1">{header}</row>'.encode()
            )
            written, row = 0, 2
            while written < unpacked:
                block = "".join(f'<row r="{n}">{cells}</row>' for n in range(row, row + 10_000))
                sheet.write(block.encode())
                written, row = written + len(block), row + 10_000
            sheet.write(b"</sheetData></worksheet>")


def just_under_the_limits(path: Path, unpacked: int) -> None:
    """Not a red-team file: long lines in one column, just under every default limit."""
    line = b"x" * 60_000 + b"\n"
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(b"Notes\n")
        for _ in range(unpacked // len(line)):
            out.write(line)


BOMBS: dict[str, tuple[str, Callable[[Path], None]]] = {
    "wide200k": ("wide.csv", lambda p: wide_header(p, 200_000)),
    "wide800k": ("wide.csv", lambda p: wide_header(p, 800_000)),
    "longline": ("line.csv", lambda p: wide_header(p, 50 * MB)),
    "gzip": ("bomb.csv.gz", lambda p: gzip_bomb(p, 1200 * MB)),
    "xlsx": ("bomb.xlsx", lambda p: xlsx_bomb(p, 592 * MB)),
    "atlimits": ("notes.csv.gz", lambda p: just_under_the_limits(p, 530 * MB)),
}


def child(url: str, path: str) -> None:
    """The importing process: report its own baseline, import, report the outcome."""
    from dragonfly.ingest import import_file

    baseline = psutil.Process().memory_info().rss
    print(json.dumps({"baseline": baseline, "module": sys.modules["dragonfly"].__file__}))
    sys.stdout.flush()
    try:
        result = import_file(url, path)
        outcome = f"imported: {result.message}"
    except Exception as exc:  # a benchmark reports whatever happened
        outcome = f"{type(exc).__name__}: {exc}"
    print(json.dumps({"outcome": outcome}))


def run_child(
    url: str, path: Path, src: str | None, ceiling: int, timeout: float
) -> dict[str, str]:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    command = [sys.executable, __file__, "--child", url, str(path)]
    started = time.monotonic()
    # A hard backstop beside the watched ceiling (address space, which runs ahead of resident
    # memory by a few GB of reservations), so a runaway child cannot take the machine.
    backstop = ceiling + 6000 * MB

    def limit_address_space() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (backstop, backstop))

    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, text=True, preexec_fn=limit_address_space
    )
    watched, peak, stopped = psutil.Process(proc.pid), 0, ""
    while True:
        pid, _, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            peak = max(peak, usage.ru_maxrss * 1024)  # Linux reports KiB
            break
        try:
            peak = max(peak, watched.memory_info().rss)
        except psutil.NoSuchProcess:
            continue
        if peak > ceiling or time.monotonic() - started > timeout:
            stopped = "over the ceiling" if peak > ceiling else f"still running at {timeout:.0f} s"
            proc.kill()
        time.sleep(0.02)
    elapsed = time.monotonic() - started
    lines = [json.loads(line) for line in (proc.stdout.read() if proc.stdout else "").splitlines()]
    baseline = next((line["baseline"] for line in lines if "baseline" in line), 0)
    outcome = next((line["outcome"] for line in lines if "outcome" in line), stopped)
    raised = peak - baseline
    shown = f"> {ceiling / MB:,.0f} MB" if stopped.startswith("over") else f"{raised / MB:,.0f} MB"
    return {"raised": shown, "peak": f"{peak / MB:,.0f} MB", "seconds": f"{elapsed:.1f}",
            "outcome": outcome[:150]}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(BOMBS), action="append")
    parser.add_argument("--src", help="run the importing child against this source folder")
    parser.add_argument("--admin-url", help="server URL allowed to create databases")
    parser.add_argument("--ceiling-mb", type=int, default=3000)
    parser.add_argument("--timeout", type=float, default=180.0)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    names = args.only or list(BOMBS)
    with (
        tempfile.TemporaryDirectory(prefix="dragonfly-bombs-") as folder,
        scratch_database(admin_url(args.admin_url), "bombs") as url,
    ):
        apply_migrations(url)
        print(
            f"{'bomb':<10} {'file':>10} {'raised by':>11} {'peak RSS':>10} {'seconds':>8}  outcome"
        )
        for name in names:
            filename, make = BOMBS[name]
            path = Path(folder) / filename
            make(path)
            size = f"{path.stat().st_size / MB:,.1f} MB"
            figures = run_child(url, path, args.src, args.ceiling_mb * MB, args.timeout)
            print(
                f"{name:<10} {size:>10} {figures['raised']:>11} {figures['peak']:>10} "
                f"{figures['seconds']:>8}  {figures['outcome']}",
                flush=True,
            )
            path.unlink()


if __name__ == "__main__":
    main()
