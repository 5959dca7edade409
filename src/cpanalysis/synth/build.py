"""Generate synthetic councils: the entry point behind ``cpanalysis synth``."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .geography import Geography, make_geography
from .care import make_missing, make_reviews, make_social_workers, missing_table, reviews_table, sw_table
from .education import make_virtual_school
from .histories import simulate
from .moves import move_days
from .outcomes import care_leavers, oc2_table, oc3_table
from .people import make_people
from .permanence import ad1_table, make_adoptions, placed_adoption_table, prev_perm_table, uasc_table
from .tables import episodes_table, header_table
from .write import write_csv

__all__ = ["DEFAULT_CHILDREN", "generate", "year_label"]

#: Children in care at a time in Demo Borough, the default size (seeds: 500-580).
DEFAULT_CHILDREN = 540
#: First return year with the SWEpisodes table.
FIRST_SW_YEAR = 2023
#: Entries a year for the default size (seeds: about 200).
_ENTRIES = 200.0

_MARKER = """\
SYNTHETIC DATA - NOT REAL CHILDREN

Every file under this folder was made up by `cpanalysis synth` (seed {seed}).
No row describes a real child, carer, school or address. Postcode areas start
with Q, V or X, which no real UK postcode does; council codes Z0000001 and so on
are fictional. Regenerate with:

    cpanalysis synth --out {out} --seed {seed} --years {years} --last-year {last_year}{extra}
"""


def year_label(year: int) -> str:
    """``2024`` -> ``"2024-25"``."""
    return f"{year}-{(year + 1) % 100:02d}"


def generate(
    out: Path | str,
    *,
    seed: int = 1,
    years: int = 8,
    last_year: int = 2025,
    children: int | None = None,
    councils: int = 1,
) -> list[Path]:
    """Write synthetic SSDA903 returns for one or more fictional councils.

    Parameters
    ----------
    out : path-like
        Folder to write into. With one council the return-year folders
        (``2024-25`` ...) go straight into it; with several, each council gets
        ``out/<council code>/`` (``Z0000001`` is Demo Borough).
    seed : int
        Random seed; the same seed and options give the same bytes.
    years : int
        Number of consecutive return years, ending with ``last_year``.
    last_year : int
        Start year of the last return year (2025 is 2025-26).
    children : int, optional
        Children in care at a time, roughly, per council (default 540). Entries
        a year scale with it.
    councils : int
        Number of councils. Sizes vary around ``children`` when more than one.

    Returns
    -------
    list of pathlib.Path
        Every file written, sorted.
    """
    if years < 1:
        raise ValueError("years must be at least 1")
    if councils < 1:
        raise ValueError("councils must be at least 1")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    first_year = last_year - years + 1
    size = (children if children is not None else DEFAULT_CHILDREN) / DEFAULT_CHILDREN
    geo = make_geography(councils)
    root = np.random.SeedSequence(seed)
    streams = root.spawn(councils + 1)
    scale = np.ones(councils)
    if councils > 1:
        scale = np.random.default_rng(streams[-1]).lognormal(-0.18, 0.6, size=councils)
    written: list[Path] = []
    for i in range(councils):
        code = f"Z{i + 1:07d}"
        folder = out if councils == 1 else out / code
        written += _council(
            folder, np.random.default_rng(streams[i]), geo, i, first_year, last_year, _ENTRIES * size * scale[i]
        )
    written.append(write_csv(geo.postcodes, out / "postcodes.csv"))
    extra = (f" --children {children}" if children is not None else "") + (
        f" --councils {councils}" if councils > 1 else ""
    )
    marker = out / "SYNTHETIC.txt"
    marker.write_text(
        _MARKER.format(seed=seed, out=out.as_posix(), years=years, last_year=last_year, extra=extra),
        encoding="utf-8",
        newline="\n",
    )
    written.append(marker)
    return sorted(written)


def _council(
    folder: Path, rng: np.random.Generator, geo: Geography, index: int, first_year: int, last_year: int,
    entries: float,
) -> list[Path]:
    home_cells = geo.council_cells(int(geo.council_order[index]))
    kids, periods, ep = simulate(
        rng, first_year=first_year, last_year=last_year, entries_per_year=entries,
        home_cells=home_cells, geography_place=geo.place_near,
    )
    la_number = 900 + index % 100
    people = make_people(rng, kids, la_number)
    cin = np.array(["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"])[
        rng.choice(8, size=periods.child.size, p=[0.62, 0.04, 0.07, 0.06, 0.06, 0.01, 0.01, 0.13])
    ]
    cin = np.where(kids.uasc[periods.child], "N8", cin)
    postcode = geo.postcodes["postcode"].to_numpy()
    reviews = make_reviews(rng, kids, periods)
    missing = make_missing(rng, kids, ep)
    workers = make_social_workers(rng, periods, pool=max(20, int(entries / 3)))
    adoptions = make_adoptions(rng, kids, periods, ep)
    eligible = care_leavers(kids, periods)
    moves = move_days(ep)
    written = []
    for year in range(first_year, last_year + 1):
        d = folder / year_label(year)
        oc3, leavers = oc3_table(rng, kids, periods, people, eligible, moves, year)
        tables = {
            "header": header_table(ep, kids, people, year, also=leavers),
            "episodes": episodes_table(ep, people, cin, postcode, year),
            "reviews": reviews_table(reviews, kids, people, year),
            "uasc": uasc_table(ep, kids, people, year),
            "oc2": oc2_table(rng, kids, periods, people, year),
            "oc3": oc3,
            "ad1": ad1_table(adoptions, kids, people, year),
            "placed_adoption": placed_adoption_table(adoptions, kids, people, year),
            "prev_perm": prev_perm_table(rng, periods, kids, people, la_number, year),
            "missing": missing_table(missing, kids, people, year),
        }
        if year >= FIRST_SW_YEAR:
            tables["sw_episodes"] = sw_table(workers, kids, people, year)
        for name, table in tables.items():
            written.append(write_csv(table, d / f"{name}.csv"))
    vs = make_virtual_school(rng, kids, periods, ep, people, first_year, last_year, index, geo)
    for name in ("pupils", "peps", "results", "destinations"):
        written.append(write_csv(getattr(vs, name), folder / "virtual_school" / f"{name}.csv"))
    return written
