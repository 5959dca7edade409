"""An intruder that reads every published page of a run together and works out hidden counts.

Written independently of the protection code: it imports nothing from
``cpanalysis.protect`` or ``cpanalysis.measures`` and sees only the HTML a reader sees.

* :mod:`.pages` reads tables (caption, headers, cells) and number sentences out of HTML;
* :mod:`.numbers` turns a printed cell (``c``, ``1,186``, ``93.6%``, ``about 95%``) into
  what a reader knows about it;
* :mod:`.reader` turns the pages of one or more quarters into integer variables and
  linear constraints a reader can justify (totals, parts of a whole, the same figure
  printed twice, year to date across quarters, percentages of their bases);
* :mod:`.attack` minimises and maximises every variable with HiGHS (LP, then MILP where the
  LP bounds are fractional) and reports the counts from 1 to 4 it pins down.

Not modelled (a reader could try them; they are left for later): averages and rates
(days to adoption, SDQ and Attainment 8 averages: a year-to-date average over a few added
children is an attribute disclosure, not a count), confidence intervals (they add little
to a printed percentage whose base is printed), sentences beyond counts from 1 to 4 stated
in words (:func:`.reader.small_counts_in_words`), and the CSV and Excel downloads (on the
pages tried they repeat the HTML tables cell for cell).

This package sits where the older helper module ``attack/intruder.py`` (percentage and
table helpers used by the other attack tests) sits, and shadows it on import; its names are
re-exported here, loaded lazily from that file, so those tests keep working unchanged.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from .attack import Finding, attack
from .model import Model
from .reader import read_pages, read_publication

__all__ = ["Finding", "Model", "attack", "read_pages", "read_publication"]

_LEGACY = ("counts_for", "differences", "pinned_small", "tables", "table")


def __getattr__(name: str):
    """The older helpers of ``attack/intruder.py``, loaded on first use."""
    if name not in _LEGACY:
        raise AttributeError(name)
    mod = sys.modules.get("attack._intruder_helpers")
    if mod is None:
        path = Path(__file__).resolve().parent.parent / "intruder.py"
        spec = importlib.util.spec_from_file_location("attack._intruder_helpers", path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod
        spec.loader.exec_module(mod)
    return getattr(mod, name)
