"""A fictional map: councils, postcodes and placement distances.

Councils are squares of :data:`COUNCIL_KM` km on a grid. Each holds
``CELLS_PER_SIDE ** 2`` postcode units, one per lattice cell, with the OS-grid
easting and northing of the cell centre. Postcode areas start with ``Q``, ``V``
or ``X``, letters no real UK postcode area starts with, so a synthetic
postcode can never be mistaken for a real address. The lookup is written as
``postcodes.csv`` so the analysis can derive home-to-placement distances and
the receiving council exactly as it would with the ONS Postcode Directory.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["COUNCIL_KM", "CELLS_PER_SIDE", "Geography", "make_geography"]

#: Side of a council square, km.
COUNCIL_KM = 30.0
#: Postcode cells along one side of a council.
CELLS_PER_SIDE = 12
_CELL_M = COUNCIL_KM * 1000 / CELLS_PER_SIDE
_ORIGIN = (300_000.0, 250_000.0)
_FIRST = "QVX"
_SECOND = "ABCDEFGHJKLMNOPRSTUWYZ"
_UNIT = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass
class Geography:
    """The fictional map.

    Attributes
    ----------
    side : int
        Councils along one side of the (square) grid of councils.
    postcodes : pandas.DataFrame
        One row per postcode unit: ``postcode``, ``easting``, ``northing``,
        ``council_code``, ``council_name``.
    council_order : numpy.ndarray
        Council cell numbers (row-major in the grid) ordered from the centre
        outwards; the first ``n`` are the councils that get data.
    """

    side: int
    postcodes: pd.DataFrame
    council_order: np.ndarray

    @property
    def cells(self) -> int:
        """Postcode cells along one side of the whole map."""
        return self.side * CELLS_PER_SIDE

    def council_cells(self, council_cell: int) -> np.ndarray:
        """Postcode cell numbers inside one council."""
        cy, cx = divmod(int(council_cell), self.side)
        iy, ix = np.divmod(np.arange(CELLS_PER_SIDE**2), CELLS_PER_SIDE)
        return (cy * CELLS_PER_SIDE + iy) * self.cells + cx * CELLS_PER_SIDE + ix

    def place_near(self, rng: np.random.Generator, home: np.ndarray, km: np.ndarray) -> np.ndarray:
        """Postcode cells about ``km`` from ``home`` cells, in a random direction."""
        hy, hx = np.divmod(home, self.cells)
        angle = rng.uniform(0, 2 * math.pi, size=home.shape)
        step = km * 1000 / _CELL_M
        x = np.clip(np.rint(hx + step * np.cos(angle)), 0, self.cells - 1).astype(np.int64)
        y = np.clip(np.rint(hy + step * np.sin(angle)), 0, self.cells - 1).astype(np.int64)
        return y * self.cells + x


def _council_code(i: int) -> str:
    return f"Z{i + 1:07d}"


_NAME_FIRST = ("Quar", "Zel", "Vorn", "Brax", "Calv", "Drem", "Eld", "Frol", "Gril", "Hask", "Jorv", "Kesk",
          "Lumb", "Morv", "Nesk", "Orl", "Prax", "Rusk", "Skel", "Trev")
_NAME_SECOND = ("ton", "wick", "by", "field", "ham", "mere", "stead", "worth", "combe", "holm")
_NAME_KIND = ("Borough", "District", "Vale", "Shire")


def _council_name(i: int) -> str:
    """Made-up council names (no real place, no digits: a digit in a name reads as a count on a published page)."""
    if i == 0:
        return "Demo Borough"
    k = i - 1
    first = _NAME_FIRST[k % len(_NAME_FIRST)]
    second = _NAME_SECOND[(k // len(_NAME_FIRST)) % len(_NAME_SECOND)]
    kind = _NAME_KIND[(k // (len(_NAME_FIRST) * len(_NAME_SECOND))) % len(_NAME_KIND)]
    return f"{first}{second} {kind}"


def make_geography(councils: int) -> Geography:
    """Lay out a map with at least ``councils`` councils (and at least 7x7).

    The councils that get data are the ones nearest the centre, so Demo
    Borough (council ``Z0000001``) is surrounded by neighbours on every side.
    """
    side = max(7, math.ceil(math.sqrt(councils)))
    if side % 2 == 0:
        side += 1
    n = side * side
    cy, cx = np.divmod(np.arange(n), side)
    mid = side // 2
    dist = (cy - mid) ** 2 + (cx - mid) ** 2
    order = np.lexsort((np.arange(n), dist))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)

    cells = side * CELLS_PER_SIDE
    py, px = np.divmod(np.arange(cells * cells), cells)
    council_cell = (py // CELLS_PER_SIDE) * side + px // CELLS_PER_SIDE
    council = rank[council_cell]
    k = (py % CELLS_PER_SIDE) * CELLS_PER_SIDE + px % CELLS_PER_SIDE
    per_area = math.ceil(n / (len(_FIRST) * len(_SECOND)))
    area_i, district = np.divmod(council, per_area)
    first = np.array(list(_FIRST))[area_i // len(_SECOND)]
    second = np.array(list(_SECOND))[area_i % len(_SECOND)]
    sector = (k % 10).astype(str)
    unit = np.array([_UNIT[j // len(_UNIT)] + _UNIT[j % len(_UNIT)] for j in range(len(_UNIT) ** 2)])
    postcode = (
        pd.Series(first).str.cat([pd.Series(second), pd.Series((district + 1).astype(str))])
        + " "
        + pd.Series(sector).str.cat(pd.Series(unit[k // 10]))
    )
    codes = np.array([_council_code(i) for i in range(n)])
    names = np.array([_council_name(i) for i in range(n)])
    table = pd.DataFrame(
        {
            "postcode": postcode.to_numpy(),
            "easting": (_ORIGIN[0] + (px + 0.5) * _CELL_M).astype(np.int64),
            "northing": (_ORIGIN[1] + (py + 0.5) * _CELL_M).astype(np.int64),
            "council_code": codes[council],
            "council_name": names[council],
        }
    )
    return Geography(side=side, postcodes=table, council_order=order)
