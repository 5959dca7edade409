"""Protection and audit for one quarter, at 540 and 2,500 children: the time each takes.

What is timed (synthetic council, seed 1, 8 return years, 2024-25 Q3), after
the measures themselves are worked out once (``MeasureData`` keeps them):

* **protection**: every scorecard value of the quarter and the quarter before,
  each protected on its own (:mod:`cpanalysis.measures.disclosure`) and across
  measures and the quarters of the year (:mod:`cpanalysis.measures.linked`);
* **tables and audit**: the placement stability page's protected tables
  (moves by number, reason, type and distance; out of borough; overdue
  reviews), each suppressed and proved by the interval attack
  (:func:`cpanalysis.protect.suppress`, :func:`cpanalysis.protect.audit`);
* **Virtual School page**: the whole annual page as the run makes it before
  the notebooks (:func:`cpanalysis.virtual_school.page.build_page`): every
  table protected, the page's ledger reading them together and the page built
  again until nothing is exposed (:func:`cpanalysis.protect.ledger.protect_page`);
  its charts are drawn on each build. Printed with the cells hidden for the
  page as a whole. Timed once (it is the slowest).

Target (issue 11): under 5 s each. Protection is decided table by table plus
the ties in ``measures/linked.py``; the whole-publication intruder that checks
it runs in the tests (``bench/bench_attack.py`` times it).

Run: ``.venv/bin/python bench/bench_protection.py``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cpanalysis.measures import MeasureData
from cpanalysis.measures.deep_dives import out_of_borough, placement_moves, reviews_overdue
from cpanalysis.measures.scorecard import scorecard
from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.quarters import Quarter
from cpanalysis.virtual_school.page import build_page

QUARTER = Quarter(2024, 3)
POLICY = DisclosurePolicy(threshold=5)


def _build(children: int, root: Path) -> Path:
    for args in (["synth", "--out", str(root / "raw"), "--seed", "1", "--children", str(children)],
                 ["build", "--raw", str(root / "raw"), "--processed", str(root / "p")]):
        done = subprocess.run([sys.executable, "-m", "cpanalysis", *args], capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(done.stderr)
    return root / "p"


def _best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    print(f"{'children':>9} {'measures s':>11} {'protection s':>13} {'tables+audit s':>15} {'VS page s':>10}"
          f" {'hidden for the page':>20}")
    with tempfile.TemporaryDirectory() as tmp:
        for children in (540, 2500):
            data = MeasureData.from_processed(_build(children, Path(tmp) / str(children)))
            t = time.perf_counter()
            scorecard(data, QUARTER, policy=POLICY)          # works out and keeps every measure
            measures = time.perf_counter() - t
            protection = _best(lambda: scorecard(data, QUARTER, policy=POLICY))
            tables = _best(lambda: (placement_moves(data, QUARTER, POLICY), out_of_borough(data, QUARTER, POLICY),
                                    reviews_overdue(data, QUARTER, POLICY)))
            t = time.perf_counter()
            page = build_page(QUARTER.label, raw_dir=Path(tmp) / str(children) / "raw",
                              processed_dir=Path(tmp) / str(children) / "p", policy=POLICY, council="Bench",
                              la_code="", inputs={})
            vs = time.perf_counter() - t
            hidden = sum(len(cells) for cells in page.hidden_for_page.values())
            print(f"{children:>9} {measures:>11.2f} {protection:>13.2f} {tables:>15.2f} {vs:>10.2f} {hidden:>20}")


if __name__ == "__main__":
    main()
