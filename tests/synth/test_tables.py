"""The other SSDA903 tables and the Virtual School extract agree with the episodes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

TABLES = {
    "reviews": ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    "uasc": ["CHILD", "SEX", "DOB", "DUC"],
    "oc2": ["CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
            "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
            "INTERVENTION_OFFERED"],
    "oc3": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    "ad1": ["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
    "placed_adoption": ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    "prev_perm": ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
    "missing": ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
}
SW = ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"]


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _date(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s.replace("", None), format="%d/%m/%Y")


def _years(root: Path) -> list[tuple[int, Path]]:
    return [(int(p.name[:4]), p) for p in sorted(root.iterdir()) if p.is_dir() and p.name[:2] == "20"]


def test_every_table_with_dfe_columns(demo: Path) -> None:
    for y, d in _years(demo):
        for name, cols in TABLES.items():
            assert list(_read(d / f"{name}.csv").columns) == cols, (y, name)
        assert (d / "sw_episodes.csv").is_file() == (y >= 2023)
        if y >= 2023:
            assert list(_read(d / "sw_episodes.csv").columns) == SW


def test_adoptions_agree_with_episodes(demo: Path) -> None:
    for y, d in _years(demo):
        e = _read(d / "episodes.csv")
        ad1 = _read(d / "ad1.csv")
        adopted = set(e.loc[e["REC"].isin(["E11", "E12"]), "CHILD"])
        assert set(ad1["CHILD"]) == adopted
        e["start"] = _date(e["DECOM"])
        for _, row in ad1.iterrows():
            mine = e[e["CHILD"] == row["CHILD"]]
            placed = mine.loc[mine["PLACE"].isin(["A5", "A6"]), "start"]
            if len(placed):  # the adoptive placement may lie in an earlier year's file
                assert _date(pd.Series([row["DATE_MATCH"]]))[0] <= placed.min()
            assert _date(pd.Series([row["DATE_INT"]]))[0] <= _date(pd.Series([row["DATE_MATCH"]]))[0]


def test_oc2_cohort_in_care_all_year(demo: Path) -> None:
    for y, d in _years(demo):
        e = _read(d / "episodes.csv")
        oc2 = _read(d / "oc2.csv")
        open_at_end = set(e.loc[e["DEC"] == "", "CHILD"])
        assert set(oc2["CHILD"]) <= open_at_end
        started = set(e.loc[(e["RNE"] == "S") & (_date(e["DECOM"]) > pd.Timestamp(y, 4, 1)), "CHILD"])
        assert not set(oc2["CHILD"]) & started


def test_reviews_and_missing_dates_in_year(demo: Path) -> None:
    for y, d in _years(demo):
        lo, hi = pd.Timestamp(y, 4, 1), pd.Timestamp(y + 1, 3, 31)
        assert _date(_read(d / "reviews.csv")["REVIEW"]).between(lo, hi).all()
        m = _read(d / "missing.csv")
        start, end = _date(m["MIS_START"]), _date(m["MIS_END"])
        assert start.between(lo, hi).all()
        assert (end.isna() | (end >= start)).all()


def test_education_depends_on_moves(demo: Path) -> None:
    vs = demo / "virtual_school"
    pupils = _read(vs / "pupils.csv")
    results = _read(vs / "results.csv")
    for name in ("peps", "destinations"):
        assert (vs / f"{name}.csv").is_file()
    ks4 = results[results["MEASURE"] == "BASICS_4"].merge(pupils, on=["CHILD", "ACADEMIC_YEAR"])
    ks4 = ks4[ks4["VALUE"] != "D"]
    stable = (ks4.loc[ks4["PLACEMENT_MOVES"] == "0", "VALUE"] == "Y").mean()
    moved = (ks4.loc[ks4["PLACEMENT_MOVES"].astype(int) >= 2, "VALUE"] == "Y").mean()
    assert stable > moved
    att = pupils[pupils["SESSIONS_POSSIBLE"] != ""]
    rate = att["SESSIONS_ATTENDED"].astype(int).sum() / att["SESSIONS_POSSIBLE"].astype(int).sum()
    assert 0.85 <= rate <= 0.95
    assert set(pupils["SEN"]) == {"none", "SEN support", "EHCP"}


def test_school_la_follows_far_placements(demo: Path) -> None:
    """Most pupils attend Demo Borough schools; children placed far away attend the receiving council's."""
    pupils = _read(demo / "virtual_school" / "pupils.csv")
    councils = set(pd.read_csv(demo / "postcodes.csv", dtype=str)["council_code"])
    assert set(pupils["SCHOOL_LA"]) <= councils
    home = (pupils["SCHOOL_LA"] == "Z0000001").mean()
    assert 0.65 <= home <= 0.92
    # a school URN belongs to one council
    assert (pupils.groupby("SCHOOL_URN")["SCHOOL_LA"].nunique() == 1).all()


def test_one_year_run_has_a_readable_extract(tmp_path: Path) -> None:
    from cpanalysis.synth import generate

    generate(tmp_path, seed=5, children=120, years=1)
    vs = tmp_path / "virtual_school"
    for name, cols in {"pupils": 17, "peps": 5, "results": 5, "destinations": 3}.items():
        frame = _read(vs / f"{name}.csv")
        assert len(frame.columns) == cols, name
    assert len(_read(vs / "pupils.csv")) > 0
    assert set(_read(vs / "pupils.csv")["ACADEMIC_YEAR"]) == {"2024-25"}


def test_ks4_forecasts_for_year_11_track_results(demo: Path) -> None:
    pupils = _read(demo / "virtual_school" / "pupils.csv")
    y11 = pupils["NC_YEAR"] == "11"
    assert (pupils.loc[~y11, ["KS4_FORECAST_EN", "KS4_FORECAST_MA"]] == "").all().all()
    assert pupils.loc[y11, "KS4_FORECAST_EN"].astype(int).between(1, 9).all()
    results = _read(demo / "virtual_school" / "results.csv")
    eng = results[results["MEASURE"] == "ENG_GRADE"].merge(pupils[y11], on=["CHILD", "ACADEMIC_YEAR"])
    eng = eng[eng["VALUE"] != "D"]
    fc, actual = eng["KS4_FORECAST_EN"].astype(int), eng["VALUE"].astype(int)
    assert fc.corr(actual) > 0.6
    assert 0 < (fc - actual).mean() < 0.8  # forecasts a little optimistic
