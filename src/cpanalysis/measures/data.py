"""What a measure is computed from: the council's tables, stitched and typed."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from ..derive.episodes import stitch_episodes
from ..load import Return903

__all__ = ["MeasureData"]


@dataclass
class MeasureData:
    """The tables measures read, for one council.

    Attributes
    ----------
    tables : dict of str to pandas.DataFrame
        SSDA903 tables by canonical name (``"header"``, ``"episodes"``,
        ``"oc2"``, ...) with every return year read, plus any derived tables.
        A table that is absent makes the measures that need it "not available".
    years : list of int
        Start years of the return years in the data, oldest first.
    """

    tables: dict[str, pd.DataFrame]
    years: list[int]
    extra: dict[str, pd.DataFrame] = field(default_factory=dict)

    @classmethod
    def from_returns(cls, returns: Return903) -> "MeasureData":
        """Build from :func:`cpanalysis.load.read_returns` output."""
        return cls(tables=dict(returns.tables), years=list(returns.years))

    def table(self, name: str) -> pd.DataFrame | None:
        """A table by name, or ``None`` when the input does not have it."""
        return self.tables.get(name)

    @cached_property
    def episodes(self) -> pd.DataFrame:
        """Episodes stitched across return years (see :func:`stitch_episodes`)."""
        return stitch_episodes(self.tables["episodes"])
