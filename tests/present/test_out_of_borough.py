"""The out-of-borough chart: a boundary map when the council gives a boundary file, else a ranked chart.

Data: the hand-built council of ``tests/measures/fixture_measures.py`` (home council Z1,
A and D placed in Next Borough Z2) plus children placed on 01/05/2024 and still there at
31/12/2024, counted by hand:

* ``SPLIT`` (``_data({"Z2": 10, "Z3": 6, "Z4": 2, "Z5": 1})``): Z2 12, Z3 6, Z4 2, Z5 1.
  Z4 and Z5 (1-4 each) are grouped as "other councils" = 3, hidden (c); the column is
  published with its total (21), so the smallest other cell, Far Borough's 6, is hidden
  too (secondary). Published: Next Borough 12; hidden: Far Borough, other councils.
* ``OPEN`` (``_data({"Z2": 10, "Z3": 6, "Z4": 3, "Z5": 2})``): Z2 12, Z3 6, other councils
  (Z4 3 + Z5 2) = 5: every cell published, total 23.

Boundaries: ``tests/fixtures/geo/councils_bng.geojson``, six hand-made squares in British
National Grid metres (20 km each: Z1 Home, Z2 Next (a MultiPolygon with an island), Z3
Far, Z4 Near, Z5 Wide, Z9 Quiet (with a hole)), properties named as ONS names them
(``CTYUA24CD``, ``CTYUA24NM``).
"""

import itertools
import json
import re
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.patches import PathPatch
from matplotlib.text import Text

from cpanalysis.errors import InputError
from cpanalysis.measures import MeasureData
from cpanalysis.measures.deep_dives import out_of_borough
from cpanalysis.present.boroughs import (
    boundary_map_figure,
    code_and_name_keys,
    count_bands,
    out_of_borough_chart,
    ranked_figure,
    read_boundaries,
)
from cpanalysis.present.stability import out_of_borough_section
from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.publish.gate import check_html, format_findings
from cpanalysis.quarters import Quarter

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "measures"))
from fixture_measures import POSTCODES, tables, with_children_placed  # noqa: E402

POLICY = DisclosurePolicy(threshold=5)
Q3 = Quarter.parse("2024-25 Q3")
GEO = Path(__file__).resolve().parents[1] / "fixtures" / "geo" / "councils_bng.geojson"

_PLACES = {"Z2": ("QA9 9AA", None), "Z3": ("QC3 3AA", "Far Borough"), "Z4": ("QD4 4AA", "Near Borough"),
           "Z5": ("QE5 5AA", "Wide Borough")}


def _data(extra: dict[str, int]) -> MeasureData:
    """The fixture council with ``extra[code]`` more children placed in each council."""
    t = with_children_placed(tables(), [_PLACES[code][0] for code, n in extra.items() for _ in range(n)])
    more = pd.DataFrame([{"postcode": pc, "easting": 340000 + 5000 * i, "northing": 270000,
                          "council_code": code, "council_name": name}
                         for i, (code, (pc, name)) in enumerate(_PLACES.items()) if name])
    return MeasureData(tables=t, years=[2023, 2024], extra={"postcodes": pd.concat([POSTCODES, more], ignore_index=True)})


SPLIT = {"Z2": 10, "Z3": 6, "Z4": 2, "Z5": 1}
OPEN = {"Z2": 10, "Z3": 6, "Z4": 3, "Z5": 2}


@pytest.fixture(scope="module")
def split():
    return _data(SPLIT)


@pytest.fixture(scope="module")
def open_():
    return _data(OPEN)


def _texts(fig: plt.Figure) -> list[Text]:
    """Every visible, non-empty text drawn in the figure (tick labels, annotations, bar labels, legend)."""
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip() and t.figure is fig]


def _overlaps(fig: plt.Figure) -> list[tuple[str, str]]:
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(r)) for t in _texts(fig)]
    return [(a, b) for (a, ba), (b, bb) in itertools.combinations(boxes, 2) if ba.overlaps(bb)]


def _drawn_text(fig: plt.Figure) -> str:
    return " | ".join(t.get_text() for t in _texts(fig))


# -- the figures behind the section: hand-checked protected tables ----------


def test_the_deep_dive_tables_are_as_worked_by_hand(split, open_):
    t = out_of_borough(split, Q3, POLICY).tables["by receiving council"]
    assert [(c, str(n)) for c, n in zip(t["council_code"], t["children"])] == [("Z2", "12"), ("Z3", "c"), ("", "c")]
    t = out_of_borough(open_, Q3, POLICY).tables["by receiving council"]
    assert [(c, str(n)) for c, n in zip(t["council_code"], t["children"])] == [("Z2", "12"), ("Z3", "6"), ("", "5")]


def test_ranked_chart_draws_only_published_counts(split):
    table = out_of_borough(split, Q3, POLICY).tables["by receiving council"]
    fig, info = ranked_figure(table, "Home Borough", policy=POLICY, receiving=4)
    assert info["bars"] == {"Next Borough": 12}       # Far Borough (c) and the hidden group get no bar
    ax = fig.axes[0]
    assert [round(p.get_width()) for p in ax.patches] == [12]
    drawn = _drawn_text(fig)
    assert "Far Borough" not in drawn and "Other" not in drawn
    assert not re.search(r"\b[1-4]\b", " ".join(t.get_text() for t in ax.texts))   # no 1-4 labelled
    plt.close(fig)


def test_ranked_chart_names_how_many_councils_are_grouped(open_):
    table = out_of_borough(open_, Q3, POLICY).tables["by receiving council"]
    fig, info = ranked_figure(table, "Home Borough", policy=POLICY, receiving=4)
    labels = [k.replace("\n", " ") for k in info["bars"]]
    assert labels == ["Next Borough", "Far Borough", "Other councils (2 councils, fewer than 5 each)"]
    assert list(info["bars"].values()) == [12, 6, 5]
    assert [round(p.get_width()) for p in fig.axes[0].patches] == [12, 6, 5]
    assert _overlaps(fig) == []
    plt.close(fig)


def test_ranked_chart_labels_do_not_overlap_with_many_long_names():
    names = [f"The Royal Borough of Somewhere Quite Long Number {i}" for i in range(30)]
    table = pd.DataFrame({"council_code": [f"E{i:08d}" for i in range(30)] + [""],
                          "council_name": names + ["other councils (each fewer than 5)"],
                          "children": [str(40 - i) for i in range(30)] + ["27"]})
    fig, info = ranked_figure(table, "Home Borough", policy=POLICY, receiving=38)
    assert len(info["bars"]) == 31
    assert _overlaps(fig) == []
    plt.close(fig)


def test_the_overlap_check_catches_overlapping_labels():
    # Guard the guard: two labels at one point are reported.
    fig, ax = plt.subplots()
    ax.text(0.5, 0.5, "Next Borough")
    ax.text(0.5, 0.5, "Far Borough")
    assert ("Next Borough", "Far Borough") in _overlaps(fig)
    plt.close(fig)


# -- reading boundary files -------------------------------------------------


def test_read_boundaries_finds_ons_properties_and_polygons():
    b = read_boundaries(GEO)
    assert sorted(b.councils) == ["Z1", "Z2", "Z3", "Z4", "Z5", "Z9"]
    assert b.councils["Z2"].name == "Next Borough"
    assert len(b.councils["Z2"].polygons) == 2                  # MultiPolygon: mainland and island
    assert len(b.councils["Z9"].polygons[0]) == 2               # outer ring and hole
    assert b.councils["Z1"].bbox == (290000.0, 240000.0, 310000.0, 260000.0)
    assert not b.geographic and "CTYUA24CD" in b.source


@pytest.mark.parametrize(("props", "want"), [
    ({"FID": 1, "CTYUA24CD": "E06000001", "CTYUA24NM": "Hartlepool", "CTYUA24NMW": " "}, ("CTYUA24CD", "CTYUA24NM")),
    ({"LAD23CD": "E07000026", "LAD23NM": "Allerdale", "UTLA22CD": "E10000006", "UTLA22NM": "Cumbria"},
     ("UTLA22CD", "UTLA22NM")),
    ({"OBJECTID": 3, "LAD24CD": "E08000003", "LAD24NM": "Manchester"}, ("LAD24CD", "LAD24NM")),
    ({"ctyua19cd": "E10000017", "ctyua19nm": "Lancashire"}, ("ctyua19cd", "ctyua19nm")),
    ({"Code": "E09000001", "Name": "City of London"}, ("Code", "Name")),
])
def test_code_and_name_keys(props, want):
    assert code_and_name_keys(props) == want


def test_a_file_without_council_codes_is_refused(tmp_path):
    f = tmp_path / "b.geojson"
    f.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"colour": "red"},
         "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}))
    with pytest.raises(InputError, match="council code"):
        read_boundaries(f)
    (tmp_path / "bad.geojson").write_text("not json")
    with pytest.raises(InputError, match="cannot read"):
        read_boundaries(tmp_path / "bad.geojson")


def test_longitude_latitude_files_are_recognised(tmp_path):
    f = tmp_path / "ll.geojson"
    f.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"LAD24CD": "Z1", "LAD24NM": "Home Borough"},
         "geometry": {"type": "Polygon", "coordinates": [[[-2.3, 53.4], [-2.1, 53.4], [-2.1, 53.6], [-2.3, 53.4]]]}},
        {"type": "Feature", "properties": {"LAD24CD": "Z2", "LAD24NM": "Next Borough"},
         "geometry": {"type": "Polygon", "coordinates": [[[-2.1, 53.4], [-1.9, 53.4], [-1.9, 53.6], [-2.1, 53.4]]]}},
    ]}))
    b = read_boundaries(f)
    assert b.geographic
    table = pd.DataFrame({"council_code": ["Z2"], "council_name": ["Next Borough"], "children": ["7"]})
    fig, info = boundary_map_figure(table, b, "Z1", "Home Borough", policy=POLICY)
    # Longitude is scaled by cos(53.5 degrees), so the map is not stretched sideways.
    x0, x1 = fig.axes[0].get_xlim()
    assert (x1 - x0) < 0.4 * 1.2 and info["shaded"] == {"Z2": "5 to 9 children"}
    plt.close(fig)


# -- the boundary map ---------------------------------------------------------


def _patch_colours(fig: plt.Figure) -> list[str]:
    from matplotlib.colors import to_hex
    return [to_hex(p.get_facecolor()) for p in fig.axes[0].patches if isinstance(p, PathPatch)]


def test_map_shades_published_counts_hatches_hidden_ones_and_never_marks_the_small_councils(split):
    table = out_of_borough(split, Q3, POLICY).tables["by receiving council"]
    fig, info = boundary_map_figure(table, read_boundaries(GEO), "Z1", "Home Borough", policy=POLICY, receiving=4)
    assert info["shaded"] == {"Z2": "10 to 19 children"}       # 12, the only published count
    assert info["hatched"] == ["Z3"]                          # Far Borough: c, hatched with no number
    assert info["home_drawn"]
    drawn = _drawn_text(fig)
    assert "Near Borough" not in drawn and "Wide Borough" not in drawn   # 1-4 each: not named, not shaded
    assert not re.search(r"\b\d+\b", " ".join(t.get_text() for t in fig.axes[0].texts))  # no count on the map
    band_colours = {b.colour.lower() for b in count_bands(POLICY)}
    assert sum(c in band_colours for c in _patch_colours(fig)) == 1      # one council shaded
    assert _overlaps(fig) == []
    plt.close(fig)


def test_map_labels_do_not_overlap_when_councils_crowd_together(tmp_path):
    # Twenty tiny neighbouring councils, each receiving 6 to 25 children: labels cannot all fit at their centres.
    feats, rows = [], []
    for i in range(20):
        x, y = (i % 5) * 3000, (i // 5) * 3000
        feats.append({"type": "Feature", "properties": {"CTYUA24CD": f"E{i:08d}", "CTYUA24NM": f"Borough of Place {i}"},
                      "geometry": {"type": "Polygon", "coordinates": [[[x, y], [x + 3000, y], [x + 3000, y + 3000],
                                                                       [x, y + 3000], [x, y]]]}})
        rows.append((f"E{i:08d}", f"Borough of Place {i}", str(6 + i)))
    f = tmp_path / "crowd.geojson"
    f.write_text(json.dumps({"type": "FeatureCollection", "features": feats}))
    table = pd.DataFrame(rows[1:], columns=["council_code", "council_name", "children"])
    fig, info = boundary_map_figure(table, read_boundaries(f), "E00000000", "Borough of Place 0", policy=POLICY)
    assert len(info["shaded"]) == 19
    assert 0 < len(info["labelled"]) <= 20
    assert _overlaps(fig) == []
    plt.close(fig)


# -- the section: map with a boundary file, ranked chart without ---------------


def _alts(html: str) -> list[str]:
    return re.findall(r'<img [^>]*alt="([^"]*)"', html)


def _passes(html: str) -> None:
    findings = check_html(f"<html><body>{html}</body></html>", policy=POLICY)
    assert findings == [], format_findings(findings)


def test_section_draws_the_map_when_a_boundary_file_is_given(open_):
    html = out_of_borough_section(open_, Q3, council="Home Borough", policy=POLICY, boundaries=GEO).html
    (alt,) = _alts(html)
    assert alt.startswith("Map of council boundaries around Home Borough, outlined")
    assert "Next Borough: 10 to 19 children; Far Borough: 5 to 9 children" in alt
    assert ('2 councils receiving fewer than 5 children each are grouped as &quot;other councils&quot;: 5 children '
            'between them.') in html
    assert "Cared for children placed out of borough at the end of 2024-25 Q3" in html   # the table stays
    assert "boundaries: councils_bng.geojson (CTYUA24CD, CTYUA24NM)" in html
    _passes(html)


def test_section_draws_the_ranked_chart_without_a_boundary_file(open_):
    for none in (None, ""):
        html = out_of_borough_section(open_, Q3, council="Home Borough", policy=POLICY, boundaries=none).html
        (alt,) = _alts(html)
        assert alt.startswith("Bar chart of the councils where Home Borough")
        assert "Next Borough: 12; Far Borough: 6; Other councils (2 councils, fewer than 5 each): 5." in alt
        assert "Easting" not in html
        _passes(html)


def test_section_hides_hidden_counts_in_the_words_too(split):
    for geo in (None, GEO):
        html = out_of_borough_section(split, Q3, council="Home Borough", policy=POLICY, boundaries=geo).html
        (alt,) = _alts(html)
        assert "Far Borough: 6" not in alt and not re.search(r"Far Borough[^.;]*\d", alt)
        assert ('2 councils receiving fewer than 5 children each are grouped as &quot;other councils&quot;; the number '
                'of children they received is not shown (c).') in html
        assert "More of" not in html        # no "most" headline when a named council's count is hidden
        _passes(html)


def test_section_falls_back_to_the_ranked_chart_when_the_file_holds_no_receiving_council(open_, tmp_path):
    f = tmp_path / "elsewhere.geojson"
    doc = json.loads(GEO.read_text())
    doc["features"] = [ft for ft in doc["features"] if ft["properties"]["CTYUA24CD"] in ("Z1", "Z9")]
    f.write_text(json.dumps(doc))
    html = out_of_borough_section(open_, Q3, council="Home Borough", policy=POLICY, boundaries=f).html
    assert _alts(html)[0].startswith("Bar chart")
    assert "The boundary file holds none of the councils that receive children" in html


def test_notebook_passes_the_boundary_file():
    nb = json.loads((Path(__file__).resolve().parents[2] / "notebooks" / "placement_stability.ipynb").read_text())
    (cell,) = [c for c in nb["cells"] if c.get("id") == "oob"]
    assert 'boundaries=inputs.get("boundaries")' in "".join(cell["source"])


def test_no_chart_when_nothing_can_be_drawn():
    table = pd.DataFrame({"council_code": ["Z2", ""], "council_name": ["Next Borough", "other councils"],
                          "children": ["c", "c"]})
    chart, note = out_of_borough_chart(table, "Home Borough", policy=POLICY, receiving=3)
    assert chart is None and note == ""
    assert np.isfinite(count_bands(POLICY)[0].low)


def test_threshold_ten_bands_and_words(open_):
    ten = DisclosurePolicy(threshold=10)
    assert [b.label for b in count_bands(ten)] == ["10 to 19 children", "20 to 39 children", "40 or more children"]
    html = out_of_borough_section(open_, Q3, council="Home Borough", policy=ten, boundaries=GEO).html
    assert "fewer than 10 children" in html and "1-4" not in html
    # At 10: Next Borough 12 is the only council with 10 or more; Far 6, Near 3 and Wide 2 are grouped (11).
    (alt,) = _alts(html)
    assert "Next Borough: 10 to 19 children." in alt and "Far Borough" not in alt
    assert ('3 councils receiving fewer than 10 children each are grouped as &quot;other councils&quot;: 11 children '
            'between them.') in html
    findings = check_html(f"<html><body>{html}</body></html>", policy=ten)
    assert findings == [], format_findings(findings)


def test_a_receiving_council_missing_from_the_boundary_file_is_named_under_the_map(open_, tmp_path):
    f = tmp_path / "no_far.geojson"
    doc = json.loads(GEO.read_text())
    doc["features"] = [ft for ft in doc["features"] if ft["properties"]["CTYUA24CD"] != "Z3"]
    f.write_text(json.dumps(doc))
    html = out_of_borough_section(open_, Q3, council="Home Borough", policy=POLICY, boundaries=f).html
    assert _alts(html)[0].startswith("Map of council boundaries")
    subtitle = re.search(r'<p class="chart-subtitle">([^<]*)</p>', html).group(1)
    assert "Not on the map (not in the boundary file): Far Borough." in subtitle


def test_holes_stay_empty_whatever_the_rings_orientation(tmp_path):
    # A lake in Quiet Borough, its ring wound the same way as the outer ring (older files do this).
    outer = [[0, 0], [10000, 0], [10000, 10000], [0, 10000], [0, 0]]
    lake = [[3000, 3000], [7000, 3000], [7000, 7000], [3000, 7000], [3000, 3000]]
    f = tmp_path / "lake.geojson"
    f.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"CTYUA24CD": "Z9", "CTYUA24NM": "Quiet Borough"},
         "geometry": {"type": "Polygon", "coordinates": [outer, lake]}}]}))
    table = pd.DataFrame({"council_code": ["Z9"], "council_name": ["Quiet Borough"], "children": ["25"]})
    fig, _ = boundary_map_figure(table, read_boundaries(f), None, "Home Borough", policy=POLICY)
    for t in list(fig.axes[0].texts):
        t.remove()                                   # sample the fill, not the label
    fig.canvas.draw()
    rgba = np.asarray(fig.canvas.buffer_rgba())
    h = rgba.shape[0]

    def colour(x, y):
        px, py = fig.axes[0].transData.transform((x, y))
        return tuple(rgba[int(h - py), int(px), :3])

    assert colour(1000, 1000) == (0x12, 0x43, 0x6D)       # 25 children: the darkest band
    assert colour(5000, 5000) == (255, 255, 255)          # the lake is not filled
    plt.close(fig)
