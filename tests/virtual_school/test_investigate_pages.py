"""The investigation's sections as a reader sees them (issue 14, item 6).

Each test guards one promise and fails when it is broken: years written as
the parameter writes them ("2023-24", never "2023"); a year without an
assessment said to be so, never "hidden to protect children" or "too few
pupils"; the chart's points and whiskers drawn at the table's published
percentages and intervals; 0% or 100% of a small group hidden by the same rule
as everywhere else (:func:`cpanalysis.protect.proportion.proportion`, checked
by the publication gate).
"""

import html as htmllib
import re

import matplotlib.axes
import pandas as pd
import pytest

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.protect.proportion import proportion
from cpanalysis.publish.gate import check_html, format_findings
from cpanalysis.synth import generate
from cpanalysis.virtual_school import investigate as inv
from cpanalysis.virtual_school.data import load_virtual_school

POLICY = DisclosurePolicy(threshold=5)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """A synthetic council of about 1,200 children in care, academic years 2018-19 to 2024-25 (no KS2 tests
    and no KS4 exams in 2019-20 and 2020-21; no Progress 8 results in the extract for 2019-20 to 2021-22)."""
    root = tmp_path_factory.mktemp("vs-pages")
    generate(root / "raw", seed=1, children=1200)
    return load_virtual_school(root / "raw", root / "none")


def _all_sections(data, q, breakdown="SEN") -> str:
    return "".join(f.html for f in (inv.question_section(data, q), inv.answer_section(data, q, policy=POLICY),
                                    inv.breakdown_section(data, q, breakdown, policy=POLICY),
                                    inv.trend_section(data, q, policy=POLICY),
                                    inv.key_stage_section(data, q, policy=POLICY)))


def _words(html: str) -> str:
    """Text and alt text of a page, without images' data and without the titles of DfE's publications
    (they carry the year of publication, "Outcomes for children in need 2025")."""
    html = re.sub(r'src="data:[^"]*"', "", html)
    alts = " ".join(re.findall(r'alt="([^"]*)"', html))
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split()) + " " + alts
    return re.sub(r"\(DfE, [^)]*\)", "", htmllib.unescape(text))


#: A year written as a bare number ("2023"), not as an academic year ("2023-24") or a span ("2023/24").
BARE_YEAR = re.compile(r"(?<![\d-])(?:19|20)\d\d(?![\d-]|/\d)")


@pytest.mark.parametrize("asked", [
    dict(academic_year="2023-24", key_stage="KS2", outcome="ks2_rwm", grouping="moves", bands="3+ vs the rest"),
    dict(academic_year="2021-22 to 2023-24", key_stage="KS2", outcome="ks2_rwm", grouping="moves",
         bands="3+ vs the rest"),
    dict(academic_year="2022-23 to 2024-25", key_stage="KS4", outcome="att8", grouping="placements", bands=""),
])
def test_years_are_written_as_the_parameter_writes_them(data, asked):
    q = inv.ask(data, **asked)
    page = _all_sections(data, q)
    words = _words(page)
    assert BARE_YEAR.findall(words) == []
    span = asked["academic_year"] + (" pooled" if " to " in asked["academic_year"] else "")
    assert q.span == span and f"{span}. Is there a real difference?" in words
    assert f"The pupils: {inv.STAGES[asked['key_stage']].lower()}, {span};" in words
    # The trend's years are academic years too, in its table and in its chart's words.
    assert "2018-19" in words and "Line chart of" in words and re.search(r"2018-19: [\d.-]+%?", words)


def _no_protection_words(text: str) -> None:
    low = text.lower()
    assert "protect" not in low and "too few pupils" not in low and "hidden" not in low, text


def test_a_year_without_assessments_says_so(data):
    q = inv.ask(data, academic_year="2020-21", key_stage="KS2", outcome="ks2_rwm", grouping="moves",
                bands="3+ vs the rest")
    said = "No assessments were held in 2020-21 (COVID-19)."
    for section in (inv.question_section(data, q), inv.answer_section(data, q, policy=POLICY),
                    inv.breakdown_section(data, q, "SEN", policy=POLICY)):
        text = _words(section.html)
        assert said in text
        _no_protection_words(text.replace("c: a number", ""))
    assert "There are no results to compare for 2020-21." in _words(inv.answer_section(data, q, policy=POLICY).html)
    assert "There are no results to break down for 2020-21." in _words(
        inv.breakdown_section(data, q, "SEN", policy=POLICY).html)
    # Over the years: the two COVID years are x, said in words, and not among years hidden to protect children.
    trend = inv.trend_section(data, q, policy=POLICY).html
    rows = dict(re.findall(r"<t[hd][^>]*>(20\d\d-\d\d)</t[hd]>\s*<td[^>]*>([^<]*)</td>", trend))
    assert rows["2019-20"] == rows["2020-21"] == "x"
    assert "No assessments were held in 2019-20 and 2020-21 (COVID-19)." in _words(trend)
    assert "Not shown to protect" not in trend


def test_key_stage_4_in_a_covid_year_says_its_grades_are_not_comparable(data):
    q = inv.ask(data, academic_year="2020-21", key_stage="KS4", outcome="basics4", grouping="placements",
                bands="")
    said = ("No exams were held in 2020-21 (COVID-19): grades were awarded by schools (centre- and "
            "teacher-assessed) and are not comparable with other years.")
    assert said in _words(inv.question_section(data, q).html)
    assert said in _words(inv.answer_section(data, q, policy=POLICY).html)
    assert said in _words(inv.breakdown_section(data, q, "SEN", policy=POLICY).html)
    later = inv.ask(data, academic_year="2022-23", key_stage="KS4", outcome="basics4", grouping="placements",
                    bands="")
    assert "No exams were held in 2019-20 and 2020-21 (COVID-19)" in _words(
        inv.trend_section(data, later, policy=POLICY).html)
    assert "No exams" not in _words(inv.question_section(data, later).html)


def test_years_with_no_results_in_the_extract_say_so_rather_than_too_few(data):
    # The synthetic extract has no Progress 8 for 2021-22 (and none was calculated for 2019-20 and 2020-21).
    q = inv.ask(data, academic_year="2019-20 to 2021-22", key_stage="KS4", outcome="p8", grouping="placements",
                bands="")
    assert inv.without_results(data, q) == [2019, 2020, 2021] and inv.unassessed(q) == [2019, 2020]
    said = ("No assessments were held in 2019-20 and 2020-21 (COVID-19). The Virtual School extract has no "
            "results for Progress 8 score in 2021-22 (x).")
    answer = _words(inv.answer_section(data, q, policy=POLICY).html)
    assert f"{said} There are no results to compare for 2019-20 to 2021-22 pooled." in answer
    breakdown = _words(inv.breakdown_section(data, q, "SEN", policy=POLICY).html)  # no cells: no error either
    assert f"{said} There are no results to break down for 2019-20 to 2021-22 pooled." in breakdown
    for text in (answer, breakdown):
        _no_protection_words(text)


def _drawn(monkeypatch) -> list:
    """Record what every band chart draws: (points, whisker ends) per chart."""
    drawn = []
    real = matplotlib.axes.Axes.errorbar

    def errorbar(self, x, y, *args, xerr=None, **kwargs):
        lo, hi = xerr
        drawn.append(([float(v) for v in x], [(float(v - a), float(v + b)) for v, a, b in zip(x, lo, hi)]))
        return real(self, x, y, *args, xerr=xerr, **kwargs)

    monkeypatch.setattr(matplotlib.axes.Axes, "errorbar", errorbar)
    return drawn


def _number(text: str) -> float:
    return float(text.rstrip("%"))


@pytest.mark.parametrize("asked, value_col", [
    (dict(academic_year="2021-22 to 2023-24", key_stage="KS2", outcome="ks2_rwm", grouping="moves",
          bands="3+ vs the rest"), "Percentage"),
    (dict(academic_year="2022-23 to 2024-25", key_stage="KS4", outcome="att8", grouping="placements",
          bands="1,2,3+"), "Average"),
])
def test_the_chart_draws_the_tables_values_and_intervals(data, monkeypatch, asked, value_col):
    drawn = _drawn(monkeypatch)
    q = inv.ask(data, **asked)
    html = inv.answer_section(data, q, policy=POLICY).html
    assert len(drawn) == 1, "the answer has one band chart"
    rows = re.findall(r"<tr>\s*<t[hd][^>]*>([^<]*(?:placement moves|placements?))</t[hd]>\s*<td[^>]*>\d+</td>"
                      r"(?:\s*<td[^>]*>\d+</td>)?\s*<td[^>]*>([^<]+)</td>\s*<td[^>]*>([^<]+)</td>", html)
    assert len(rows) >= 2, html
    points, whiskers = drawn[0]
    # Bands are drawn top to bottom in table order; the points are the table's values, the whiskers its limits.
    assert points == [_number(v) for _, v, _ in rows]
    limits = [tuple(_number(x) for x in ci.split(" to ")) for _, _, ci in rows]
    assert [(round(a, 6), round(b, 6)) for a, b in whiskers] == limits
    assert f">{value_col}<" in html and ">95% confidence interval<" in html


def _sen_cohort(ehcp: int, met_ehcp: int) -> pd.DataFrame:
    """20 pupils with no SEN (10 met the standard) and ``ehcp`` with an EHC plan (``met_ehcp`` met it)."""
    return pd.DataFrame({"SEN": ["none"] * 20 + ["EHCP"] * ehcp,
                         "ks2_rwm": [1.0] * 10 + [0.0] * 10 + [1.0] * met_ehcp + [0.0] * (ehcp - met_ehcp)})


@pytest.mark.parametrize("policy", [POLICY, DisclosurePolicy(threshold=5, small_group=15)])
@pytest.mark.parametrize("ehcp, met", [(14, 0), (9, 0), (10, 0), (12, 12), (6, 6)])
def test_none_or_all_of_a_small_group_is_hidden_as_everywhere_else(data, monkeypatch, policy, ehcp, met):
    """"0 of 14 EHC-plan pupils": hidden when 14 is under the policy's small group, exactly as a percentage
    is hidden everywhere else (protect.proportion), and the page passes the gate at that policy."""
    monkeypatch.setattr(inv, "pooled_frame", lambda *a, **k: _sen_cohort(ehcp, met))
    q = inv.ask(data, academic_year="2023-24", key_stage="KS2", outcome="ks2_rwm", grouping="moves", bands="")
    html = inv.breakdown_section(data, q, "SEN", policy=policy).html
    row = re.search(r"<t[hd][^>]*>EHC plan</t[hd]>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)</td>\s*"
                    r"<td[^>]*>([^<]*)</td>", html)
    assert row is not None, html
    hidden = proportion(met, ehcp, policy=policy).suppressed
    assert hidden == (ehcp < policy.small_group)
    if hidden:
        assert row.group(2) == "c" and row.group(3) == "c"
    else:
        assert row.groups() == (str(ehcp), str(met), f"{round(100 * met / ehcp)}%")
    findings = check_html(html, policy=policy)
    assert findings == [], format_findings(findings)


def _cell_after(html: str, caption: str, row: str) -> str | None:
    """The first data cell of ``row`` in the table whose caption starts with ``caption`` (None if not shown)."""
    table = re.search(rf"<caption>{re.escape(caption)}.*?</table>", html, re.DOTALL)
    if table is None:
        return None
    cell = re.search(rf"<t[hd][^>]*>{re.escape(row)}</t[hd]>\s*<td[^>]*>([^<]*)</td>", table.group(0))
    return cell.group(1) if cell else None


@pytest.mark.parametrize("threshold", [5, 10])
@pytest.mark.parametrize("year", ["2021-22", "2022-23", "2023-24", "2024-25"])
def test_the_page_never_gives_back_the_gap_between_a_subject_and_all_three(data, threshold, year):
    """A reader subtracts the page's all-three count (trend table) from a subject's "met" count (key stage
    table) for the same pupils and year: the answer must never be 1 to threshold - 1."""
    policy = DisclosurePolicy(threshold=threshold)
    q = inv.ask(data, academic_year=year, key_stage="KS2", outcome="ks2_rwm", grouping="moves", bands="")
    page = "".join(f.html for f in (inv.answer_section(data, q, policy=policy),
                                    inv.breakdown_section(data, q, "SEN", policy=policy),
                                    inv.trend_section(data, q, policy=policy),
                                    inv.key_stage_section(data, q, policy=policy)))
    trend = re.search(rf"<t[hd][^>]*>{year}</t[hd]>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)</td>", page)
    all_three = trend.group(2)
    withheld = "The key stage's other results for" in _words(page)
    for subject in ("Reading", "Writing", "Maths"):
        met = _cell_after(page, "Key stage 2 pupils by result and subject (number)", subject)
        if met is not None and met.isdigit() and all_three.isdigit():
            assert not policy.is_small(int(met) - int(all_three)), (subject, met, all_three)
        assert withheld == (met is None)
    # The synthetic council has a year in which the key stage section must be left out at threshold 10.
    if threshold == 10 and year == "2023-24":
        assert withheld and all_three.isdigit()
        assert ("The key stage's other results for 2023-24 are not shown on this page: with this page's figures "
                "for expected standard in reading, writing and maths they would give back a number of pupils "
                "from 1 to 9 (c).") in _words(page)
    if threshold == 5:
        assert not withheld
