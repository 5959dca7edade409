"""The annual briefing when the extract holds no academic year that has ended yet (a council's first year).

Found by ``bench/bench_sweep.py``: ``synth --seed 2 --children 60 --years 1`` run for 2025-26 Q1 (ends
30 June 2025): the extract's only year, 2025-26, ends on 31 August 2026, and the notebook failed
("no academic year in the Virtual School data had ended"), so the set was published incomplete.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from cpanalysis.errors import InputError
from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.publish.gate import check_html
from cpanalysis.virtual_school import sections as vs

POLICY = DisclosurePolicy(threshold=5)


def test_the_year_reported_is_the_calendar_one_and_the_page_says_why_it_is_empty():
    data = SimpleNamespace(academic_years=[2025])
    year, years, pooled = vs.annual_years("2025-26 Q1", data, 3)
    assert year == 2023  # 2025-26 Q1 ends 30 June 2025: the last academic year ended is 2023-24
    kept, notice = vs.for_year(data, year, "2025-26 Q1")
    assert kept is None
    text = notice.html
    assert "No academic year to report yet" in text and "2025-26" in text and "31 August 2026" in text
    assert vs.introduction(kept, policy=POLICY, notice=notice).html == text
    assert vs.cohort_section(kept, year, policy=POLICY).html == ""  # the sections print nothing
    assert check_html(f"<html><body><main>{text}</main></body></html>", policy=POLICY) == []


def test_an_extract_with_the_year_is_used_as_it_is():
    data = SimpleNamespace(academic_years=[2022, 2023])
    year, _, _ = vs.annual_years("2025-26 Q1", data, 3)
    assert vs.for_year(data, year, "2025-26 Q1") == (data, None)


def test_without_an_extract_the_question_of_years_does_not_arise():
    year, _, _ = vs.annual_years("2025-26 Q1", None, 3)
    assert vs.for_year(None, year, "2025-26 Q1") == (None, None)
    with pytest.raises(InputError):
        vs.annual_years("2025-26 Q1", None, 0)
