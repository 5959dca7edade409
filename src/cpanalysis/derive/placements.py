"""Placements and placement moves, under an explicit counting rule.

A *placement* here is a stay with one carer. The rule (:class:`PlacementRule`,
defaults as in the project brief, ``docs/data.md``):

* the first episode of a period of care starts a placement (RNE ``S``);
* a new placement with a new carer starts at RNE ``P`` (placement and carer
  change) or ``B`` (legal status, placement and carer change): a *move*;
* RNE ``T`` and ``U`` are a new placement with the *same* carer: not counted;
  RNE ``L`` is a legal status change only: not counted;
* temporary placements (PLACE ``T0``-``T4``: hospital, holiday, respite of up
  to seven days) are not moves, nor is the episode that follows one (the return);
* adoption by the existing foster carer (PLACE ``A3``/``A5`` with RNE ``T`` or
  ``U``) is not a move - already true under the carer rule, kept explicit so
  that changing ``move_rne`` cannot count it by accident.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from .keys import group_bounds, key_columns

__all__ = ["DEFAULT_RULE", "PlacementRule", "assign_placements", "placement_counts", "placements_table"]


@dataclass(frozen=True)
class PlacementRule:
    """How episodes are counted as placements and moves.

    Attributes
    ----------
    move_rne : frozenset of str
        RNE codes meaning a change of carer.
    temporary_place : frozenset of str
        Temporary placement types, never a move.
    return_after_temporary_is_move : bool
        Whether the episode that follows a temporary placement may count.
    adoption_by_carer_place : frozenset of str
        Placed-for-adoption types that, with an RNE in ``adoption_by_carer_rne``,
        mean adoption by the current carer (not a move).
    adoption_by_carer_rne : frozenset of str
    """

    move_rne: frozenset[str] = frozenset({"P", "B"})
    temporary_place: frozenset[str] = frozenset({"T0", "T1", "T2", "T3", "T4"})
    return_after_temporary_is_move: bool = False
    adoption_by_carer_place: frozenset[str] = frozenset({"A3", "A5"})
    adoption_by_carer_rne: frozenset[str] = frozenset({"T", "U"})

    def as_dict(self) -> dict:
        """Plain dict (sorted lists) for the manifest."""
        return {k: sorted(v) if isinstance(v, frozenset) else v for k, v in asdict(self).items()}


#: The project's counting rule.
DEFAULT_RULE = PlacementRule()


def assign_placements(ep: pd.DataFrame, rule: PlacementRule = DEFAULT_RULE) -> pd.DataFrame:
    """Add ``is_new_placement``, ``is_move`` and ``placement_id`` to episodes with periods.

    Parameters
    ----------
    ep : pandas.DataFrame
        From :func:`~cpanalysis.derive.periods.assign_periods`.
    rule : PlacementRule

    Returns
    -------
    pandas.DataFrame
        ``is_new_placement``: the episode starts a stay with a carer (first
        of a period, or a move); ``is_move``: a change of carer within a
        period; ``placement_id``: unique across the data.
    """
    rne = ep["RNE"].to_numpy(dtype=object, na_value="")
    place = ep["PLACE"].to_numpy(dtype=object, na_value="")
    start = ep["period_start"].to_numpy(dtype=bool)
    temp = np.isin(place, list(rule.temporary_place))
    prev_temp = np.zeros(len(ep), dtype=bool)
    prev_temp[1:] = temp[:-1] & ~start[1:]
    move = np.isin(rne, list(rule.move_rne)) & ~temp & ~start
    if not rule.return_after_temporary_is_move:
        move &= ~prev_temp
    move &= ~(np.isin(place, list(rule.adoption_by_carer_place)) & np.isin(rne, list(rule.adoption_by_carer_rne)))
    new = start | move
    out = ep.copy()
    out["is_new_placement"] = new
    out["is_move"] = move
    out["placement_id"] = np.cumsum(new).astype(np.int64)
    return out


def placements_table(ep: pd.DataFrame) -> pd.DataFrame:
    """One row per placement (stay with one carer).

    Columns: child key, ``period_id``, ``placement_id``, ``start``, ``end``,
    ``PLACE``, ``PLACE_PROVIDER``, ``URN``, ``HOME_POST``, ``PL_POST`` (of the
    first episode), ``is_move``, ``n_episodes``.
    """
    keys = key_columns(ep)
    first, last = group_bounds(ep["placement_id"].to_numpy())
    cols = keys + ["period_id", "placement_id"]
    out = ep.iloc[first][cols].reset_index(drop=True)
    out["start"] = ep["DECOM"].to_numpy()[first]
    out["end"] = ep["DEC"].to_numpy()[last]
    for c in ("PLACE", "PLACE_PROVIDER", "URN", "HOME_POST", "PL_POST", "is_move"):
        out[c] = ep[c].iloc[first].to_numpy()
    out["n_episodes"] = (last - first + 1).astype(np.int64)
    return out


def placement_counts(placements: pd.DataFrame, start, end) -> pd.DataFrame:
    """Placements per child overlapping ``[start, end]`` (both inclusive).

    A placement counts when it started on or before ``end`` and ended after
    ``start`` (``end`` missing = still open), the same convention as
    :func:`~cpanalysis.derive.episodes.cla_at` (a placement ending on
    ``start`` is over by then). DfE's short-term stability
    indicator counts, for children looked after at 31 March, the placements
    during the year ending then (3 or more = unstable).

    Returns
    -------
    pandas.DataFrame
        Child key columns and ``placements``.
    """
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    m = (placements["start"] <= e) & (placements["end"].isna() | (placements["end"] > s))
    keys = key_columns(placements)
    return placements.loc[m].groupby(keys, observed=True).size().rename("placements").reset_index()
