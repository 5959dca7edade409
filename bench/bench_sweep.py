"""Benchmark: the whole publication over many synthetic councils (and the peer data), as a council would run it.

For each case (seed, children in care, return years) it makes the data with
``cpanalysis synth``, runs two consecutive quarters with ``cpanalysis run``
(the second audited with the first, as a reader holds both), and prints, per
quarter: the exit code, pages published, pages the gate refused, what the
audit read and found, and the share of the scorecard's measures shown (not
hidden) from the run log. With ``--peer`` the peer SSDA903 data in
``../shared/peer-903`` is run too, as a council's own data.

Issue 11 asks that the gate never refuses the project's own pages and the
audit never finds a small count, on seeds 1 to 5, 60 to 2,500 children and 1
to 8 years; this prints the evidence, and exits 1 when either happens.

    python bench/bench_sweep.py                  # the default grid
    python bench/bench_sweep.py --case 3:60:5    # one case: seed 3, 60 children, 5 years
    python bench/bench_sweep.py --peer
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEER = ROOT.parent / "shared" / "peer-903" / "multi-year-2017-2021"

#: (seed, children, years) and the two quarters run; the last return year is 2025-26 unless years are few.
GRID = [(1, 540, 8), (2, 60, 1), (3, 60, 5), (4, 150, 3), (5, 2500, 2)]


def _quarters(years: int) -> list[str]:
    # The data end in 2025-26; a one-year council can only report within that year.
    return ["2025-26-Q1", "2025-26-Q2"] if years == 1 else ["2024-25-Q2", "2024-25-Q3"]


def _run(root: Path, raw: Path, quarter: str, extra: list[str]) -> dict:
    cmd = [sys.executable, "-m", "cpanalysis", "run", "--quarter", quarter, "--raw", str(raw),
           "--processed", str(root / "processed"), "--outputs", str(root / "outputs"),
           "--private", str(root / "private"), "--notebooks", str(ROOT / "notebooks"), *extra]
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=root)
    out = root / "outputs" / quarter
    log = json.loads((root / "private" / quarter / "run_log.json").read_text()) \
        if (root / "private" / quarter / "run_log.json").is_file() else {}
    shown = log.get("protection", {}).get("scorecard", {})  # the private log: both kinds of hidden
    total = sum(shown.values()) or 1
    visible = sum(v for k, v in shown.items() if k.startswith(("shown", "rounded")))
    return {
        "quarter": quarter, "exit": done.returncode, "seconds": round(time.perf_counter() - started, 1),
        "pages": len([p for p in out.glob("*.html") if p.name != "index.html"]) if out.is_dir() else 0,
        "refused": sum(1 for r in log.get("notebooks", []) if r.get("status") == "refused"),
        "failed": sum(1 for r in log.get("notebooks", []) if r.get("status") == "failed"),
        "audit": log.get("audit", {}), "scorecard": shown,
        "shown_share": round(visible / total, 3), "tail": done.stderr.strip().splitlines()[-3:],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", action="append", help="seed:children:years (repeatable); default the grid")
    ap.add_argument("--peer", action="store_true", help="also run the peer data (2020-21 Q3 and Q4)")
    args = ap.parse_args()
    cases = [tuple(int(x) for x in c.split(":")) for c in args.case] if args.case else GRID
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        runs: list[tuple[str, Path, Path, list[str], list[str]]] = []
        for seed, children, years in cases:
            root = Path(tmp) / f"s{seed}-c{children}-y{years}"
            root.mkdir()
            subprocess.run([sys.executable, "-m", "cpanalysis", "synth", "--out", str(root / "raw"), "--seed", str(seed),
                            "--children", str(children), "--years", str(years)], check=True, capture_output=True)
            runs.append((f"seed {seed}, {children} children, {years} years", root, root / "raw", _quarters(years), []))
        if args.peer and PEER.is_dir():
            root = Path(tmp) / "peer"
            root.mkdir()
            runs.append(("peer data", root, PEER, ["2020-21-Q3", "2020-21-Q4"],
                         ["--council", "Peer Council", "--max-quarantined", "0.3"]))
        for name, root, raw, quarters, extra in runs:
            for q in quarters:
                r = _run(root, raw, q, extra)
                audit = r["audit"]
                print(f"{name:34} {q}: exit {r['exit']}, {r['pages']} pages, {r['refused']} refused by the gate, "
                      f"{r['failed']} failed; audit over {len(audit.get('quarters', []))} quarter(s): "
                      f"{len(audit.get('findings', []))} finding(s), {audit.get('seconds', '?')} s; "
                      f"scorecard shown {r['shown_share']:.0%} {r['scorecard']}; run {r['seconds']} s")
                if r["exit"] or r["refused"] or audit.get("findings"):
                    bad += 1
                    print("    " + "\n    ".join(r["tail"]))
    print(f"{bad} run(s) with a refusal, a failure or an audit finding")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
