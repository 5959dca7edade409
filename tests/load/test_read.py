"""Readers: layouts, XML, dates and malformed files.

Expected values are counted by hand from the small files written in each test.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cpanalysis.errors import InputError
from cpanalysis.load import canonical_table, discover, read_csv_table, read_returns, read_xml_return
from cpanalysis.load.dates import parse_date_text
from cpanalysis.validate import Report

#: Peer fixtures in the shared folder beside the repository (``../shared/peer-903``).
PEER = Path(__file__).resolve().parents[2].parent / "shared" / "peer-903"
needs_peer = pytest.mark.skipif(not PEER.is_dir(), reason=f"peer fixtures not found at {PEER}")
HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
EPIS = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def rules(report: Report) -> list[str]:
    return report.frame()["rule"].tolist()


def test_aliases():
    assert canonical_table("placed_for_adoption") == "placed_adoption"
    assert canonical_table("PlacedAdoption") == "placed_adoption"
    assert canonical_table("previous_permanence") == "prev_perm"
    assert canonical_table("SWEpisodes") == "sw_episodes"
    assert canonical_table("DoLo") is None
    assert canonical_table("placed_for_adoption_errors") is None


def test_leading_zeros_kept_and_rows_numbered(tmp_path):
    p = write(tmp_path / "header.csv", HEADER + "007,1,01/02/2010,WBRI,,,\n010,2,03/04/2011,BAFR,,,\n")
    df = read_csv_table(p, "header")
    assert df["CHILD"].tolist() == ["007", "010"]
    assert df["SOURCE_ROW"].tolist() == [2, 3]
    assert df["DOB"].tolist() == [pd.Timestamp("2010-02-01"), pd.Timestamp("2011-04-03")]


@pytest.mark.parametrize("text, expected, rule", [
    ("05/11/2019", "2019-11-05", None),
    ("5/1/2019", "2019-01-05", None),
    ("ZZ/11/2019", "2019-11-15", "DATE_UNKNOWN_PART"),
    ("ZZ/ZZ/2019", "2019-07-01", "DATE_UNKNOWN_PART"),
    ("2019-11-05", "2019-11-05", "DATE_REFORMATTED"),
    ("05/11/2019 00:00", "2019-11-05", "DATE_REFORMATTED"),
    ("43774", "2019-11-05", "DATE_EXCEL_SERIAL"),   # Excel: 43774 = 05/11/2019
    ("31/02/2019", None, "DATE_INVALID"),
    ("05/11/19", "2019-11-05", "DATE_TWO_DIGIT_YEAR"),
    ("31/02/19", None, "DATE_INVALID"),
    ("yesterday", None, "DATE_INVALID"),
])
def test_date_text(text, expected, rule):
    got, r = parse_date_text(text)
    assert (None if got is None else got.isoformat()) == expected
    assert r == rule


def test_bad_and_mangled_dates_reported_with_row(tmp_path):
    p = write(tmp_path / "header.csv", HEADER
              + "1,1,31/02/2010,WBRI,,,\n"      # line 2 impossible
              + "2,1,2010-02-03,WBRI,,,\n"      # line 3 ISO (spreadsheet)
              + "3,1,ZZ/06/2010,WBRI,,,\n"      # line 4 unknown day
              + "4,1,12/06/2010,WBRI,,,\n")     # line 5 fine
    rep = Report()
    df = read_csv_table(p, "header", rep, "header.csv")
    f = rep.frame().sort_values("row")
    assert f[["row", "column", "value", "rule", "severity"]].values.tolist() == [
        [2, "DOB", "31/02/2010", "DATE_INVALID", "error"],
        [3, "DOB", "2010-02-03", "DATE_REFORMATTED", "warning"],
        [4, "DOB", "ZZ/06/2010", "DATE_UNKNOWN_PART", "warning"],
    ]
    assert df["DOB"].isna().tolist() == [True, False, False, False]
    assert df["DOB"].iloc[2] == pd.Timestamp("2010-06-15")


def test_empty_file_is_input_error(tmp_path):
    with pytest.raises(InputError, match="empty"):
        read_csv_table(write(tmp_path / "header.csv", ""), "header")


def test_header_only_reads_zero_rows(tmp_path):
    rep = Report()
    df = read_csv_table(write(tmp_path / "header.csv", HEADER), "header", rep, "header.csv")
    assert len(df) == 0
    assert rules(rep) == ["FILE_NO_ROWS"]


def test_missing_column_is_input_error(tmp_path):
    with pytest.raises(InputError, match="column ETHNIC missing"):
        read_csv_table(write(tmp_path / "header.csv", "CHILD,SEX,DOB,UPN,MOTHER,MC_DOB\n1,1,01/01/2010,,,\n"), "header")


def test_extra_column_warned_and_dropped(tmp_path):
    rep = Report()
    df = read_csv_table(write(tmp_path / "header.csv", HEADER.strip() + ",NAME\n1,1,01/01/2010,WBRI,,,,Ann\n"),
                        "header", rep, "header.csv")
    assert "NAME" not in df.columns
    assert rep.frame()[["column", "rule"]].values.tolist() == [["NAME", "FILE_EXTRA_COLUMN"]]


def test_lower_case_header_and_bom(tmp_path):
    p = write(tmp_path / "header.csv", b"\xef\xbb\xbf" + HEADER.lower().encode() + b"1,1,01/01/2010,WBRI,,,\r\n")
    rep = Report()
    df = read_csv_table(p, "header", rep)
    assert df["CHILD"].tolist() == ["1"]
    assert df["ETHNIC"].tolist() == ["WBRI"]
    assert len(rep) == 0


def test_windows_1252_read_and_reported(tmp_path):
    p = write(tmp_path / "episodes.csv", EPIS.encode() + "1,01/01/2020,S,C2,N1,U1,PR1,,,,M1 1AA,M2 2BB,Caf\xe9\n".encode("cp1252"))
    rep = Report()
    df = read_csv_table(p, "episodes", rep, "episodes.csv")
    assert df["URN"].tolist() == ["Café"]
    assert rules(rep) == ["FILE_ENCODING"]


def test_binary_file_is_input_error(tmp_path):
    with pytest.raises(InputError, match="not text"):
        read_csv_table(write(tmp_path / "header.csv", b"PK\x03\x04\x00\x00binary"), "header")


def test_truncated_last_line_reported_and_counted(tmp_path):
    p = write(tmp_path / "episodes.csv", EPIS
              + "1,01/01/2020,S,C2,N1,U1,PR1,,,,,,\n"
              + "2,01/02/2020,S,C2,N1,U1,PR1,,,,,,\n"
              + "3,01/03/2020,S,C2")                       # line 4, cut off
    rep = Report()
    df = read_csv_table(p, "episodes", rep, "episodes.csv")
    assert df["CHILD"].tolist() == ["1", "2"]
    assert df["SOURCE_ROW"].tolist() == [2, 3]
    f = rep.frame()
    assert f[["row", "rule", "severity"]].values.tolist() == [[4, "ROW_WRONG_FIELD_COUNT", "error"]]
    assert rep.unread_rows("episodes") == 1


def test_blank_line_keeps_line_numbers(tmp_path):
    p = write(tmp_path / "header.csv", HEADER + "1,1,01/01/2010,WBRI,,,\n\n2,1,01/01/2010,WBRI,,,\n")
    assert read_csv_table(p, "header")["SOURCE_ROW"].tolist() == [2, 4]


def test_folder_per_year_and_council_layouts(tmp_path):
    for y in ("2022-23", "2023-24"):
        write(tmp_path / "one" / y / "header.csv", HEADER + "1,1,01/01/2010,WBRI,,,\n")
        write(tmp_path / "one" / y / "Episodes.csv", EPIS + "1,01/01/2020,S,C2,N1,U1,PR1,,,,,,\n")
        for c in ("E06000001", "E06000002"):
            write(tmp_path / "many" / c / y / "header.csv", HEADER + "1,1,01/01/2010,WBRI,,,\n")
            write(tmp_path / "many" / c / y / "episodes.csv", EPIS + "1,01/01/2020,S,C2,N1,U1,PR1,,,,,,\n")
    one = read_returns(tmp_path / "one")
    assert one.layout == "folder-per-year" and one.years == [2022, 2023]
    assert one.tables["episodes"]["YEAR"].tolist() == [2022, 2023]
    many = read_returns(tmp_path / "many")
    assert many.layout == "council/folder-per-year"
    assert len(many.tables["header"]) == 4
    assert sorted(many.tables["header"]["COUNCIL"].astype(str).unique()) == ["E06000001", "E06000002"]


def test_missing_required_table_is_input_error(tmp_path):
    write(tmp_path / "2023-24" / "header.csv", HEADER + "1,1,01/01/2010,WBRI,,,\n")
    with pytest.raises(InputError, match="episodes file missing"):
        read_returns(tmp_path)


def test_flat_folder_year_given_or_inferred(tmp_path):
    write(tmp_path / "header.csv", HEADER + "1,1,01/01/2010,WBRI,,,\n")
    write(tmp_path / "episodes.csv", EPIS + "1,01/01/2020,S,C2,N1,U1,PR1,,,,,,\n1,02/04/2020,P,C2,N1,U4,PR1,,,,,,\n")
    assert read_returns(tmp_path).years == [2020]          # latest DECOM 02/04/2020 -> 2020-21
    assert read_returns(tmp_path, year=2019).years == [2019]


@needs_peer
def test_peer_flat_validator_fake():
    ret = read_returns(PEER / "validator-fake")
    assert ret.layout == "flat" and ret.years == [2017]    # latest DECOM 31/03/2018
    n = {t: len(df) for t, df in ret.tables.items()}
    # line counts of the files minus their header line
    assert n == {"ad1": 29, "episodes": 5050, "header": 2675, "missing": 43, "oc2": 2675, "oc3": 53,
                 "placed_adoption": 29, "prev_perm": 2675, "reviews": 12582, "sw_episodes": 1,
                 "uasc": 132}
    assert sorted(ret.ignored) == ["DoLo.csv", "fake_903.xml", "placed_for_adoption_errors.csv"]


@needs_peer
def test_peer_year_prefixed_multi_year():
    ret = read_returns(PEER / "multi-year-2017-2021")
    assert ret.layout == "year-prefixed"
    assert ret.years == [2017, 2018, 2019, 2020, 2021]
    ep = ret.tables["episodes"]
    assert ep.groupby("YEAR").size().tolist() == [1460, 974, 648, 402, 253]
    # the 2017 file is the 2017-18 return: no episode starts after 31/03/2018
    assert ep.loc[ep["YEAR"] == 2017, "DECOM"].max() == pd.Timestamp("2018-03-31")


@needs_peer
def test_peer_xml():
    rep = Report()
    t = read_xml_return(PEER / "validator-fake" / "fake_903.xml", rep, "fake_903.xml")
    assert len(t["header"]) == 253
    assert len(t["episodes"]) == 459
    first = t["episodes"].iloc[0]
    assert (first["CHILD"], first["PLACE"], first["DECOM"]) == ("907440", "R5", pd.Timestamp("2017-01-06"))
    assert t["reviews"]["CHILD"].iloc[0] == "907440"
    assert t["episodes"]["SOURCE_ROW"].iloc[0] == 1


def test_xml_only_folder_is_read(tmp_path):
    xml = ("<EXPSSDA903><CHILD><HEADER><CHILDID>A1</CHILDID><SEX>1</SEX><DOB>01/01/2010</DOB>"
           "<ETHNIC>WBRI</ETHNIC></HEADER><EPISODE><DECOM>01/05/2023</DECOM><RNE>S</RNE><LS>C2</LS>"
           "<CIN>N1</CIN><PL>U4</PL></EPISODE></CHILD></EXPSSDA903>")
    write(tmp_path / "2023-24" / "return.xml", xml)
    ret = read_returns(tmp_path)
    assert ret.tables["episodes"][["CHILD", "PLACE", "YEAR"]].values.tolist() == [["A1", "U4", 2023]]


def test_bad_root_is_input_error(tmp_path):
    p = write(tmp_path / "x.xml", "<OTHER/>")
    with pytest.raises(InputError, match="expected <EXPSSDA903>"):
        read_xml_return(p)


def test_virtual_school_tables(tmp_path):
    write(tmp_path / "2023-24" / "header.csv", HEADER + "1,1,01/01/2010,WBRI,,,\n")
    write(tmp_path / "2023-24" / "episodes.csv", EPIS + "1,01/01/2020,S,C2,N1,U1,PR1,,,,,,\n")
    write(tmp_path / "virtual_school" / "PEP.csv", "CHILD,ACADEMIC_YEAR,PEP_DATE,PEP_QUALITY\n1,2023-24,05/10/2023,Good\n")
    ret = read_returns(tmp_path)
    vs = ret.tables["vs_pep"]
    assert vs["PEP_DATE"].tolist() == [pd.Timestamp("2023-10-05")]
    assert "YEAR" not in vs.columns


def test_many_files_read_together_match_file_by_file(tmp_path):
    """read_csv_many parses plain files together; every file must come out as if read alone."""
    from cpanalysis.load.csv import read_csv_many

    files = {
        "a.csv": HEADER + "1,1,01/01/2010,WBRI,,,\n2,2,02/01/2010,WBRI,,,\n",            # plain
        "b.csv": "\ufeff" + HEADER + "3,1,03/01/2010,WBRI,,,\n",                          # BOM, plain
        "c.csv": HEADER.replace("\n", ",EXTRA\n") + "4,1,04/01/2010,WBRI,,,,x\n",         # extra column
        "d.csv": HEADER.replace("\n", "\r\n") + "5,1,05/01/2010,WBRI,,,\r\n",             # CRLF
        "e.csv": HEADER + '6,1,06/01/2010,"WBRI",,,\n',                                   # quotes: alone
        "f.csv": HEADER + "7,1,07/01/2010,WBRI,,,\n8,1,08/01",                            # truncated: alone
        "g.csv": HEADER,                                                                  # no rows: alone
    }
    paths = [(write(tmp_path / n, t), n) for n, t in files.items()]
    together, alone = Report(), Report()
    got = read_csv_many(paths, "header", together)
    for (path, label), (tbl, rows, expected, dates) in zip(paths, got):
        ref = read_csv_table(path, "header", alone, label)
        frame = read_csv_table(path, "header", Report(), label)
        assert tbl.select(["CHILD"]).to_pydict()["CHILD"] == frame["CHILD"].tolist(), label
        assert rows.tolist() == ref["SOURCE_ROW"].tolist(), label
        assert expected == tuple(c for c in expected) and "DOB" in dates
    # 2 + 1 + 1 + 1 + 1 + 1 (+ the truncated line reported) + 0 rows
    assert [t.num_rows for t, *_ in got] == [2, 1, 1, 1, 1, 1, 0]
    key = ["file", "row", "column", "value", "rule"]
    assert sorted(together.frame()[key].values.tolist()) == sorted(alone.frame()[key].values.tolist())
    assert sorted(together.frame()["rule"]) == ["FILE_EXTRA_COLUMN", "FILE_NO_ROWS", "ROW_WRONG_FIELD_COUNT"]
    # a plain-looking file with a short line makes arrow skip a row: the group is read file by file
    paths.append((write(tmp_path / "h.csv", HEADER + "9,1,09/01/2010\n10,1,10/01/2010,WBRI,,,\n"), "h.csv"))
    together = Report()
    got = read_csv_many(paths, "header", together)
    assert [t.num_rows for t, *_ in got] == [2, 1, 1, 1, 1, 1, 0, 1]
    assert got[-1][1].tolist() == [3]                 # the kept row is line 3 of h.csv
    h = together.frame().query("file == 'h.csv'")
    assert h[["row", "rule"]].values.tolist() == [[2, "ROW_WRONG_FIELD_COUNT"]]
