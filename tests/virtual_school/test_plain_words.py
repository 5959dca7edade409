"""The Virtual School tables speak plainly; the method is described once, under "About the figures".

On a small synthetic council (``cpanalysis synth``, seed 1): every cell of
the "Compared with children in care in England" column is one of the plain
verdicts, ``c`` or "no national figure published"; no table cell names a
method ("interval", "limits", "funnel", "Wilson"); the England columns never
hold a bare ``x``; and :func:`~cpanalysis.virtual_school.sections.about_the_figures`
names the methods the cells leave out.
"""

from __future__ import annotations

import re

import pytest

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.synth import generate
from cpanalysis.virtual_school import load_if_supplied
from cpanalysis.virtual_school import sections as vs
from cpanalysis.virtual_school.national import NO_FIGURE, national_for_run

POLICY = DisclosurePolicy(threshold=5)
VERDICTS = {f"{w} children in care in England" for w in
            ("similar to", "higher than", "lower than", "much higher than", "much lower than")}
COMPARE = "Compared with children in care in England"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = tmp_path_factory.mktemp("vs-words")
    generate(root / "raw", seed=1, children=300, years=4)
    d = load_if_supplied(root / "raw", None, inputs={})
    assert d is not None
    return d


def _tables(page: str) -> list[list[list[str]]]:
    out = []
    for t in re.findall(r"<table.*?</table>", page, re.DOTALL):
        out.append([[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.DOTALL)]
                    for r in re.findall(r"<tr[^>]*>(.*?)</tr>", t, re.DOTALL)])
    return out


def test_comparison_cells_are_plain_words(data):
    national = national_for_run({})
    seen = set()
    for year in data.academic_years:
        for stage in ("EYFS", "KS2", "KS4"):
            page = vs.key_stage_section(data, year, stage, policy=POLICY, national=national).html
            for t in _tables(page):
                if COMPARE not in t[0]:
                    continue
                col = t[0].index(COMPARE)
                for row in t[1:]:
                    seen.add(row[col])
                    assert row[col] in VERDICTS | {"c", NO_FIGURE}, row
                    for cell in row[1:]:
                        assert not re.search(r"interval|limits|funnel|Wilson", cell), cell
                    england = [row[i] for i, h in enumerate(t[0]) if h.startswith("England:")]
                    assert england and "x" not in england, row
    assert seen & VERDICTS and NO_FIGURE in seen      # both kinds of cell were met


def test_the_self_evaluation_never_shows_a_bare_x_for_england(data):
    year = data.academic_years[-1]
    page = vs.self_evaluation_section(data, year, policy=POLICY, national=national_for_run({})).html
    t = _tables(page)[0]
    col = t[0].index("England: children in care")
    assert all(r[col] != "x" for r in t[1:])
    assert any(r[col] == NO_FIGURE for r in t[1:]) and any(r[col].endswith("%") for r in t[1:])
    assert "England figures for children in care: England " in page          # each figure's year and release


def test_about_the_figures_names_the_methods_once(data):
    text = vs.about_the_figures(data, national_for_run({})).html
    for term in ("Wilson score method", "funnel-plot control limits", "95% limits", "99.8% limits",
                 "Student's t", "inside the council's 95% interval", "No national figure published",
                 "Cochran-Armitage", "Newcombe"):
        assert term in text.replace("&#x27;", "'").replace("\u201c", "").replace("\u201d", ""), term
    assert "typed in" in text                                                   # no folder: national.toml
    # The annual briefing's band sections leave their method to this one paragraph.
    year = data.academic_years[-1]
    page = vs.placement_section(data, data.academic_years[-3:], policy=POLICY).html
    page += vs.attendance_section(data, year, data.academic_years, policy=POLICY).html
    assert "Method:" not in page
    assert "Method:" in vs.band_section(data, [year], "persistent_absence", "placements", policy=POLICY).html
