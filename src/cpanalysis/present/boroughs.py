"""Where children placed out of borough live: a map of council boundaries, or a ranked chart.

The figures are those of :func:`cpanalysis.measures.deep_dives.out_of_borough`,
already protected: each receiving council's count is published (``threshold``
or more) or ``c``; councils receiving fewer than ``threshold`` children are
merged into one "other councils" row. This module only draws them, and never
draws a number the table does not publish:

* with a boundary file the council names in its settings (``boundaries =
  "councils.geojson"``), :func:`boundary_map_figure` draws the real council
  boundaries: each receiving council with a published count is shaded by its
  count band (:func:`count_bands`), one whose count is hidden (``c``) is
  hatched with no number, the home council is outlined, and councils of the
  "other councils" group are not marked at all (they are not named anywhere);
* without one (or when the file names none of the receiving councils),
  :func:`ranked_figure` draws a horizontal bar for each published count,
  largest first; hidden counts get no bar.

Labels are placed so that none overlaps another (:func:`place_labels`, which
measures each label's box with matplotlib's renderer); a council whose name
will not fit on the map is named in the table below it.

Boundary files are GeoJSON (RFC 7946) ``FeatureCollection`` of ``Polygon`` and
``MultiPolygon`` features, read with :mod:`json` alone (no geopandas): ONS
Open Geography Portal downloads ("Counties and Unitary Authorities", "Upper
Tier Local Authorities", "Local Authority Districts") in longitude/latitude
(WGS 84) or British National Grid metres. The council code and name are
found in the usual ONS property names (``CTYUA24CD``/``CTYUA24NM``,
``UTLA22CD``, ``LAD24CD``...; :func:`code_and_name_keys`). The receiving
councils are upper-tier councils (children's services authorities), so the
boundaries should be too (counties and unitary authorities); for a unitary
council the two tiers have the same code. The boundaries and the postcode
lookup must be of the same vintage: a council whose code changed (Cumbria,
North Yorkshire and Somerset in 2023) is listed under the map as not on it.
Use a generalised file (ONS "BUC" or "BGC", a few megabytes): full-resolution
boundaries add nothing at this scale and are slow to read.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.patches import Patch, PathPatch  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402

from ..errors import InputError  # noqa: E402
from ..protect.policy import DisclosurePolicy  # noqa: E402
from .charts import Chart, render_png  # noqa: E402

__all__ = [
    "Boundaries",
    "Boundary",
    "CountBand",
    "boundary_map_figure",
    "code_and_name_keys",
    "count_bands",
    "out_of_borough_chart",
    "place_labels",
    "ranked_figure",
    "read_boundaries",
]

_STYLE = "afcharts.afcharts"

#: Shades for the count bands, light to dark (Analysis Function dark blue, lightened).
BAND_COLOURS = ("#B7CCE0", "#5B87B0", "#12436D")
HOME_COLOUR = "#F46A25"
#: At most this many receiving councils are named on the map (largest first); the table names them all.
MAX_MAP_LABELS = 12
CONTEXT_FILL = "#F2F2F2"
CONTEXT_EDGE = "#BFBFBF"

#: ONS code-property prefixes, most wanted first: upper-tier councils (the children's services
#: authorities), then districts, then anything else ending in ``CD``.
_PREFERENCE = ("CTYUA", "UTLA", "CUA", "CTY", "UA", "LAD", "LTLA", "LA", "CAUTH")
_CODE_KEY = re.compile(r"^(?P<prefix>[A-Za-z_]*?)(?P<year>\d{2})?(?P<cd>CD)$", re.I)
_PLAIN_KEYS = (("code", "name"), ("la_code", "la_name"), ("gss_code", "name"), ("areacode", "areaname"),
               ("geography code", "geography"))


# -- reading a boundary file ------------------------------------------------


@dataclass(frozen=True)
class Boundary:
    """One council's boundary.

    Attributes
    ----------
    code, name : str
        The council's code (``E10000017``) and name, from the file's properties.
    polygons : tuple of tuple of numpy.ndarray
        Each polygon as its rings (outer ring first, then holes), each an
        ``(n, 2)`` array of x, y in the file's coordinates.
    """

    code: str
    name: str
    polygons: tuple[tuple[np.ndarray, ...], ...]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """``(xmin, ymin, xmax, ymax)`` of all its rings."""
        pts = np.vstack([r for poly in self.polygons for r in poly])
        return float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()), float(pts[:, 1].max())


@dataclass(frozen=True)
class Boundaries:
    """The councils of a boundary file, by code.

    Attributes
    ----------
    councils : dict of str to Boundary
    geographic : bool
        Whether coordinates are longitude/latitude (drawn with the
        longitude scaled by the cosine of the middle latitude, so shapes are
        not stretched); otherwise projected metres, drawn as they are.
    source : str
        The file read, and the properties used for code and name.
    """

    councils: dict[str, Boundary]
    geographic: bool
    source: str


def code_and_name_keys(properties: Mapping[str, object]) -> tuple[str, str | None]:
    """The property names holding a feature's council code and name.

    ONS names first (``CTYUA24CD`` with ``CTYUA24NM``; upper tier before
    districts, :data:`_PREFERENCE`), then any ``...CD`` with its ``...NM``,
    then plain ``code``/``name`` style keys (case ignored).

    Raises
    ------
    InputError
        When no property looks like a council code.

    Examples
    --------
    >>> code_and_name_keys({"OBJECTID": 1, "LAD24CD": "E06000001", "LAD24NM": "Hartlepool",
    ...                     "CTYUA24CD": "E06000001", "CTYUA24NM": "Hartlepool"})
    ('CTYUA24CD', 'CTYUA24NM')
    >>> code_and_name_keys({"code": "E09000001", "name": "City of London"})
    ('code', 'name')
    """
    keys = list(properties)
    coded = []
    for k in keys:
        m = _CODE_KEY.match(k)
        if m and m.group("prefix"):
            prefix = m.group("prefix").rstrip("_").upper()
            rank = _PREFERENCE.index(prefix) if prefix in _PREFERENCE else len(_PREFERENCE)
            coded.append((rank, k))
    if coded:
        key = min(coded)[1]
        stem = key[:-2]
        name = next((k for k in keys if k.upper() in (stem.upper() + "NM", stem.upper() + "NMW")
                     and k.upper().endswith("NM")), None)
        return key, name
    lower = {k.lower(): k for k in keys}
    for code, name in _PLAIN_KEYS:
        if code in lower:
            return lower[code], lower.get(name)
    raise InputError("no property names a council code (expected ONS names such as CTYUA24CD and CTYUA24NM, "
                     "or 'code' and 'name')")


def _ring(coords: object) -> np.ndarray | None:
    arr = np.asarray(coords, dtype=float)
    if arr.ndim != 2 or arr.shape[0] < 3 or arr.shape[1] < 2:
        return None
    return arr[:, :2]


def _polygons(geometry: Mapping[str, object]) -> list[tuple[np.ndarray, ...]]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        polys = [coords]
    elif kind == "MultiPolygon":
        polys = list(coords)  # type: ignore[arg-type]
    elif kind == "GeometryCollection":
        return [p for g in geometry.get("geometries") or [] for p in _polygons(g)]  # type: ignore[union-attr]
    else:
        return []
    out = []
    for poly in polys:
        rings = [r for r in (_ring(c) for c in poly) if r is not None]
        if rings:
            out.append(tuple(rings))
    return out


def read_boundaries(path: Path | str) -> Boundaries:
    """Read council boundaries from a GeoJSON file.

    Parameters
    ----------
    path : path-like
        A GeoJSON ``FeatureCollection`` (or a single ``Feature``) of
        ``Polygon``/``MultiPolygon`` features, e.g. ONS "Counties and Unitary
        Authorities (December 2024) Boundaries UK BUC". Features without a
        polygon are skipped; several features with one code are joined.

    Returns
    -------
    Boundaries

    Raises
    ------
    InputError
        Unreadable file, not GeoJSON, no polygon, or no council code property.
    """
    p = Path(path)
    try:
        doc = json.loads(p.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{p}: cannot read the boundary file ({exc})") from exc
    features = doc.get("features") if isinstance(doc, dict) else None
    if features is None and isinstance(doc, dict) and doc.get("type") == "Feature":
        features = [doc]
    if not features:
        raise InputError(f"{p}: not a GeoJSON FeatureCollection with features")
    found: dict[str, tuple[str, list[tuple[np.ndarray, ...]]]] = {}
    keys: tuple[str, str | None] | None = None
    for feat in features:
        props = feat.get("properties") or {}
        polys = _polygons(feat.get("geometry") or {})
        if not polys or not props:
            continue
        try:
            keys = code_and_name_keys(props)
        except InputError as exc:
            raise InputError(f"{p}: {exc}") from exc
        code = str(props.get(keys[0]) or "").strip()
        if not code:
            continue
        name = str(props.get(keys[1]) or code).strip() if keys[1] else code
        found.setdefault(code, (name, []))[1].extend(polys)
    if not found or keys is None:
        raise InputError(f"{p}: no council polygons with a code in the boundary file")
    councils = {c: Boundary(c, n, tuple(polys)) for c, (n, polys) in sorted(found.items())}
    pts = np.vstack([r for b in councils.values() for poly in b.polygons for r in poly])
    geographic = bool((np.abs(pts[:, 0]) <= 180).all() and (np.abs(pts[:, 1]) <= 90).all())
    return Boundaries(councils, geographic, f"{p.name} ({keys[0]}{', ' + keys[1] if keys[1] else ''})")


# -- count bands ------------------------------------------------------------


@dataclass(frozen=True)
class CountBand:
    """A band of published counts: ``low`` to ``high`` children (``high`` None: or more)."""

    low: int
    high: int | None
    colour: str

    @property
    def label(self) -> str:
        """``"5 to 9 children"``, ``"20 or more children"``."""
        return f"{self.low} or more children" if self.high is None else f"{self.low} to {self.high} children"

    def holds(self, n: int) -> bool:
        """Whether ``n`` is in the band."""
        return n >= self.low and (self.high is None or n <= self.high)


def count_bands(policy: DisclosurePolicy) -> tuple[CountBand, ...]:
    """The map's shading bands, from the threshold: ``t`` to ``2t - 1``, ``2t`` to ``4t - 1``, ``4t`` or more.

    Our choice: bands start at the threshold, so no band can hold a count
    that is not published (threshold 5: 5 to 9, 10 to 19, 20 or more).

    Examples
    --------
    >>> [b.label for b in count_bands(DisclosurePolicy(threshold=5))]
    ['5 to 9 children', '10 to 19 children', '20 or more children']
    """
    t = policy.threshold
    return (CountBand(t, 2 * t - 1, BAND_COLOURS[0]), CountBand(2 * t, 4 * t - 1, BAND_COLOURS[1]),
            CountBand(4 * t, None, BAND_COLOURS[2]))


def _published(value: object, policy: DisclosurePolicy) -> int | None:
    """A published count as an int; None for a symbol or (never expected) a count under the threshold."""
    n = pd.to_numeric(pd.Series([str(value).replace(",", "")]), errors="coerce").iloc[0]
    if pd.isna(n) or int(n) < policy.threshold:
        return None
    return int(n)


@dataclass(frozen=True)
class _Rows:
    """The published table split by what may be drawn."""

    shown: list[tuple[str, str, int]]      # code, name, published count (named councils)
    hidden: list[tuple[str, str]]          # code, name of named councils whose count is c
    other_label: str | None                # the "other councils" row's label, if any
    other_count: int | None                # its published count (None: hidden or absent)
    other_councils: int | None             # how many councils it groups, when known


def _split(table: pd.DataFrame, policy: DisclosurePolicy, receiving: int | None) -> _Rows:
    shown, hidden, other_label, other_count = [], [], None, None
    for _, r in table.iterrows():
        code, name = str(r.get("council_code") or ""), str(r["council_name"])
        n = _published(r["children"], policy)
        if not code:
            other_label, other_count = name, n
        elif n is None:
            hidden.append((code, name))
        else:
            shown.append((code, name, n))
    named = len(shown) + len(hidden)
    other = receiving - named if receiving is not None and other_label is not None else None
    return _Rows(shown, hidden, other_label, other_count, other if other is None or other > 0 else None)


def _other_words(rows: _Rows, policy: DisclosurePolicy) -> str:
    """How many councils the "other councils" row groups, and its count when published."""
    if rows.other_label is None:
        return ""
    n = rows.other_councils
    who = f"{n} council{'s' if n != 1 else ''}" if n is not None else "The councils"
    grouped = f"{who} receiving fewer than {policy.threshold} children each {'is' if n == 1 else 'are'} grouped as " \
              "\"other councils\""
    if rows.other_count is not None:
        return f"{grouped}: {rows.other_count} children between them."
    return f"{grouped}; the number of children they received is not shown (c)."


# -- placing labels without overlap -----------------------------------------


def place_labels(ax: plt.Axes, labels: Sequence[tuple[str, float, float]], *, fontsize: float = 10,
                 fontweight: str = "normal", placed: list | None = None) -> list[plt.Text | None]:
    """Put each label at its point, or just beside it, where it overlaps no label already placed.

    Labels are tried in the order given (put the most important first) at
    the point itself, then above, below, right and left of it (with a thin
    leader line back to the point); the window extent of each is measured
    with the figure's renderer. A label that
    fits nowhere inside the axes is left out (the caller names it in a
    table). Returns, for each label, the text placed or None.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    labels : sequence of (text, x, y)
        In data coordinates.
    fontsize : float
    fontweight : str
    placed : list of matplotlib.text.Text, optional
        Labels already on the axes to avoid; extended in place.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    ax.apply_aspect()             # the axes' final box, without drawing every boundary
    frame = ax.get_window_extent(renderer)
    placed = placed if placed is not None else []
    boxes = [t.get_window_extent(renderer).expanded(1.05, 1.15) for t in placed]
    out: list[plt.Text | None] = []
    for text, x, y in labels:
        out.append(None)
        for dx, dy in ((0, 0), (0, 1.3), (0, -1.3), (1.1, 0), (-1.1, 0), (0, 2.6), (0, -2.6)):
            leader = {"arrowstyle": "-", "color": "#505A5F", "linewidth": 0.7, "shrinkA": 0, "shrinkB": 0}
            t = ax.annotate(text, (x, y), xytext=(dx * fontsize * 3, dy * fontsize), textcoords="offset points",
                            ha="center", va="center", fontsize=fontsize, fontweight=fontweight, color="#0B0C0C",
                            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
                                  "alpha": 0.85},
                            arrowprops=leader if (dx, dy) != (0, 0) else None)
            box = t.get_window_extent(renderer).expanded(1.05, 1.15)
            inside = (box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1)
            if inside and not any(box.overlaps(b) for b in boxes):
                boxes.append(box)
                placed.append(t)
                out[-1] = t
                break
            t.remove()
    return out


# -- the map ----------------------------------------------------------------


def _signed_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def _mpl_path(b: Boundary, xscale: float) -> MplPath:
    """The council as one compound path: outer rings anticlockwise, holes clockwise (non-zero fill)."""
    verts, codes = [], []
    for poly in b.polygons:
        for k, ring in enumerate(poly):
            r = ring * np.array([xscale, 1.0])
            ccw = _signed_area(r) > 0
            if (k == 0) != ccw:
                r = r[::-1]
            verts.extend(r.tolist() + [r[0].tolist()])
            codes.extend([MplPath.MOVETO] + [MplPath.LINETO] * (len(r) - 1) + [MplPath.CLOSEPOLY])
    return MplPath(np.asarray(verts), codes)


def _label_point(b: Boundary, xscale: float) -> tuple[float, float]:
    """A point for the council's name: the centroid of its largest ring, or that ring's middle vertex-mean."""
    ring = max((poly[0] for poly in b.polygons), key=lambda r: abs(_signed_area(r)))
    r = ring * np.array([xscale, 1.0])
    a = _signed_area(r)
    if abs(a) > 0:
        x, y = r[:, 0], r[:, 1]
        cross = x * np.roll(y, -1) - np.roll(x, -1) * y
        cx = float(((x + np.roll(x, -1)) * cross).sum() / (6 * a))
        cy = float(((y + np.roll(y, -1)) * cross).sum() / (6 * a))
        if MplPath(r).contains_point((cx, cy)):
            return cx, cy
    return float(r[:, 0].mean()), float(r[:, 1].mean())


def _wrap(name: str, width: int = 18) -> str:
    return "\n".join(textwrap.wrap(name, width)) or name


def boundary_map_figure(table: pd.DataFrame, boundaries: Boundaries, home_code: str | None, council: str, *,
                        policy: DisclosurePolicy, receiving: int | None = None) -> tuple[plt.Figure, dict] | None:
    """Map of receiving councils shaded by count band, the home council outlined.

    Parameters
    ----------
    table : pandas.DataFrame
        ``by receiving council`` of :func:`cpanalysis.measures.deep_dives.out_of_borough`
        (``council_code``, ``council_name``, ``children`` as published).
    boundaries : Boundaries
        From :func:`read_boundaries`.
    home_code : str or None
        The home council's code (outlined, not shaded).
    council : str
        The home council's name as the pages print it.
    policy : DisclosurePolicy
        The run's disclosure policy (bands start at its threshold).
    receiving : int, optional
        How many councils receive children (the deep dive's summary), to say
        how many are grouped as "other councils".

    Returns
    -------
    (matplotlib.figure.Figure, dict) or None
        The figure and what it shows (``shaded``: code to band label,
        ``hatched``, ``labelled``, ``not_on_map``, ``home_drawn``); None when
        the file holds none of the receiving councils.
    """
    rows = _split(table, policy, receiving)
    bands = count_bands(policy)
    have = boundaries.councils
    shaded = [(c, n, k) for c, n, k in rows.shown if c in have]
    hatched = [(c, n) for c, n in rows.hidden if c in have]
    if not shaded and not hatched:
        return None
    not_on_map = [n for c, n, _ in rows.shown if c not in have] + [n for c, n in rows.hidden if c not in have]
    home = have.get(home_code) if home_code else None
    focus = [have[c] for c, *_ in shaded] + [have[c] for c, _ in hatched] + ([home] if home else [])
    lat = np.mean([(b.bbox[1] + b.bbox[3]) / 2 for b in focus]) if boundaries.geographic else 0.0
    xscale = float(np.cos(np.radians(lat))) if boundaries.geographic else 1.0
    x0 = min(b.bbox[0] for b in focus) * xscale
    x1 = max(b.bbox[2] for b in focus) * xscale
    y0, y1 = min(b.bbox[1] for b in focus), max(b.bbox[3] for b in focus)
    pad = 0.08 * max(x1 - x0, y1 - y0)
    x0, x1, y0, y1 = x0 - pad, x1 + pad, y0 - pad, y1 + pad
    info: dict = {"shaded": {}, "hatched": [c for c, _ in hatched], "labelled": [], "not_on_map": not_on_map,
                  "home_drawn": home is not None}
    with plt.style.context(_STYLE):
        width = 8.0
        height = float(np.clip(width * (y1 - y0) / max(x1 - x0, 1e-9), 5.0, 10.0))
        fig, ax = plt.subplots(figsize=(width, height))
        for code, b in have.items():          # context: every council in view, light grey
            bx0, by0, bx1, by1 = b.bbox
            if bx1 * xscale < x0 or bx0 * xscale > x1 or by1 < y0 or by0 > y1:
                continue
            ax.add_artist(PathPatch(_mpl_path(b, xscale), facecolor=CONTEXT_FILL, edgecolor=CONTEXT_EDGE,
                                   linewidth=0.6, zorder=1))
        for code, _name, n in shaded:
            band = next(bd for bd in bands if bd.holds(n))
            info["shaded"][code] = band.label
            ax.add_artist(PathPatch(_mpl_path(have[code], xscale), facecolor=band.colour, edgecolor="white",
                                   linewidth=0.9, zorder=2))
        for code, _name in hatched:
            ax.add_artist(PathPatch(_mpl_path(have[code], xscale), facecolor="white", edgecolor="#505A5F",
                                   hatch="///", linewidth=0.9, zorder=2))
        if home is not None:
            ax.add_artist(PathPatch(_mpl_path(home, xscale), facecolor="none", edgecolor=HOME_COLOUR,
                                   linewidth=2.6, zorder=3))
        # Patches are added with add_artist, not add_patch: the view is set here by hand, and add_patch's
        # update of the data limits walks every vertex of every boundary (seconds for a national file).
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        ax.set_axis_off()
        handles = [Patch(facecolor=bd.colour, edgecolor="white", label=bd.label) for bd in bands
                   if any(bd.holds(n) for _, _, n in shaded)]
        if hatched:
            handles.append(Patch(facecolor="white", edgecolor="#505A5F", hatch="///", label="number not shown (c)"))
        if home is not None:
            handles.append(Patch(facecolor="none", edgecolor=HOME_COLOUR, linewidth=2.6, label=council))
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=2, frameon=False,
                  fontsize=11)
        fig.tight_layout()
        placed: list = []
        if home is not None:
            hx, hy = _label_point(home, xscale)
            if place_labels(ax, [(_wrap(council), hx, hy)], fontsize=11, fontweight="bold", placed=placed)[0]:
                info["labelled"].append(home.code)
        order = ([(c, n) for c, n, _ in sorted(shaded, key=lambda r: -r[2])] + hatched)[:MAX_MAP_LABELS]
        texts = place_labels(ax, [(_wrap(n), *_label_point(have[c], xscale)) for c, n in order], fontsize=10,
                             placed=placed)
        info["labelled"] += [c for (c, _), t in zip(order, texts) if t is not None]
    return fig, info


# -- the ranked chart -------------------------------------------------------


def ranked_figure(table: pd.DataFrame, council: str, *, policy: DisclosurePolicy,
                  receiving: int | None = None) -> tuple[plt.Figure, dict] | None:
    """Horizontal bars of published counts by receiving council, largest first; "other councils" last.

    A council whose count is hidden (``c``) gets no bar; neither does the
    "other councils" group when its total is hidden. Names wrap so that no
    label overlaps another, and each bar carries its count.

    Returns
    -------
    (matplotlib.figure.Figure, dict) or None
        The figure and what it shows (``bars``: label to count, in drawing
        order); None when there is no published count to draw.
    """
    rows = _split(table, policy, receiving)
    bars = sorted(rows.shown, key=lambda r: -r[2])            # stable: the table's order for ties
    labels = [_wrap(name, 26) for _, name, _ in bars]
    values = [n for _, _, n in bars]
    colours = ["#12436D"] * len(bars)
    if rows.other_count is not None:
        n = rows.other_councils
        labels.append(f"Other councils ({n} councils,\nfewer than {policy.threshold} each)" if n is not None
                      else f"Other councils\n(fewer than {policy.threshold} each)")
        values.append(rows.other_count)
        colours.append("#707071")
    if not values:
        return None
    lines = sum(lab.count("\n") + 1 for lab in labels)
    with plt.style.context(_STYLE):
        fig, ax = plt.subplots(figsize=(8, 1.0 + 0.32 * lines + 0.25 * len(labels)))
        ys = np.arange(len(values))[::-1]
        ax.barh(ys, values, color=colours, height=0.6)
        ax.set_yticks(ys, labels, fontsize=11)
        top = max(values)
        for y, v in zip(ys, values):
            ax.text(v + top * 0.01, y, f"{v:,}", va="center", ha="left", fontsize=11)
        ax.set_xlim(0, top * 1.15)
        ax.set_xlabel("Children")
        ax.grid(True, axis="x", alpha=0.3)
        ax.grid(False, axis="y")
        ax.tick_params(axis="y", length=0)
        fig.tight_layout()
    return fig, {"bars": dict(zip(labels, values))}


# -- the chart for the page -------------------------------------------------


def out_of_borough_chart(table: pd.DataFrame, council: str, *, policy: DisclosurePolicy,
                         home_code: str | None = None, receiving: int | None = None,
                         boundaries: Boundaries | None = None) -> tuple[Chart | None, str]:
    """The out-of-borough chart for the page: the boundary map when possible, else the ranked chart.

    Returns
    -------
    (Chart or None, str)
        The chart (None when no count can be drawn) and a note for the page
        (empty, or why the map could not be drawn).
    """
    rows = _split(table, policy, receiving)
    other = _other_words(rows, policy)
    hidden = (f" {len(rows.hidden)} council{'s' if len(rows.hidden) != 1 else ''} whose number is hidden (c) "
              f"{'are' if len(rows.hidden) != 1 else 'is'} named in the table only." if rows.hidden else "")
    source = "SSDA903 episodes (placement postcodes); postcode lookup; cpanalysis deep dive"
    note = ""
    shown = sorted(rows.shown, key=lambda r: -r[2])
    listed = "; ".join(f"{name}: {n}" for _, name, n in shown)
    if boundaries is not None:
        drawn = boundary_map_figure(table, boundaries, home_code, council, policy=policy, receiving=receiving)
        if drawn is not None:
            fig, info = drawn
            png = render_png(fig)
            missing = (f" Not on the map (not in the boundary file): {', '.join(info['not_on_map'])}."
                       if info["not_on_map"] else "")
            hatched = (f" Hatched, number not shown (c): "
                       f"{', '.join(n for c, n in rows.hidden if c in info['hatched'])}." if info["hatched"] else "")
            by_band = "; ".join(f"{name}: {info['shaded'][c]}" for c, name, _ in shown if c in info["shaded"])
            alt = (f"Map of council boundaries around {council}"
                   f"{', outlined' if info['home_drawn'] else ''}, with each council where {council}'s cared for "
                   f"children live outside its area shaded by how many live there. {by_band}.{hatched}{missing} "
                   f"{other}").strip()
            unnamed = [c for c in list(info["shaded"]) + info["hatched"] if c not in info["labelled"]]
            subtitle = ("Cared for children placed out of borough at the quarter end: receiving councils shaded by "
                        f"the number of children. {other}"
                        + (" Councils not named on the map are named in the table." if unnamed else "")
                        + missing).strip()
            return Chart(title=_title(shown, rows, council), subtitle=subtitle,
                         source=f"{source}; boundaries: {boundaries.source}", alt=alt, png=png), note
        note = ("The boundary file holds none of the councils that receive children (by code), so a ranked "
                "chart is shown instead of a map.")
    drawn = ranked_figure(table, council, policy=policy, receiving=receiving)
    if drawn is None:
        return None, note
    fig, info = drawn
    png = render_png(fig)
    bars = "; ".join(f"{k.replace(chr(10), ' ')}: {v}" for k, v in info["bars"].items())
    alt = (f"Bar chart of the councils where {council}'s cared for children live outside its area, largest first. "
           f"{bars}.{hidden} {other}").strip()
    subtitle = (f"Cared for children placed out of borough at the quarter end, by receiving council.{hidden} "
                f"{other}").strip()
    return Chart(title=_title(shown, rows, council), subtitle=subtitle, source=source, alt=alt, png=png), note


def _title(shown: list[tuple[str, str, int]], rows: _Rows, council: str) -> str:
    """The headline: the council receiving the most, only when that is certain from what is published."""
    if shown and not rows.hidden and (len(shown) == 1 or shown[0][2] > shown[1][2]):
        return f"More of {council}'s children placed outside its area live in {shown[0][1]} than anywhere else"
    return f"Where {council}'s children placed outside its area live"
