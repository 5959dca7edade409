"""Placements and placement moves, under an explicit counting rule.

A *placement* here is a stay with one carer. The rule (:class:`PlacementRule`,
defaults from the DfE definitions in ``docs/data.md`` and DOMAIN.md section 3):

* the first episode of a period of care starts a placement (RNE ``S``);
* a new placement with a new carer starts at RNE ``P`` (placement and carer
  change) or ``B`` (legal status, placement and carer change): a *move*;
* RNE ``T`` and ``U`` are a new placement with the *same* carer: not counted;
  RNE ``L`` is a legal status change only: not counted;
* temporary placements (PLACE ``T0``-``T4``: hospital, holiday, respite of up
  to seven days) are not placements: they are never a move and never start a
  placement of their own (they stay part of the placement they interrupt);
* the *return to the same placement* after one or more temporary placements
  is not a move. "The same placement" is the DfE validator's rule 383 ("a
  child in a temporary placement must subsequently return to his/her normal
  placement"): the same ``PLACE`` and the same ``PL_POST`` as the last
  episode before the temporary stay (:attr:`PlacementRule.same_carer_columns`;
  a blank matches only a blank). Going on to a *different* placement after a
  temporary stay (RNE ``P``/``B`` and a different ``PLACE`` or ``PL_POST``)
  IS a change of carer and counts as a move;
* a period of care that starts with a temporary placement has one placement
  for the temporary stay and the placement that follows it together (the
  first real placement, not a move); the placement takes its type, provider
  and postcodes from its first non-temporary episode;
* adoption by the existing foster carer (PLACE ``A3``/``A5`` with RNE ``T`` or
  ``U``) is not a move - already true under the carer rule, kept explicit so
  that changing ``move_rne`` cannot count it by accident.

Everything is vectorised over the episodes of all children at once (no loop
per child).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from .keys import group_bounds, key_columns

__all__ = ["DEFAULT_RULE", "PLACEMENT_COLUMNS", "PlacementRule", "assign_placements", "placement_counts",
           "placements_table"]


@dataclass(frozen=True)
class PlacementRule:
    """How episodes are counted as placements and moves (DfE placement stability).

    Attributes
    ----------
    move_rne : frozenset of str
        RNE codes meaning a change of carer.
    temporary_place : frozenset of str
        Temporary placement types (T0-T4): not placements, never a move.
    return_after_temporary_is_move : bool
        ``False`` (DfE): the episode after a temporary stay is a move only when
        it is with a different carer from the one before the stay (see
        ``same_carer_columns``). ``True``: it is a move whenever its RNE is in
        ``move_rne``, even when the child went back to the same carer.
    same_carer_columns : tuple of str
        Episode columns that must all be equal for the episode after a
        temporary stay to be "the same placement" as the one before it. The
        default, ``PLACE`` and ``PL_POST``, is the DfE validator's rule 383.
        Missing values compare equal to each other only.
    adoption_by_carer_place : frozenset of str
        Placed-for-adoption types that, with an RNE in ``adoption_by_carer_rne``,
        mean adoption by the current carer (not a move).
    adoption_by_carer_rne : frozenset of str
    """

    move_rne: frozenset[str] = frozenset({"P", "B"})
    temporary_place: frozenset[str] = frozenset({"T0", "T1", "T2", "T3", "T4"})
    return_after_temporary_is_move: bool = False
    same_carer_columns: tuple[str, ...] = ("PLACE", "PL_POST")
    adoption_by_carer_place: frozenset[str] = frozenset({"A3", "A5"})
    adoption_by_carer_rne: frozenset[str] = frozenset({"T", "U"})

    def as_dict(self) -> dict:
        """Plain dict (sorted lists) for the manifest."""
        return {k: sorted(v) if isinstance(v, frozenset) else (list(v) if isinstance(v, tuple) else v)
                for k, v in asdict(self).items()}


#: The project's counting rule.
DEFAULT_RULE = PlacementRule()


def _codes(values: pd.Series) -> np.ndarray:
    """Integer code per row; equal values (and missing with missing) share a code."""
    codes, _ = pd.factorize(values, use_na_sentinel=False)
    return codes.astype(np.int64)


def assign_placements(ep: pd.DataFrame, rule: PlacementRule = DEFAULT_RULE) -> pd.DataFrame:
    """Add ``is_temporary``, ``is_new_placement``, ``is_move`` and ``placement_id`` to episodes.

    Implements the DfE placement counting rule described in the module
    docstring (SSDA903 guidance; DfE "Children looked after in England"
    placement stability methodology; validator rule 383 for "return to the
    same placement").

    Parameters
    ----------
    ep : pandas.DataFrame
        From :func:`~cpanalysis.derive.periods.assign_periods` (sorted by
        child then ``DECOM``, with ``period_start``).
    rule : PlacementRule

    Returns
    -------
    pandas.DataFrame
        ``is_temporary``: PLACE is a temporary placement type;
        ``is_new_placement``: the episode starts a stay with a carer (first
        of a period, or a move); ``is_move``: a change of carer within a
        period; ``placement_id``: unique across the data, shared by the
        episodes of one stay (a temporary stay belongs to the placement it
        interrupts).
    """
    n = len(ep)
    rne = ep["RNE"].to_numpy(dtype=object, na_value="")
    place = ep["PLACE"].to_numpy(dtype=object, na_value="")
    start = ep["period_start"].to_numpy(dtype=bool)
    temp = np.isin(place, list(rule.temporary_place))
    idx = np.arange(n, dtype=np.int64)
    # position of the first episode of each row's period
    period_first = np.maximum.accumulate(np.where(start, idx, 0)) if n else idx
    # the previous episode was temporary, in the same period
    prev_temp = np.zeros(n, dtype=bool)
    prev_temp[1:] = temp[:-1] & ~start[1:]
    # last non-temporary episode before each row (-1: none), within the same period
    last_real = np.full(n, -1, dtype=np.int64)
    if n:
        last_real[1:] = np.maximum.accumulate(np.where(~temp, idx, -1))[:-1]
    last_real = np.where(last_real >= period_first, last_real, -1)
    after_temp = prev_temp & ~temp
    move = np.isin(rne, list(rule.move_rne)) & ~temp & ~start
    if not rule.return_after_temporary_is_move:
        # after a temporary stay: a move only to a different carer from the one before it;
        # a period that began with the temporary stay has no carer before it: not a move
        rows = np.flatnonzero(after_temp)
        ref = last_real[rows]
        changed = np.zeros(rows.size, dtype=bool)
        for c in rule.same_carer_columns:
            if c in ep.columns and rows.size:
                code = _codes(pd.concat([ep[c].iloc[rows], ep[c].iloc[np.maximum(ref, 0)]],
                                        ignore_index=True))
                changed |= code[:rows.size] != code[rows.size:]
        move[rows] &= (ref >= 0) & changed
    move &= ~(np.isin(place, list(rule.adoption_by_carer_place)) & np.isin(rne, list(rule.adoption_by_carer_rne)))
    new = start | move
    out = ep.copy()
    out["is_temporary"] = temp
    out["is_new_placement"] = new
    out["is_move"] = move
    out["placement_id"] = np.cumsum(new).astype(np.int64)
    return out


#: Episode columns that describe a placement (taken from its carer's episode).
PLACEMENT_COLUMNS: tuple[str, ...] = ("PLACE", "PLACE_PROVIDER", "URN", "HOME_POST", "PL_POST")


def placements_table(ep: pd.DataFrame, extra: Sequence[str] = ()) -> pd.DataFrame:
    """One row per placement (stay with one carer).

    Parameters
    ----------
    ep : pandas.DataFrame
        From :func:`assign_placements`.
    extra : sequence of str
        More episode columns to carry, like :data:`PLACEMENT_COLUMNS` (the
        build passes the geography columns).

    Returns
    -------
    pandas.DataFrame
        Child key, ``period_id``, ``placement_id``, ``start`` (DECOM of the
        first episode), ``end`` (DEC of the last; missing while open),
        :data:`PLACEMENT_COLUMNS` and ``extra`` (of the first non-temporary
        episode, the carer; of the first episode when every episode is
        temporary), ``is_move``, ``n_episodes``.
    """
    keys = key_columns(ep)
    pid = ep["placement_id"].to_numpy()
    first, last = group_bounds(pid)
    cols = keys + ["period_id", "placement_id"]
    out = ep.iloc[first][cols].reset_index(drop=True)
    out["start"] = ep["DECOM"].to_numpy()[first]
    out["end"] = ep["DEC"].to_numpy()[last]
    # first non-temporary episode of each placement (the carer), else the first
    if "is_temporary" in ep.columns and len(ep):
        temp = ep["is_temporary"].to_numpy(dtype=bool)
        n = len(ep)
        nxt_real = np.minimum.accumulate(np.where(~temp, np.arange(n), n)[::-1])[::-1]
        carer = np.where(nxt_real[first] <= last, nxt_real[first], first)
    else:
        carer = first
    for c in (*PLACEMENT_COLUMNS, *extra):
        if c in ep.columns:
            out[c] = ep[c].iloc[carer].reset_index(drop=True)   # keeps the dtype (boolean, category)
    out["is_move"] = ep["is_move"].to_numpy()[first]
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
