"""Deep dives on the hand-built council (``fixture_measures.py``): small counts come out hidden."""

from cpanalysis.measures.deep_dives import out_of_borough, placed_with_parents_over_time, placement_moves, reviews_overdue
from cpanalysis.quarters import Quarter
from fixture_measures import data

Q3 = Quarter.parse("2024-25 Q3")


def test_placement_moves_hides_small_counts():
    dd = placement_moves(data(), Q3)
    # 3 moves (A once, D twice) for 2 children: both under 5, so hidden.
    assert dd.summary == {"moves": "c", "children": "c", "moves per child": "c"}
    assert dd.private["moves per child"]["children"].to_dict() == {1: 1, 2: 1}


def test_out_of_borough_groups_small_councils():
    dd = out_of_borough(data(), Q3)
    t = dd.tables["by receiving council"]
    assert dd.summary["placed out of borough"] == "c"        # A and D in Z2
    assert list(t["council_code"]) == [""] and list(t["children"]) == ["c"]


def test_reviews_overdue_and_series():
    dd = reviews_overdue(data(), Q3)
    assert dd.summary["children in care over a month"] == "7"
    assert dd.summary["review overdue"] == "a suppressed number (c)"   # B, D, K
    s = placed_with_parents_over_time(data(), [Quarter.parse("2022-23 Q4"), Q3])
    assert list(s["children"]) == ["x", "c"]


def test_out_of_borough_total_cannot_give_back_the_small_group():
    """Six more children placed in Z2 and three in Z3, all open at 31/12/2024.

    With A and D, Z2 receives 8 and Z3 (under 5) goes to "other councils": 3.
    Publishing 8 and the total 11 would give the 3 back by subtraction, so
    Z2 must be hidden as well; the total stays shown.
    """
    import pandas as pd

    from cpanalysis.measures.data import MeasureData
    from fixture_measures import POSTCODES, tables

    t = tables()
    extra = [(f"N{i}", 2024, pd.Timestamp("2024-05-01"), "S", "C2", "U4", "PR1",
              "QA9 9AA" if i < 6 else "QC3 3AA", pd.NaT, None) for i in range(9)]
    new = pd.DataFrame(extra, columns=["CHILD", "YEAR", "DECOM", "RNE", "LS", "PLACE", "PLACE_PROVIDER",
                                       "PL_POST", "DEC", "REC"])
    new = new.assign(HOME_POST=t["episodes"]["HOME_POST"].iloc[0], REASON_PLACE_CHANGE=None, URN=None, CIN="N1")
    t["episodes"] = pd.concat([t["episodes"], new.astype({"YEAR": "int16"})], ignore_index=True)
    t["header"] = pd.concat([t["header"], pd.DataFrame({"CHILD": new["CHILD"], "DOB": pd.Timestamp("2012-01-01"),
                                                        "SEX": "1", "YEAR": 2024})], ignore_index=True)
    postcodes = pd.concat([POSTCODES, pd.DataFrame({"postcode": ["QC3 3AA"], "easting": [350000],
                                                    "northing": [260000], "council_code": ["Z3"],
                                                    "council_name": ["Far Borough"]})], ignore_index=True)
    dd = out_of_borough(MeasureData(tables=t, years=[2023, 2024], extra={"postcodes": postcodes}), Q3)
    table = dd.tables["by receiving council"]
    assert dd.summary["placed out of borough"] == "11"
    assert list(table["council_name"]) == ["Next Borough", "other councils (each fewer than 5)"]
    assert list(table["children"]) == ["c", "c"]
