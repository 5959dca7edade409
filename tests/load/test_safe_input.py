"""Issue 12: nothing read is lost silently.

Every physical line of a table file is either read or reported (file, row,
column, CHILD, value, rule); rows read are counted from the bytes, so
read = accepted + quarantined holds for what is really in the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cpanalysis.errors import InputError
from cpanalysis.load import read_csv_table, read_returns
from cpanalysis.validate import Report, validate_return

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
EPIS = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def episode(child: int, ls: str = "C2") -> str:
    return f"{child},01/0{1 + child % 8}/2020,S,{ls},N1,U1,PR1,,,,,,\n"


def rows_of(rep: Report, rule: str) -> list[list]:
    f = rep.frame()
    return f.loc[f["rule"] == rule, ["file", "row", "CHILD", "column", "value"]].values.tolist()


def test_stray_quote_loses_one_line_not_the_rest(tmp_path):
    body = [episode(i) for i in range(1, 8)]
    body[2] = body[2].replace(",C2,", ',"C2,')          # line 4: a quote opened and never closed
    p = write(tmp_path / "episodes.csv", EPIS + "".join(body))
    rep = Report()
    df = read_csv_table(p, "episodes", rep, "episodes.csv")
    assert df["CHILD"].tolist() == ["1", "2", "4", "5", "6", "7"]
    assert df["SOURCE_ROW"].tolist() == [2, 3, 5, 6, 7, 8]
    got = rows_of(rep, "ROW_UNCLOSED_QUOTE")
    assert [g[:4] for g in got] == [["episodes.csv", 4, "3", "LS"]]
    assert rep.unread_rows("episodes") == 1


def test_junk_after_header_is_counted_line_by_line(tmp_path):
    junk = '"PK\x03junk,,\nmore junk\n' + "x,y\n" * 20
    p = write(tmp_path / "episodes.csv", EPIS + episode(1) + junk)
    rep = Report()
    df = read_csv_table(p, "episodes", rep, "episodes.csv")
    assert df["CHILD"].tolist() == ["1"]
    assert rep.unread_rows("episodes") == 22                # every junk line, counted
    assert sorted(rep.frame()["row"].tolist()) == list(range(3, 25))


def test_duplicate_column_reported_and_differences_quarantined(tmp_path):
    head = EPIS.strip() + ",DEC\n"
    body = ("1,01/01/2020,S,C2,N1,U1,PR1,01/02/2020,E8,,,,,01/02/2020\n"
            "2,01/01/2020,S,C2,N1,U1,PR1,01/02/2020,E8,,,,,05/02/2020\n")
    p = write(tmp_path / "episodes.csv", head + body)
    rep = Report()
    df = read_csv_table(p, "episodes", rep, "episodes.csv")
    assert list(df.columns).count("DEC") == 1
    assert [g[:4] for g in rows_of(rep, "FILE_DUPLICATE_COLUMN")] == [["episodes.csv", 1, "", "DEC"]]
    assert rows_of(rep, "ROW_DUPLICATE_COLUMN_DIFFERS") == [
        ["episodes.csv", 3, "2", "DEC", "01/02/2020 | 05/02/2020"]]
    assert rep.error_positions("episodes").tolist() == [1]


def test_nul_byte_after_64_kib_is_reported(tmp_path):
    lines = [HEADER] + [f"{i},1,01/01/2010,WBRI,,,\n" for i in range(1, 4001)]
    lines[3500] = "3500,1,01/01/2010,WB\x00RI,,,\n"           # well past the first 64 KiB
    p = write(tmp_path / "header.csv", "".join(lines))
    assert p.stat().st_size > 65536
    rep = Report()
    df = read_csv_table(p, "header", rep, "header.csv")
    assert len(df) == 3999
    assert [g[:4] for g in rows_of(rep, "ROW_NUL_BYTE")] == [["header.csv", 3501, "3500", "ETHNIC"]]
    assert rep.unread_rows("header") == 1


def test_cr_only_line_endings_read(tmp_path):
    p = write(tmp_path / "header.csv", HEADER.replace("\n", "\r") + "1,1,01/01/2010,WBRI,,,\r2,1,01/01/2010,WBRI,,,\r")
    rep = Report()
    df = read_csv_table(p, "header", rep, "header.csv")
    assert df["CHILD"].tolist() == ["1", "2"]
    assert df["SOURCE_ROW"].tolist() == [2, 3]
    assert rep.frame()["rule"].tolist() == ["FILE_LINE_ENDINGS"]


def test_blank_lines_and_quotes_keep_numbers(tmp_path):
    p = write(tmp_path / "header.csv", HEADER + '1,1,01/01/2010,"WBRI",,,\n\n\n"2",1,01/01/2010,WBRI,,,\n')
    rep = Report()
    df = read_csv_table(p, "header", rep, "header.csv")
    assert df["CHILD"].tolist() == ["1", "2"]
    assert df["SOURCE_ROW"].tolist() == [2, 5]
    assert len(rep) == 0


def test_read_counted_from_bytes_reconciles(tmp_path):
    write(tmp_path / "header.csv", HEADER + "".join(f"{i},1,01/01/2010,WBRI,,,\n" for i in range(1, 8)))
    body = [episode(i) for i in range(1, 8)]
    body[1] = body[1].replace(",C2,", ',"C2,')
    write(tmp_path / "episodes.csv", EPIS + "".join(body) + "8,01/01/2020,S\n")
    v = validate_return(read_returns(tmp_path, year=2019))
    c = v.counts.set_index("table")
    assert c.loc["episodes", "read"] == 8                      # 8 lines after the header
    assert c.loc["episodes", "accepted"] + c.loc["episodes", "quarantined"] == 8
    assert c.loc["episodes", "quarantined"] >= 2
    assert "CHILD" in v.report.columns
    r = v.report.set_index("rule")
    assert r.loc["ROW_UNCLOSED_QUOTE", "CHILD"] == "2"
    assert r.loc["ROW_WRONG_FIELD_COUNT", "CHILD"] == "8"


def test_unreadable_file_is_one_line_input_error(tmp_path):
    p = write(tmp_path / "header.csv", HEADER)
    p.chmod(0)
    try:
        if p.stat().st_mode and _can_read(p):
            pytest.skip("running as root: permissions are not enforced")
        with pytest.raises(InputError, match="header.csv: cannot be read"):
            read_csv_table(p, "header", Report(), "header.csv")
    finally:
        p.chmod(0o644)


def _can_read(p: Path) -> bool:
    try:
        p.read_bytes()
        return True
    except OSError:
        return False


@pytest.mark.parametrize("name", ["24-25", "2024-2025", "2024-26", "2024_2025", "2024"])
def test_misnamed_year_folder_is_one_line_error(tmp_path, name):
    for y in ("2023-24", name):
        write(tmp_path / y / "header.csv", HEADER + "1,1,01/01/2010,WBRI,,,\n")
        write(tmp_path / y / "episodes.csv", EPIS + "1,01/01/2020,S,C2,N1,U1,PR1,,,,,,\n")
    with pytest.raises(InputError) as exc:
        read_returns(tmp_path)
    msg = str(exc.value)
    assert "\n" not in msg and name in msg and "YYYY-YY" in msg and "2024-25" in msg


def test_misnamed_year_folder_alone_is_named(tmp_path):
    write(tmp_path / "24-25" / "header.csv", HEADER + "1,1,01/01/2010,WBRI,,,\n")
    write(tmp_path / "24-25" / "episodes.csv", EPIS + "1,01/01/2020,S,C2,N1,U1,PR1,,,,,,\n")
    with pytest.raises(InputError, match="24-25.*YYYY-YY"):
        read_returns(tmp_path)


def test_product_folders_and_files_allowed(tmp_path):
    write(tmp_path / "2023-24" / "header.csv", HEADER + "1,1,01/01/2010,WBRI,,,\n")
    write(tmp_path / "2023-24" / "episodes.csv", EPIS + "1,01/01/2020,S,C2,N1,U1,PR1,,,,,,\n")
    write(tmp_path / "virtual_school" / "pupils.csv", "CHILD,URN\n1,100000\n")
    write(tmp_path / "SYNTHETIC.txt", "synthetic")
    write(tmp_path / "postcodes.csv", "postcode,easting,northing,council_code\n")
    ret = read_returns(tmp_path)
    assert ret.years == [2023]


def test_unreadable_year_folder_is_one_line_error(tmp_path, monkeypatch):
    write(tmp_path / "2023-24" / "header.csv", HEADER + "1,1,01/01/2010,WBRI,,,\n")
    write(tmp_path / "2023-24" / "episodes.csv", EPIS + "1,01/01/2020,S,C2,N1,U1,PR1,,,,,,\n")
    real = Path.iterdir

    def iterdir(self):
        if self.name == "2023-24":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    with pytest.raises(InputError, match=r"2023-24: folder cannot be read \(Permission denied\)"):
        read_returns(tmp_path)
