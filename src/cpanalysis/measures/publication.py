"""The quarter's protected figures, worked out once per run: :class:`QuarterPublication`.

A run builds one :class:`QuarterPublication` before any notebook starts
(:func:`build_publication`): the run's data with the council's own inputs
(:func:`run_data`), the comparators, the targets, and the protected scorecard
of the quarter, every figure already through the protection
(:func:`cpanalysis.measures.scorecard.scorecard`). It is saved in the run's
private folder; every notebook, and the index, load it
(:func:`publication_for`) rather than recomputing the measures in each
kernel, so every page shows the same protected value of a measure. Run by
hand (in JupyterLab, without a run), a notebook builds its own.

:meth:`QuarterPublication.published_as` counts how the scorecard's figures
were published (exactly, rounded, flagged, hidden as primary or secondary
suppression, not available) for the run log and the methodology page.
"""

from __future__ import annotations

import pickle
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..protect.policy import DisclosurePolicy
from ..quarters import Quarter
from .comparisons import comparators_for_run, load_targets
from .data import MeasureData

if TYPE_CHECKING:  # pragma: no cover
    from .deep_dives import DeepDive

__all__ = ["DEEP_DIVES", "PUBLICATION_FILE", "QuarterPublication", "build_publication", "load_publication", "page_quarters",
           "publication_for", "repeat_as_published", "run_data"]

#: The deep dives a run protects with the quarter's figures (:mod:`cpanalysis.measures.deep_dives`).
DEEP_DIVES = ("placement_moves", "out_of_borough", "missing_from_care")

#: File name of the saved publication in the run's private folder.
PUBLICATION_FILE = "publication.pkl"

#: How the scorecard's statuses (:mod:`cpanalysis.measures.disclosure`) are reported.
_STATUS_WORDS = {
    "shown": "shown", "zero": "shown (zero)", "rounded": "rounded", "low_reliability": "shown with u",
    "primary": "hidden (small number)", "secondary": "hidden (would reveal a small number)",
    "not_applicable": "not applicable", "not_available": "not available",
}


@dataclass
class QuarterPublication:
    """The protected figures of one quarter, shared by every page of the run.

    Attributes
    ----------
    quarter : Quarter
        The quarter.
    council : str
        The council's name.
    policy : DisclosurePolicy
        The run's disclosure policy; every figure here is protected under it.
    card : pandas.DataFrame
        The protected scorecard (:func:`cpanalysis.measures.scorecard.scorecard`).
    comparators : pandas.DataFrame
        The comparators the scorecard used.
    seconds : float
        Time taken to build it.
    """

    quarter: Quarter
    council: str
    policy: DisclosurePolicy
    card: pd.DataFrame
    comparators: pd.DataFrame
    seconds: float = 0.0
    extras: dict[str, object] = field(default_factory=dict)

    def printed(self, measure_id: str, point: str) -> tuple[str, str] | None:
        """How a measure was published for one point of a page, or None when the publication does not hold it.

        Every page shows a registered measure as its quarter's protected scorecard
        printed it (``extras["points"]``, :func:`build_publication`), so no page
        protects a measure for itself and no two pages can differ.

        Parameters
        ----------
        measure_id : str
            Registry id, e.g. ``"P5.9"``.
        point : str
            The quarter's label (``"2023-24 Q4"``), or for an annual measure
            (period ``return_year``) its return year (``"2023-24"``).

        Returns
        -------
        (str, str) or None
            The printed cell (``"61.2% u"``, ``"c"``, ``"about 99%"``) and the
            scorecard's status (``as_published`` for a figure repeated from an
            earlier run that today's data would print otherwise).
        """
        points = self.extras.get("points") if isinstance(self.extras, dict) else None
        if not isinstance(points, pd.DataFrame) or points.empty:
            return None
        index = getattr(self, "_printed", None)
        if index is None or index[0] is not points:
            index = (points, {(str(r.id), str(r.point)): (str(r.shown), str(r.status))
                              for r in points[["id", "point", "shown", "status"]].itertuples(index=False)})
            self._printed = index  # not a field: a copy (dataclasses.replace) indexes its own points
        return index[1].get((measure_id, point))

    def deep_dive(self, name: str, data: MeasureData) -> "DeepDive":
        """A page's protected deep dive (a name of :data:`DEEP_DIVES`), made once by the run.

        :func:`build_publication` protects the quarter's deep dives with the rest of
        its figures, each given the scorecard's printed cells (:meth:`printed`) so
        that a total the scorecard prints is never the cell a deep dive hides;
        one missing (a publication saved before it kept them) is made now from
        ``data`` the same way.
        """
        from . import deep_dives

        kept = self.extras.get("deep_dives") if isinstance(self.extras, dict) else None
        if isinstance(kept, dict) and name in kept:
            return kept[name]
        if name not in DEEP_DIVES:
            raise KeyError(f"no deep dive called {name!r}; known: {', '.join(DEEP_DIVES)}")
        return getattr(deep_dives, name)(data, self.quarter, self.policy, self.printed)

    def page_tables(self) -> dict[str, dict[str, object]]:
        """How each deep dive's tables were published: cells hidden, and what was merged or grouped first.

        For the run log (every choice with its reason): by deep dive, each table's
        number of hidden cells and the choice made before hiding any (reasons merged
        into a named group, the grouping of placement types).
        """
        kept = self.extras.get("deep_dives") if isinstance(self.extras, dict) else None
        out: dict[str, dict[str, object]] = {}
        for name, dive in (kept or {}).items():
            out[name] = {"hidden cells": dive.hidden_cells(), "before hiding": dict(getattr(dive, "choices", {}))}
        return out

    def published_as(self) -> dict[str, int]:
        """How many scorecard figures (this quarter) were shown, rounded, flagged, hidden or not available."""
        got = Counter(self.card["status"].astype(str))
        out = {words: int(got.pop(status, 0)) for status, words in _STATUS_WORDS.items()}
        return out | {status: int(n) for status, n in sorted(got.items())}

    def save(self, path: Path | str) -> Path:
        """Write it (pickle; a private file read only by this run's notebooks)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f".{path.name}.partial")
        part.write_bytes(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL))
        part.replace(path)
        return path


def run_data(processed_dir: Path | str, inputs: Mapping[str, object] | None) -> MeasureData:
    """The run's data: the processed folder with the council's own measures and population when given.

    Parameters
    ----------
    processed_dir : path
        The processed folder of the run.
    inputs : mapping
        The run's optional inputs (:data:`cpanalysis.settings.INPUT_KEYS`): ``council_measures``
        (the council's CSV of measures not in the SSDA903) and ``population`` (0-17 population
        for the rate per 10,000) are read here.
    """
    inputs = inputs or {}
    return MeasureData.from_processed(processed_dir, council_measures=_path(inputs.get("council_measures")),
                                      population=_path(inputs.get("population")))


def page_quarters(data: MeasureData, quarter: Quarter, *, n_years: int = 5, n_quarters: int = 8) -> list[Quarter]:
    """The quarters whose scorecard the pages repeat: the last ``n_quarters``, and the 31 March of earlier years.

    Quarterly measures are shown over the last ``n_quarters`` quarters; annual and
    year-to-date ones over the year ends (Q4) of up to ``n_years`` return years
    (:func:`cpanalysis.present.funnel.measure_points`). Quarters outside the data
    are left out.
    """
    ends = [Quarter(y, 4) for y in data.years if (y, 4) < (quarter.year, quarter.q)][-n_years:]
    return sorted({q for q in (*quarter.previous(n_quarters), *ends) if data.covers(q)}, key=lambda q: (q.year, q.q))


def _path(value: object) -> Path | None:
    return Path(str(value)) if value not in (None, "") else None


def build_publication(processed_dir: Path | str, quarter: Quarter | str, *, policy: DisclosurePolicy,
                      council: str, la_code: str | None, inputs: Mapping[str, object] | None,
                      data: MeasureData | None = None,
                      held: Mapping[str, QuarterPublication] | None = None) -> QuarterPublication:
    """Work out and protect the quarter's figures once.

    Parameters
    ----------
    processed_dir : path
        The processed folder of the run.
    quarter : Quarter or str
        The quarter.
    policy : DisclosurePolicy
        The run's disclosure policy.
    council : str
        The council's name.
    la_code : str or None
        The council's DfE LA code (comparators from DfE's files when ``inputs`` names them).
    inputs : mapping
        The run's optional inputs: ``targets`` (TOML), ``comparators``, ``benchmarks``,
        ``council_measures``, ``population``.
    data : MeasureData, optional
        The data, when already read (else :func:`run_data`).
    held : mapping, optional
        Earlier quarters' publications as they were published (by quarter label, e.g.
        ``"2024-25 Q2"``): the scorecard repeats their figures ("previous quarter", "same
        quarter last year", the trend of each measure in ``extras["trends"]``,
        :func:`cpanalysis.measures.trends.scorecard_trends`) exactly as they were printed then, so a revision of the data
        can neither undo an earlier protection nor make two pages disagree. The measures
        whose figure was revised since are listed in ``extras["repeated_as_published"]``.
    """
    from . import deep_dives
    from .scorecard import scorecard
    from .trends import scorecard_trends

    started = time.perf_counter()
    q = quarter if isinstance(quarter, Quarter) else Quarter.parse(quarter)
    inputs = inputs or {}
    data = run_data(processed_dir, inputs) if data is None else data
    comparators = comparators_for_run(la_code, inputs)
    targets = load_targets(_path(inputs.get("targets")))
    card = scorecard(data, q, policy=policy, comparators=comparators, targets=targets)
    protected = time.perf_counter()
    held = held or {}
    revised = {column: repeat_as_published(card, held.get(q.shift(shift).label), column)
               for column, shift in (("previous_quarter", -1), ("same_quarter_last_year", -4))}
    # Each measure's last eight quarters, as each was published (the card's own columns, then held runs).
    trends = scorecard_trends(data, q, policy=policy, card=card, held=held)
    trended = time.perf_counter()
    # What the pages show of each measure, period by period: the same scorecards (kept on ``data``),
    # plus the year ends before the trend window that the annual and year-to-date charts reach back to.
    points = scorecard_trends(data, q, policy=policy, card=card, held=held, at=page_quarters(data, q))
    pub = QuarterPublication(q, council, policy, card, comparators,
                             extras={"repeated_as_published": revised, "trends": trends, "points": points})
    # The deep dives' tables are protected knowing what the scorecard prints (pub.printed).
    pub.extras["deep_dives"] = {name: getattr(deep_dives, name)(data, q, policy, pub.printed) for name in DEEP_DIVES}
    done = time.perf_counter()
    pub.seconds = round(done - started, 2)
    pub.extras["seconds"] = {"scorecard": round(protected - started, 2), "trends": round(trended - protected, 2),
                             "pages": round(done - trended, 2)}
    return pub


def repeat_as_published(card: pd.DataFrame, then: QuarterPublication | None, column: str) -> list[str]:
    """Show ``column`` of ``card`` as ``then`` published that quarter; return the ids that differ from today's data.

    A figure hidden then stays hidden now, and the direction of travel beside a
    hidden previous quarter is hidden too (as the scorecard does for a figure it
    hides itself). Changes ``card`` in place.

    Parameters
    ----------
    card : pandas.DataFrame
        This quarter's protected scorecard.
    then : QuarterPublication or None
        The earlier quarter's publication as it was published; None changes nothing.
    column : str
        ``previous_quarter`` or ``same_quarter_last_year``.
    """
    if then is None or column not in card.columns:
        return []
    key = [c for c in ("council", "id") if c in card.columns and c in then.card.columns]
    printed = {tuple(r[k] for k in key): str(r["this_quarter"]) for _, r in then.card.iterrows()}
    revised = []
    for i, row in card.iterrows():
        was = printed.get(tuple(row[k] for k in key))
        if was is None or was == str(row[column]):
            continue
        revised.append(str(row["id"]))
        card.at[i, column] = was
        if column == "previous_quarter" and was.split()[0] == "c":
            card.at[i, "direction"] = "c"
    return revised


def load_publication(path: Path | str) -> QuarterPublication:
    """Read a publication saved by :meth:`QuarterPublication.save` (the run's own private file)."""
    with open(path, "rb") as handle:
        got = pickle.load(handle)  # noqa: S301 - written by this run into its private folder
    if not isinstance(got, QuarterPublication):
        raise TypeError(f"{path}: not a saved QuarterPublication")
    return got


def publication_for(publication_file: str | Path | None, *, processed_dir: Path | str, quarter: str,
                    policy: DisclosurePolicy, council: str, la_code: str | None,
                    inputs: Mapping[str, object] | None) -> tuple[QuarterPublication, MeasureData]:
    """What a notebook renders from: the run's saved publication, or (run by hand) one built now.

    The saved publication is used only when it is of the same quarter and policy
    as the notebook's parameters; otherwise a new one is built.

    Returns
    -------
    (QuarterPublication, MeasureData)
        The protected figures and the run's data (for the page's own tables and charts).
    """
    data = run_data(processed_dir, inputs)
    if publication_file and Path(publication_file).is_file():
        pub = load_publication(publication_file)
        if pub.quarter.label == Quarter.parse(quarter).label and pub.policy == policy:
            return pub, data
    return build_publication(processed_dir, quarter, policy=policy, council=council, la_code=la_code,
                             inputs=inputs, data=data), data
