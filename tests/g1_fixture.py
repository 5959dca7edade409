"""A hand-built SSDA903 fixture for scorecard G1, with the counts worked out by hand.

Two return years (2023-24 and 2024-25). Child I's episode spans 31 March 2024,
so it is open (no DEC) in the 2023-24 file and closed in the 2024-25 file.

| child | episodes (DECOM - DEC, LS)                               | 31/03/24 | 30/09/24 | 31/12/24 |
|-------|----------------------------------------------------------|----------|----------|----------|
| A     | 01/04/2024 - open, C2                                    | no       | yes      | yes      |
| B     | 01/01/2025 - open, C1                                    | no       | no       | no       |
| C     | 01/06/2024 - 31/12/2024, V2 (left on the snapshot day)   | no       | yes      | no       |
| D     | 01/06/2024 - 01/01/2025, C2                              | no       | yes      | yes      |
| E     | 01/05/2024 - open, V3 (short break)                      | no       | no       | no       |
| F     | 01/05/2024 - 01/11/2024, then 01/11/2024 - open, C2      | no       | yes      | yes (once) |
| G     | 31/12/2024 - open, C1 (arrived on the snapshot day)      | no       | no       | yes      |
| H     | 01/04/2024 - 15/10/2024 V4, then 15/10/2024 - open, C2   | no       | no       | yes      |
| I     | 01/03/2024 - 15/11/2024, C2 (spans two return years)     | yes      | yes      | no       |

G1 at 2023-24 Q4 = 1 (I); 2024-25 Q2 = 5 (A, C, D, F, I); 2024-25 Q3 = 5 (A, D, F, G, H).
Without stitching, I's open 2023-24 row would add one at 2024-25 Q3 (6).
"""

from __future__ import annotations

from pathlib import Path

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
EPISODE_COLUMNS = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"

#: (return year start, CHILD, DECOM, RNE, LS, DEC, REC)
EPISODES = [
    (2023, "I", "01/03/2024", "S", "C2", "", ""),
    (2024, "I", "01/03/2024", "S", "C2", "15/11/2024", "E4A"),
    (2024, "A", "01/04/2024", "S", "C2", "", ""),
    (2024, "B", "01/01/2025", "S", "C1", "", ""),
    (2024, "C", "01/06/2024", "S", "V2", "31/12/2024", "E13"),
    (2024, "D", "01/06/2024", "S", "C2", "01/01/2025", "E4A"),
    (2024, "E", "01/05/2024", "S", "V3", "", ""),
    (2024, "F", "01/05/2024", "S", "C2", "01/11/2024", "X1"),
    (2024, "F", "01/11/2024", "P", "C2", "", ""),
    (2024, "G", "31/12/2024", "S", "C1", "", ""),
    (2024, "H", "01/04/2024", "S", "V4", "15/10/2024", "X1"),
    (2024, "H", "15/10/2024", "L", "C2", "", ""),
]

EXPECTED = {"2023-24 Q4": 1, "2024-25 Q2": 5, "2024-25 Q3": 5}


def write_fixture(raw: Path) -> Path:
    """Write the fixture as SSDA903 CSVs, a folder per return year, under ``raw``."""
    for year in (2023, 2024):
        folder = raw / f"{year}-{(year + 1) % 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        rows = [e for e in EPISODES if e[0] == year]
        children = sorted({e[1] for e in rows})
        (folder / "header.csv").write_text(
            # SEX is coded 1/2 up to 2023-24 and M/F/U from 2024-25 (DfE code list).
            HEADER + "".join(f"{c},{'1' if year < 2024 else 'M'},01/01/2010,WBRI,,,\n" for c in children),
            encoding="utf-8",
        )
        (folder / "episodes.csv").write_text(
            EPISODE_COLUMNS
            + "".join(f"{c},{decom},{rne},{ls},N1,U4,PR1,{dec},{rec},,,,\n" for _, c, decom, rne, ls, dec, rec in rows),
            encoding="utf-8",
        )
    return raw
