"""A data export saved as HTML: streamed with bounded memory, or refused with a sentence early (issue 27, item 4).

Before: a 50 MB HTML table took 3.65 GB and 240 s with nothing stored and no progress (BeautifulSoup built the whole
tree first); a 5 MB slice 128 s and 936 MB. Now the parser streams (memory follows the rows, not the markup), and a
file with more text than FinLens indexes from one file is refused with one sentence as soon as its text read
crosses that bound. The default run checks the rows, the decision and the memory of a 4 MB table; the
``reliability_slow`` group runs ``finlens index`` on the 50 MB table and indexes a 5 MB slice with progress.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.ingest import parsing
from app.core.ingest.parsing import IngestionError, parse_file

GB = 2**30
LINUX_ONLY = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads peak memory from /proc")


def write_table(path: Path, megabytes: float, seed: int = 1) -> Path:
    """An account ledger exported as one HTML table of about ``megabytes`` MB."""
    rng = random.Random(seed)
    target = int(megabytes * 2**20)
    with open(path, "w", encoding="utf-8") as out:
        out.write("<html><head><title>Ledger export</title><style>td{padding:2px}</style></head><body>\n<table>\n"
                  "<tr><th>Date</th><th>Account</th><th>Description</th><th>Debit</th><th>Credit</th>"
                  "<th>Balance</th></tr>\n")
        row = 0
        while out.tell() < target:
            row += 1
            out.write(f"<tr><td>2023-{row % 12 + 1:02d}-{row % 28 + 1:02d}</td><td>ACC-{row % 977:05d}</td>"
                      f"<td>Payment ref {row} vendor {rng.randint(1, 9999)}</td><td>{rng.randint(0, 99999):,}.50</td>"
                      f"<td>{rng.randint(0, 99999):,}.00</td><td>{rng.randint(0, 999999):,}.00</td></tr>\n")
        out.write("</table></body></html>\n")
    return path


# Each measured process reports its own peak resident memory as it ends: VmHWM of /proc/self/status, in bytes
# (not ru_maxrss, which after fork and exec still counts the parent's peak: this test process's models).
HWM = "int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) * 1024"
PEAK = ("import sys; from app.core.ingest.parsing import parse_file; doc = parse_file(sys.argv[1]); "
        f"print(len(doc.rows), {HWM})")
FINLENS_WITH_PEAK = ("import sys, runpy; sys.argv = ['finlens'] + sys.argv[1:]\n"
                     "try:\n    runpy.run_module('app', run_name='__main__')\nfinally:\n"
                     f"    print('PEAK', {HWM}, file=sys.stderr)")


def test_an_edgar_style_page_reads_as_before(tmp_path: Path) -> None:
    page = tmp_path / "filing.htm"
    page.write_text(
        '<?xml version="1.0" encoding="utf-8"?><html><head><title>10-K</title><script>x=1</script></head><body>'
        "<div><p>ACME CORP</p><p>Annual report <span>for <b>fiscal</b> 2023</span></p></div>"
        '<div style="page-break-after:always"></div><div>loose <p>Item 7. MD&amp;A</p> tail</div>'
        "<table><tr><td><p>Revenue</p></td><td>$</td><td>4,321</td></tr><tr><td>&#160;</td></tr></table>"
        "<!-- a comment --><ul><li>one</li><li>two <div>nested</div></li></ul><p>caf\u00e9 \u2014 \u20ac5</p>"
        "</body></html>", encoding="utf-8")
    rows = parse_file(page).rows
    assert [(r.page, r.text, r.is_table) for r in rows] == [
        (0, "ACME CORP", False), (0, "Annual report for fiscal 2023", False), (1, "Item 7. MD&A", False),
        (1, "Revenue $ 4,321", True), (1, "one", False), (1, "nested", False), (1, "caf\u00e9 \u2014 \u20ac5", False)]


def test_a_file_with_more_text_than_one_file_may_hold_is_refused_with_a_sentence(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = write_table(tmp_path / "ledger.html", 1)
    monkeypatch.setattr(parsing, "MAX_TEXT_CHARS", 200_000)
    with pytest.raises(IngestionError) as refused:
        parse_file(table)
    sentence = str(refused.value)
    assert sentence.startswith("This file holds more than") and "spreadsheet" in sentence
    assert sentence.count(". ") <= 2 and "\n" not in sentence
    monkeypatch.setattr(parsing, "MAX_TEXT_CHARS", 2_000_000)
    assert len(parse_file(table).rows) > 5000  # under the bound, every row is read


@LINUX_ONLY
def test_a_4_mb_table_parses_in_bounded_memory(tmp_path: Path) -> None:
    table = write_table(tmp_path / "ledger.html", 4)
    result = subprocess.run([sys.executable, "-c", PEAK, str(table)], capture_output=True, text=True, timeout=300,
                            check=True)
    rows, peak = (int(v) for v in result.stdout.split())
    assert rows > 30_000
    # BeautifulSoup's tree took about 250 MB here; streamed, Python and lxml with the rows stay near 80 MB.
    assert peak < 160 * 2**20, f"peak {peak / 2**20:.0f} MB"


@LINUX_ONLY
@pytest.mark.reliability_slow
def test_finlens_index_of_a_50_mb_table_says_it_is_too_large_quickly(tmp_path: Path) -> None:
    table = write_table(tmp_path / "ledger.html", 50)
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-c", FINLENS_WITH_PEAK, "--library", str(tmp_path / "library"), "index",
                          str(table)], capture_output=True, text=True, timeout=300)
    seconds = time.monotonic() - started
    peak = int(next(line.split()[1] for line in run.stderr.splitlines() if line.startswith("PEAK")))
    said = run.stdout + run.stderr
    assert "skipped: " in said and "more than 10 million characters of text" in said and "spreadsheet" in said, said
    assert "0 indexed" in said and "Traceback" not in said
    assert peak < 1 * GB, f"peak {peak / GB:.2f} GB"
    assert seconds < 120, f"{seconds:.0f} s before the sentence"
    assert run.returncode in (0, 1), said


@LINUX_ONLY
@pytest.mark.reliability_slow
def test_a_5_mb_slice_is_indexed_with_progress_in_bounded_memory(tmp_path: Path) -> None:
    table = write_table(tmp_path / "ledger-slice.html", 5)
    script = tmp_path / "index_with_progress.py"
    script.write_text(
        "import json, sys\n"
        "from pathlib import Path\n"
        "from app.core.retrieval.embedding import load_embedder\n"
        "from app.core.ingest.indexing import index_paths\n"
        "from app.core.store import Library\n"
        "fractions = []\n"
        "embedder = load_embedder('base')\n"
        "library = Library(Path(sys.argv[2]), model_id=embedder.model_id, model_hash=embedder.model_hash,\n"
        "                  dimension=embedder.dimension)\n"
        "report = index_paths([sys.argv[1]], library, embedder, on_progress=lambda p: fractions.append(p.fraction))\n"
        "print(json.dumps({'statuses': [o.status for o in report.outcomes], 'fractions': fractions,\n"
        f"                  'peak': {HWM}}}))\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    result = subprocess.run([sys.executable, str(script), str(table), str(tmp_path / "library")],
                            capture_output=True, text=True, timeout=1800, env=env)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["statuses"] == ["indexed"], summary["statuses"]
    during = [f for f in summary["fractions"] if 0 < f < 1]
    assert len(set(during)) >= 3, "no progress while the file was embedded"
    assert summary["peak"] < 1 * GB, f"peak {summary['peak'] / GB:.2f} GB"
