"""Temporary placements, short breaks, deaths and the 2025-26 codes in Demo Borough.

These are the cases the derive rules exist for: a temporary placement (T0-T4)
and the return to the same carer are not moves, going on to a different carer
is; children on short breaks only (LS V3/V4) are excluded from almost all
statistics.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cpanalysis.derive import assign_periods, assign_placements, cla_at, stitch_episodes

TEMP = ["T0", "T1", "T2", "T3", "T4"]


def _all_episodes(root: Path) -> pd.DataFrame:
    parts = []
    for d in sorted(p for p in root.iterdir() if p.is_dir() and p.name[:2] == "20"):
        e = pd.read_csv(d / "episodes.csv", dtype=str, keep_default_na=False)
        e["YEAR"] = int(d.name[:4])
        parts.append(e)
    e = pd.concat(parts, ignore_index=True)
    e["start"] = pd.to_datetime(e["DECOM"], format="%d/%m/%Y")
    e["end"] = pd.to_datetime(e["DEC"].replace("", None), format="%d/%m/%Y")
    # one row per episode: the latest year's copy (closed there if it ended)
    e = e.sort_values(["CHILD", "start", "YEAR"]).drop_duplicates(["CHILD", "DECOM"], keep="last")
    return e.reset_index(drop=True)


@pytest.fixture(scope="module")
def episodes(demo: Path) -> pd.DataFrame:
    return _all_episodes(demo)


def test_temporary_placements(episodes: pd.DataFrame) -> None:
    e = episodes
    temp = e["PLACE"].isin(TEMP) & e["end"].notna()  # not the few still open at the end of the data
    assert 100 <= temp.sum() <= 600  # some children, every year
    t = e[temp]
    assert ((t["end"] - t["start"]).dt.days.between(1, 7)).all()
    assert (t["RNE"] == "P").all()  # DfE rule 380
    assert (t["REC"] == "X1").all()  # a period does not end with a temporary placement (rule 381)
    pos = e.index[temp]
    before, after = e.loc[pos - 1], e.loc[pos + 1]
    assert (before["CHILD"].to_numpy() == t["CHILD"].to_numpy()).all()
    assert (after["CHILD"].to_numpy() == t["CHILD"].to_numpy()).all()
    assert (after["RNE"] == "P").all()  # the return is RNE P (rule 383)
    same = (after["PLACE"].to_numpy() == before["PLACE"].to_numpy()) & (
        after["PL_POST"].to_numpy() == before["PL_POST"].to_numpy())
    assert 0.80 <= same.mean() < 1.0  # usually back to the same carer, occasionally not


def test_derive_counts_only_a_different_carer_as_a_move(episodes: pd.DataFrame) -> None:
    e = episodes.drop(columns=["start", "end"]).copy()
    e["DECOM"] = pd.to_datetime(e["DECOM"], format="%d/%m/%Y")
    e["DEC"] = pd.to_datetime(e["DEC"].replace("", None), format="%d/%m/%Y")
    e["LS"] = e["LS"].astype(object)
    e = assign_placements(assign_periods(stitch_episodes(e)))
    temp = (e["PLACE"].isin(TEMP) & e["DEC"].notna()).to_numpy()
    pos = e.index[temp]
    after, before = e.loc[pos + 1], e.loc[pos - 1]
    same = (after["PLACE"].to_numpy() == before["PLACE"].to_numpy()) & (
        after["PL_POST"].to_numpy() == before["PL_POST"].to_numpy())
    assert not e.loc[temp, "is_move"].any()
    assert not after["is_move"].to_numpy()[same].any()
    assert after["is_move"].to_numpy()[~same].all()


def test_short_breaks_only(demo: Path, episodes: pd.DataFrame) -> None:
    e = episodes
    sb = e["LS"].isin(["V3", "V4"])
    kids = set(e.loc[sb, "CHILD"])
    assert 40 <= len(kids) <= 250
    assert not kids & set(e.loc[~sb, "CHILD"])  # short breaks only
    s = e[sb]
    assert (s["RNE"] == "S").all() and (s["REC"].isin(["E4A", ""])).all()
    assert ((s["end"] - s["start"]).dt.days.between(1, 3) | s["end"].isna()).all()
    assert s.groupby("CHILD").size().median() >= 4  # several short episodes
    assert set(s["CIN"]) == {"N2"}
    # excluded: not looked after at 31 March, no OC2/OC3, not in the Virtual School extract
    pupils = pd.read_csv(demo / "virtual_school" / "pupils.csv", dtype=str)
    assert not kids & set(pupils["CHILD"])
    for d in (p for p in demo.iterdir() if p.is_dir() and p.name[:2] == "20"):
        for name in ("oc2", "oc3"):
            assert not kids & set(pd.read_csv(d / f"{name}.csv", dtype=str)["CHILD"])
    x = e.assign(DECOM=e["start"], DEC=e["end"])
    assert not cla_at(x[sb], pd.Timestamp(2025, 3, 31)).any()


def test_deaths_are_rare_and_2025_codes_used(episodes: pd.DataFrame) -> None:
    e = episodes
    ended = e["REC"].str.startswith("E")
    died = (e["REC"] == "E2").sum()
    assert 1 <= died <= 0.01 * ended.sum()
    y2025 = e["YEAR"] == 2025
    assert e.loc[y2025, "PLACE"].isin(["Z11", "Z12", "Z13", "Z14"]).any()
    assert not e.loc[~y2025 & (e["start"] < pd.Timestamp(2025, 3, 31)), "PLACE"].isin(
        ["Z11", "Z12", "Z13", "Z14"]).any()
