"""Episodes: per-year membership, no overlaps, valid codes per year."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

SEX_OLD, SEX_NEW = {"1", "2"}, {"M", "F"}


def _years(root: Path) -> list[tuple[int, Path]]:
    return [(int(p.name[:4]), p) for p in sorted(root.iterdir()) if p.is_dir() and p.name[:2] == "20"]


def _episodes(d: Path) -> pd.DataFrame:
    e = pd.read_csv(d / "episodes.csv", dtype=str, keep_default_na=False)
    e["start"] = pd.to_datetime(e["DECOM"], format="%d/%m/%Y")
    e["end"] = pd.to_datetime(e["DEC"].replace("", None), format="%d/%m/%Y")
    return e


@pytest.mark.parametrize("fixture", ["demo", "small"])
def test_each_year_holds_the_episodes_open_in_it(fixture: str, request: pytest.FixtureRequest) -> None:
    root = request.getfixturevalue(fixture)
    years = _years(root)
    for y, d in years:
        e = _episodes(d)
        start, end = pd.Timestamp(y, 4, 1), pd.Timestamp(y + 1, 3, 31)
        assert (e["start"] <= end).all()
        assert (e["end"].isna() | (e["end"] >= start)).all()
        assert (e["end"].isna() | (e["end"] <= end)).all()
        assert ((e["DEC"] == "") == (e["REC"] == "")).all()
    # An episode open at 31 March is in next year's file with the same start.
    for (y, d), (_, d2) in zip(years, years[1:]):
        e, e2 = _episodes(d), _episodes(d2)
        open_ = e.loc[e["DEC"] == "", ["CHILD", "DECOM"]]
        nxt = set(zip(e2["CHILD"], e2["DECOM"]))
        assert all(k in nxt for k in zip(open_["CHILD"], open_["DECOM"]))
        # and an episode that closed within the year is not in the next
        closed = set(zip(e.loc[e["DEC"] != "", "CHILD"], e.loc[e["DEC"] != "", "DECOM"]))
        assert not closed & nxt


def test_episodes_do_not_overlap(demo: Path) -> None:
    for _, d in _years(demo):
        e = _episodes(d).sort_values(["CHILD", "start"])
        same = e["CHILD"].eq(e["CHILD"].shift())
        prev_end = e["end"].shift()
        assert not (same & prev_end.isna()).any(), "open episode followed by another"
        assert (~same | (e["start"] >= prev_end)).all()
        assert (e["end"].isna() | (e["end"] > e["start"])).all()
        # X1 means the next episode starts the same day
        nxt_start = e["start"].shift(-1)
        nxt_same = e["CHILD"].eq(e["CHILD"].shift(-1))
        x1 = e["REC"] == "X1"
        assert (nxt_same[x1] & (nxt_start[x1] == e["end"][x1])).all()
        s = e["RNE"] == "S"
        assert (~same[~s] | (e["start"][~s] == prev_end[~s])).all()


def test_codes_valid_per_year(demo: Path) -> None:
    for y, d in _years(demo):
        e = _episodes(d)
        h = pd.read_csv(d / "header.csv", dtype=str, keep_default_na=False)
        place = set(e["PLACE"])
        if y < 2024:
            assert "K3" not in place
        if y >= 2025:
            assert not place & {"H5", "P2", "Z1"}
        assert set(h["SEX"]) <= (SEX_NEW if y >= 2024 else SEX_OLD)
        assert set(e["RNE"]) <= set("SLPTBU")
        assert set(e["PLACE_PROVIDER"]) <= {"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"}
        assert set(e["LS"]) <= {"C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3"}
        assert h["UPN"].str.match(r"^([A-Z]\d{12}|UN\d{1,2})$").all()
