"""Care leavers briefing sections against a hand-built OC3, values worked out by hand.

Quarter 2024-25 Q3: year to date is birthdays from 1 April to 31 December 2024;
2023-24 is the full year. Return years in the data: 2023-24 and 2024-25.

OC3 2024-25 (all birthdays in May or July 2024, so all inside the year to date):

| group | n | in touch | activity | accommodation |
|---|---|---|---|---|
| aged 17 (17-18) | 10 | 8 YES, 2 NO | 5 F2 (EET), 3 G4 (NEET), 2 not known | 5 U1 (suitable), 5 B2 |
| aged 20 (19-21) | 25 | 20 YES, 5 NO | 12 F2, 8 G5, 5 not known | 6 Z1 (staying put), 14 U1, 5 not known |

OC3 2023-24: 12 aged 17 (10 YES, 2 NO; 5 F2, 5 G4, 2 not known); nobody aged 19-21.

Hand-worked displays:

* in touch 17-18: 8/10, complement 2 -> c (both years: 10/12 -> c); 19-21: 20/25 = 80.0%,
  2023-24 0/0 -> z with a group of 0;
* vs England 92% at n = 25: 95% lower limit 0.92 - 1.959964 * sqrt(0.92 * 0.08 / 25) = 0.8137
  and 99.8% 0.7523, so 80% is outside the 95% limits only: "lower than England"; North West 95%:
  99.8% lower limit 0.95 - 3.090232 * 0.04359 = 0.8153, outside: "much lower than North West";
* EET/NEET 2024-25 17-18: 5/10 = 50.0% u, NEET 3 -> c; 19-21: 48.0% and 32.0%;
  2023-24 17-18: EET 5, NEET 5, not known 2 -> by subtraction the 2 would show, so the
  smaller part (a tie: EET, the first) is hidden too: EET c, NEET 5/12 = 41.7% u;
* suitable 17-18: 5/10 = 50.0% u; 19-21: 20/25 = 80.0%, England 88%: 95% lower limit
  0.88 - 1.959964 * 0.06499 = 0.7526 -> within the 95% limits: "similar to England";
* staying put 18-21: 6 (Z1), share 6/25 = 24.0%; 2023-24: 0 of a group of 0 -> 0, share z.
"""

import re

import pandas as pd
import pytest

from cpanalysis.measures import MeasureData
from cpanalysis.present import care_leavers as cl
from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.publish.gate import check_html, format_findings
from cpanalysis.quarters import Quarter

POLICY = DisclosurePolicy(threshold=5)

Q = Quarter(2024, 3)


def _rows(year, dob, n, in_touch, activ, accom):
    return [{"CHILD": f"{year}{dob}{k}", "YEAR": year, "DOB": pd.Timestamp(dob), "IN_TOUCH": in_touch[k],
             "ACTIV": activ[k], "ACCOM": accom[k]} for k in range(n)]


@pytest.fixture(scope="module")
def data():
    rows = []
    rows += _rows(2024, "2007-05-01", 10, ["YES"] * 8 + ["NO"] * 2, ["F2"] * 5 + ["G4"] * 3 + [""] * 2,
                  ["U1"] * 5 + ["B2"] * 5)
    rows += _rows(2024, "2004-07-01", 25, ["YES"] * 20 + ["NO"] * 5, ["F2"] * 12 + ["G5"] * 8 + [""] * 5,
                  ["Z1"] * 6 + ["U1"] * 14 + [""] * 5)
    rows += _rows(2023, "2006-05-01", 12, ["YES"] * 10 + ["NO"] * 2, ["F2"] * 5 + ["G4"] * 5 + [""] * 2,
                  ["U1"] * 12)
    return MeasureData(tables={"oc3": pd.DataFrame(rows)}, years=[2023, 2024])


def _table(html: str, caption_start: str) -> list[list[str]]:
    m = re.search(rf"<caption>{re.escape(caption_start)}.*?</caption>(.*?)</table>", html, re.S)
    assert m, caption_start
    return [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", tr) for tr in re.findall(r"<tr>(.*?)</tr>", m.group(1))]


def _passes(html: str) -> None:
    findings = check_html(f"<html><body>{html}</body></html>", policy=POLICY)
    assert findings == [], format_findings(findings)


def test_in_touch_by_age_group_and_year(data):
    html = cl.in_touch_section(data, Q, council="Demo Borough", policy=POLICY).html
    rows = _table(html, "Care leavers the council is in touch with")
    assert rows[0] == ["Year", "Birthdays between", "Age group", "Care leavers in the age group", "In touch (%)"]
    assert rows[1] == ["2023-24", "1 April 2023 to 31 March 2024 (full year)", "17-18", "12", "c"]
    assert rows[2] == ["2024-25 to Q3", "1 April 2024 to 31 December 2024 (year to date)", "17-18", "10", "c"]
    assert rows[3] == ["2023-24", "1 April 2023 to 31 March 2024 (full year)", "19-21", "0", "z"]
    assert rows[4][3:] == ["25", "80.0%"]
    comp = _table(html, "Care leavers in touch, 2024-25 to Q3")
    # Only the comparators published for these measures get columns (the shipped file: England and the
    # North West, DfE 2023-24); a measure without one says so in words.
    assert comp[0] == ["Measure", "Demo Borough (%)", "England (%)", "Compared with England", "North West (%)",
                       "Compared with North West"]
    assert comp[2] == ["in touch, care leavers aged 19-21", "80.0%", "92%", "lower than England",
                       "95%", "much lower than North West"]
    assert comp[1][1:4] == ["c", "none published", "no comparison"]        # 17-18: hidden, no comparator
    assert "in touch with the council: not shown to protect children&#x27;s privacy (c)" in html or \
        "in touch with the council: not shown to protect children's privacy (c)" in html
    assert "one young person = 4 percentage points" in html
    assert html.count("<img") == 2                 # trend chart and one funnel plot (England, 19-21)
    _passes(html)


def test_eet_and_neet_hide_a_small_remainder(data):
    html = cl.eet_section(data, Q, council="Demo Borough", policy=POLICY).html
    rows = _table(html, "Care leavers in education, employment or training (EET) and not (NEET), by age group")
    by = {(r[0], r[2]): r[3:] for r in rows[1:]}
    assert by[("2023-24", "17-18")] == ["12", "41.7% u", "c"]     # 5 + 5 of 12 leave 2: NEET hidden, EET kept
    assert by[("2024-25 to Q3", "17-18")] == ["10", "50.0% u", "c"]
    assert by[("2024-25 to Q3", "19-21")] == ["25", "48.0%", "32.0%"]
    assert by[("2023-24", "19-21")] == ["0", "z", "z"]
    _passes(html)


def test_suitable_accommodation_against_england(data):
    html = cl.accommodation_section(data, Q, council="Demo Borough", policy=POLICY).html
    rows = _table(html, "Care leavers in suitable accommodation, by age group")
    assert [r[3:] for r in rows[1:]] == [["12", "100.0% u"], ["10", "50.0% u"], ["0", "z"], ["25", "80.0%"]]
    assert "similar to England (88%)" in html
    alt = re.findall(r'alt="([^"]*)"', html)[-1]
    assert "Funnel plot" in alt and "80.0%, from 25 care leavers aged 19-21" in alt
    _passes(html)


def test_staying_put_counts_and_share(data):
    html = cl.staying_put_section(data, Q, policy=POLICY).html
    rows = _table(html, "Care leavers aged 18-21 staying put")
    assert rows[1][2:] == ["0", "z"]
    assert rows[2][2:] == ["6", "24.0%"]
    assert "part of the year only" in html
    _passes(html)


def test_about_section_names_comparator_years():
    html = cl.about_section(Q, policy=POLICY).html
    assert "P5.10: DfE, Children looked after in England 2024; year: 2023-24" in html
    assert html.count('<th scope="row">P') == 9
    _passes(html)


def test_a_year_without_oc3_is_not_available():
    empty = MeasureData(tables={"oc3": pd.DataFrame(_rows(2023, "2006-05-01", 6, ["YES"] * 6, ["F2"] * 6,
                                                          ["U1"] * 6))}, years=[2023, 2024])
    html = cl.in_touch_section(empty, Q, council="Demo Borough", policy=POLICY).html
    rows = _table(html, "Care leavers the council is in touch with")
    assert rows[2][3:] == ["x", "x"]               # 2024-25: no OC3 return, never 0
    # 6 of 6 in touch: 100% of a group under 10 says something about every one of them
    # (attribute disclosure, DOMAIN.md section 6), so the percentage is hidden.
    assert rows[1][3:] == ["6", "c"]
    _passes(html)


# -- both briefings (care leavers and health) through papermill and the gate ------------------

@pytest.mark.slow
def test_both_notebooks_run_and_pass_the_gate(tmp_path):
    from pathlib import Path

    from cpanalysis.derive.build import build
    from cpanalysis.publish.render import execute_notebook, to_html
    from cpanalysis.synth import generate

    notebooks = Path(__file__).resolve().parents[2] / "notebooks"
    generate(tmp_path / "raw", seed=1, children=120, years=4)
    build(tmp_path / "raw", tmp_path / "processed")
    ids = pd.read_parquet(tmp_path / "processed" / "children.parquet")["CHILD"].astype(str).unique().tolist()
    params = {"quarter": "2024-25 Q3", "council": "Demo Borough", "raw_dir": str(tmp_path / "raw"),
              "processed_dir": str(tmp_path / "processed"), "threshold": 5}
    for name, title, captions in (("care_leavers", "Care leavers", 8), ("health", "Health and wellbeing", 9)):
        nb = execute_notebook(notebooks / f"{name}.ipynb", tmp_path / "private" / f"{name}.ipynb", params,
                              cwd=notebooks)
        html = to_html(nb)
        findings = check_html(html, child_ids=ids, policy=POLICY)
        assert findings == [], format_findings(findings)
        assert html.count("<h1") == 1 and f"{title}: Demo Borough, 2024-25 Q3" in html
        assert "Synthetic data" in html
        assert html.count("<caption>") >= captions
        assert html.count("<h2") >= 4
        alts = re.findall(r'<img [^>]*alt="([^"]*)"', html)
        assert len(alts) >= 4 and all(len(a) > 60 for a in alts)
        assert "<script" not in html
