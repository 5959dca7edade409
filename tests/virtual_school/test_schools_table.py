"""Pupils by school phase and Ofsted grade: the grand total is the school-age roll, printed elsewhere.

Found by the run's audit on ``cpanalysis synth --seed 1 --children 60``, 2023-24: the two-way table
(primary 3 | 10 | 2 | 0, secondary 8 | 22 | 6 | 1, special 1 | 1 | 1 | 0) was protected on its own by
hiding its grand total, but the attendance table on the same page prints the school-age roll (55), so
a reader had it back and with it special schools = 55 - 15 - 37 = 3 and Inadequate = 55 - 12 - 33 - 9 = 1.
The table is now protected with its grand total ``known`` (:func:`cpanalysis.protect.suppress`).
"""

from __future__ import annotations

import re

import pytest

from cpanalysis.audit import audit_pages
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
    for year in small.academic_years:
        html = vs.schools_section(small, year, policy=POLICY).html
        if "<table" not in html:
            continue
        first = re.search(r"<caption>(.*?)</caption>", html).group(1)
        table = _cells(html.split("</table>")[0])
        assert table[-1][0] == "Total" and table[-1][-1] != "c", (year, first, table[-1])


def test_2023_24_keeps_the_two_way_table_with_the_roll_known_and_the_audit_finds_nothing(small):
    # The grand total (55) is known from the attendance table, so suppress() is told so
    # (known=) and finds its secondary cells elsewhere: the phase by grade table stays, where
    # the fallback used to give the grades alone.
    html = vs.schools_section(small, 2023, policy=POLICY).html
    table = _cells(html.split("</table>")[0])
    assert table[0][0] == "Phase" and table[-1] == ["Total", "12", "33", "c", "c", "55"]
    special = next(r for r in table if r[0] == "special")
    assert special[1:] == ["c"] * 5  # 1 | 1 | 1 | 0 and its total 3
    # The independent intruder reads the whole section (this table and the attendance table) together.
    report = audit_pages({("2023-24", "virtual_school.html"): html}, threshold=POLICY.threshold,
                         protection=POLICY.width)
    assert report.findings == [], report.findings
