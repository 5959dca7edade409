"""Groupings an officer can ask for: placements or placement moves, in bands written as text.

The investigation notebook takes a grouping as two plain parameters: what to
count (``"moves"`` or ``"placements"``, or another ordered breakdown of
:data:`~cpanalysis.virtual_school.outcomes.BREAKDOWNS`) and its bands as text:

* a list of bands, ``"1,2,3-4,5+"`` or ``"0,1-2,3+"`` (the last ends in ``+``);
* a split, ``"3+ vs the rest"``: pupils with 3 or more against everyone else.

Bands must start at the smallest possible count (1 placement, 0 moves), follow
on without gaps and end open (``N+``), so that every pupil is in one band and
no one is silently left out. Bands too small to publish are merged later
(:func:`cpanalysis.virtual_school.analysis.band_analysis`) and the page says so.
"""

from __future__ import annotations

import re

from ..errors import InputError
from ..protect.bands import Band
from .outcomes import BREAKDOWNS

__all__ = ["COUNTS", "DEFAULT_BAND_TEXT", "MINIMUM", "parse_bands", "resolve_grouping"]

#: What an officer may count, in the words of the notebook parameter, and the
#: :data:`~cpanalysis.virtual_school.outcomes.BREAKDOWNS` column it means.
COUNTS = {"moves": "placement_moves", "placement_moves": "placement_moves", "placements": "placements"}

#: The smallest possible value of each count (everyone in care has a placement; moves can be none).
MINIMUM = {"placements": 1, "placement_moves": 0}

#: Bands used when none are given.
DEFAULT_BAND_TEXT = {"placements": "1,2,3-4,5+", "placement_moves": "0,1,2,3+"}

_SPLIT = re.compile(r"^\s*(\d+)\s*\+\s*(?:vs\.?|versus|against)\s*(?:the\s+)?rest\s*$", re.IGNORECASE)
_BAND = re.compile(r"^\s*(\d+)\s*(?:(\+)|-\s*(\d+))?\s*$")


def resolve_grouping(grouping: str) -> str:
    """The breakdown column for a grouping parameter: ``"moves"`` -> ``"placement_moves"``.

    Raises
    ------
    InputError
        When ``grouping`` is neither a count nor a key of ``BREAKDOWNS``.
    """
    key = str(grouping).strip()
    if key in COUNTS:
        return COUNTS[key]
    if key in BREAKDOWNS:
        return key
    raise InputError(f"grouping must be 'moves', 'placements' or one of {', '.join(BREAKDOWNS)}, not {grouping!r}")


def parse_bands(text: str, by: str) -> tuple[Band, ...] | None:
    """Bands of a count from text: ``"1,2,3-4,5+"`` or ``"3+ vs the rest"``.

    Parameters
    ----------
    text : str
        Band list or split; empty for the default of ``by``
        (:data:`DEFAULT_BAND_TEXT`).
    by : str
        ``"placements"`` or ``"placement_moves"``; for a coded breakdown
        (SEN, attendance band...) only empty text is accepted and the answer
        is None (one band per category).

    Returns
    -------
    tuple of Band or None

    Raises
    ------
    InputError
        When the text is not bands, the bands do not start at the smallest
        count, leave a gap, overlap, or do not end with ``N+``.

    Examples
    --------
    >>> [b.label for b in parse_bands("3+ vs the rest", "placement_moves")]
    ['0-2', '3+']
    >>> [b.label for b in parse_bands("1,2,3-4,5+", "placements")]
    ['1', '2', '3-4', '5+']
    """
    text = str(text or "").strip()
    if by not in MINIMUM:
        if text:
            raise InputError(f"bands can be given only for placements or moves; {by} has its own categories")
        return None
    if not text:
        text = DEFAULT_BAND_TEXT[by]
    low = MINIMUM[by]
    unit = "placement moves" if by == "placement_moves" else "placements"
    split = _SPLIT.match(text)
    if split:
        cut = int(split.group(1))
        if cut <= low:
            raise InputError(f"{text!r}: {cut}+ {unit} is everyone; split at more than {low}")
        return (Band(low, cut - 1), Band(cut, None))
    bands = []
    for part in text.split(","):
        m = _BAND.match(part)
        if not m:
            raise InputError(f"{text!r}: bands are written like '1,2,3-4,5+' or '3+ vs the rest'; "
                             f"{part.strip()!r} is not a band")
        a = int(m.group(1))
        bands.append(Band(a, None) if m.group(2) else Band(a, int(m.group(3)) if m.group(3) else a))
    expect = low
    for i, b in enumerate(bands):
        if b.low != expect:
            where = "start" if i == 0 else "follow on from the band before"
            raise InputError(f"{text!r}: bands must {where} at {expect} {unit} so that every pupil is counted")
        if b.high is None:
            if i != len(bands) - 1:
                raise InputError(f"{text!r}: only the last band can be open ('{b.label}')")
            break
        if b.high < b.low:
            raise InputError(f"{text!r}: band {b.low}-{b.high} runs backwards")
        expect = b.high + 1
    if bands[-1].high is not None:
        raise InputError(f"{text!r}: the last band must be open, e.g. '{bands[-1].low}+', so that every pupil "
                         "is counted")
    if len(bands) < 2:
        raise InputError(f"{text!r}: give at least two bands to compare")
    return tuple(bands)

