"""Virtual School: nested attainment measures published side by side give a 1-4 difference.

Grade 5 or above in English and maths is a subset of grade 4 or above; the
reading, writing and maths (RWM) expected standard is a subset of each single
subject. Publishing both over the same pupils gives the pupils in between by
subtraction - the hole :func:`cpanalysis.present.funnel.hide_nested` closes
for SDQ 17+ and 20+ on the health page; nothing closes it here
(:func:`cpanalysis.virtual_school.sections.key_stage_section`: national_table
and status_table).

Seen in the 2024-25 Q3 run of the demo council (virtual_school_annual.html,
academic year 2023-24), confirmed from the processed data:

* "Key stage 4 (year 11) outcomes ...": Grade 4 or above in English and maths,
  51 pupils, 12% (only 6/51 prints as 12%); Grade 5 or above, 51 pupils, 10%
  (only 5/51) -> exactly 1 pupil got grade 4 but not grade 5 (true: 6 and 5).
* "Key stage 2 pupils by result and subject (number)": Maths met 8, Reading,
  writing and maths met 7 -> exactly 1 pupil met maths but not RWM; Writing 10
  -> 3 (true: 8, 10, 7).

The synthetic Virtual School extract is still changing (the KS4 figures above
changed with a later synth commit), so the percentage test builds the pupils
itself and the KS2 count test scans every academic year of two councils.
"""

from __future__ import annotations

import pytest

from attack.intruder import counts_for, differences, pinned_small, table
from attack.vs_common import load, num
import pandas as pd

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.virtual_school import sections as vs
from cpanalysis.virtual_school.analysis import national_table

POLICY = DisclosurePolicy(threshold=5)


def ks2_leaks(data, years) -> dict:
    out = {}
    for year in years:
        page = vs.key_stage_section(data, year, "KS2", policy=POLICY).html
        if "by result and subject (number)" not in page:
            continue
        rows = {r[0]: r for r in table(page, "Key stage 2 pupils by result and subject (number)")[1:]}
        if "Reading, writing and maths" not in rows:
            continue                                       # all-three row left out: nothing to subtract
        rwm = num(rows["Reading, writing and maths"][1])
        for subject in ("Reading", "Writing", "Maths"):
            met = num(rows[subject][1])
            if met is not None and rwm is not None and 1 <= met - rwm < 5:
                out[(year, subject)] = met - rwm
    return out


def _frame(**true_counts) -> "pd.DataFrame":
    """A stage frame of ``n`` pupils with the given numbers meeting each measure (nested, as in real data)."""
    n = true_counts.pop("n")
    return pd.DataFrame({k: [1.0] * v + [0.0] * (n - v) for k, v in true_counts.items()})


@pytest.mark.parametrize("stage,outer,inner,n,k_outer,k_inner", [
    ("KS4", "basics4", "basics5", 51, 6, 5),      # the demo council's 2023-24 figures: 12% and 10% of 51
    ("KS2", "ks2_mat", "ks2_rwm", 25, 8, 7),      # 32% and 28% of 25
])
def test_nested_percentages_do_not_give_a_small_difference(stage, outer, inner, n, k_outer, k_inner):
    nat = national_table({stage: _frame(n=n, **{outer: k_outer, inner: k_inner})}, [outer, inner], 2023, policy=POLICY)
    a, b = nat.iloc[0], nat.iloc[1]
    if "c" not in (a["This council"], b["This council"]):
        between = differences(counts_for(a["This council"], a["Pupils"]),
                              counts_for(b["This council"], b["Pupils"]))
        assert not pinned_small(between), (f"{a['Measure']} {a['This council']} and {b['Measure']} "
                                           f"{b['This council']} of {a['Pupils']}: {sorted(between)} in between")
    # By hand: one pupil lies between outer and inner, so the inner measure is the one hidden.
    assert b["This council"] == "c" and a["This council"] != "c"


def test_ks2_subject_and_rwm_counts_do_not_give_a_small_difference(demo, small):
    found = {name: ks2_leaks(*load(c)) for name, c in (("demo", demo), ("small", small))}
    assert not any(found.values()), f"met the subject but not RWM, by council, year and subject: {found}"
