"""Pupils by school phase and Ofsted grade: the grand total is the school-age roll, printed elsewhere.

Found by the run's audit on ``cpanalysis synth --seed 1 --children 60``, 2023-24: the two-way table
(primary 3 | 10 | 2 | 0, secondary 8 | 22 | 6 | 1, special 1 | 1 | 1 | 0) was protected on its own by
hiding its grand total, but the attendance table on the same page prints the school-age roll (55), so
a reader had it back and with it special schools = 55 - 15 - 37 = 3 and Inadequate = 55 - 12 - 33 - 9 = 1.
"""

from __future__ import annotations

import re

import pytest

from cpanalysis.derive import build
from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.synth import generate
from cpanalysis.virtual_school import sections as vs
from cpanalysis.virtual_school.data import load_virtual_school

POLICY = DisclosurePolicy(threshold=5)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = tmp_path_factory.mktemp("vs60")
    generate(root / "raw", seed=1, children=60)
    build(root / "raw", root / "processed")
    return load_virtual_school(root / "raw", root / "processed")


def _cells(html: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S) for r in rows]


def test_the_grand_total_is_never_hidden_so_it_cannot_be_undone_by_the_roll(small):
    seen_by_grade = False
    for year in small.academic_years:
        html = vs.schools_section(small, year, policy=POLICY).html
        if "<table" not in html:
            continue
        first = re.search(r"<caption>(.*?)</caption>", html).group(1)
        table = _cells(html.split("</table>")[0])
        assert table[-1][0] == "Total" and table[-1][-1] != "c", (year, first, table[-1])
        seen_by_grade |= "by their school&#x27;s Ofsted grade" in first or "by their school's Ofsted grade" in first
    assert seen_by_grade, "the 60-child council needs the by-grade table in some year (2023-24)"


def test_the_by_grade_table_for_2023_24_has_the_roll_as_its_total(small):
    html = vs.schools_section(small, 2023, policy=POLICY).html
    table = _cells(html.split("</table>")[0])
    assert table[0] == ["Ofsted grade of the school", "Pupils"]
    assert [r[0] for r in table[1:]] == ["Outstanding", "Good", "Requires improvement", "Inadequate", "Total"]
    # 12, 33, 9 and 1 (hidden) with the second-smallest hidden too so the 1 cannot be worked out; total 55.
    assert table[-1] == ["Total", "55"] and table[4][1] == "c"
    assert sum(r[1] == "c" for r in table[1:-1]) >= 2
