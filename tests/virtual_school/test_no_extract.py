"""A council's data without a Virtual School extract, and an extract named in the settings.

Issue 12 item 2: the annual briefing is published with a sentence saying that
no extract was supplied and how to supply one, instead of failing ("table has
no cells"). The run's ``inputs["virtual_school"]`` (the council's settings)
names an extract kept outside the raw-data folder: a folder of its CSVs, or its
pupils file with the other tables beside it.

Fixtures: the hand-built cohort of ``vs_hand.py`` written out as CSV (four
pupils, 2023-24) and a one-child SSDA903 return; the counts asserted below
are those four pupils.
"""

from pathlib import Path

import pandas as pd
import pytest

from cpanalysis.errors import InputError
from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.virtual_school import sections as vs
from cpanalysis.virtual_school.data import extract_path, has_extract, load_if_supplied
from vs_hand import tables

POLICY = DisclosurePolicy(threshold=5)
HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
EPIS = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"


def _raw(root: Path) -> Path:
    """A raw folder with one 2023-24 return for the four hand-built children and no extract."""
    year = root / "raw" / "2023-24"
    year.mkdir(parents=True)
    (year / "header.csv").write_text(HEADER + "".join(
        f"{c},1,{d},WBRI,,,\n" for c, d in (("C01", "05/01/2008"), ("C02", "01/02/2013"), ("C03", "01/03/2008"),
                                           ("C04", "05/05/2013"))))
    (year / "episodes.csv").write_text(EPIS + "".join([
        "C01,10/01/2020,S,C2,N1,U1,PR1,,,,,,\n",
        "C02,01/05/2021,S,C2,N1,U1,PR1,01/10/2022,X1,,,,\n",
        "C02,01/10/2022,P,C2,N1,U1,PR1,01/11/2023,X1,CARPL,,,\n",
        "C02,01/11/2023,P,C2,N1,U1,PR1,,,,,,\n",
        "C03,01/06/2023,S,C2,N1,U1,PR1,,,,,,\n",
        "C04,01/03/2018,S,C2,N1,U1,PR1,01/12/2023,E11,,,,\n",
    ]))
    return root / "raw"


def _extract(folder: Path, pupils_name: str = "pupils.csv") -> Path:
    """The hand-built extract's four tables as CSV files in ``folder``."""
    folder.mkdir(parents=True)
    t = tables()
    t["vs_peps"] = t["vs_peps"].assign(PEP_DATE=t["vs_peps"]["PEP_DATE"].dt.strftime("%d/%m/%Y"))
    for name, key in ((pupils_name, "vs_pupils"), ("results.csv", "vs_results"), ("peps.csv", "vs_peps"),
                      ("destinations.csv", "vs_destinations")):
        t[key].to_csv(folder / name, index=False)
    return folder / pupils_name


def test_no_extract_is_none_and_the_sections_say_so(tmp_path):
    raw = _raw(tmp_path)
    assert not has_extract(raw, tmp_path / "processed")
    assert load_if_supplied(raw, tmp_path / "processed", inputs={}) is None
    intro = vs.introduction(None, policy=POLICY).html
    assert "No Virtual School extract was supplied" in intro and "docs/virtual-school-schema.md" in intro
    assert "virtual_school under [inputs]" in intro  # the settings way, too
    # The page says it once (the introduction); each section is left out, heading and all.
    for section in (vs.cohort_section(None, 2023, policy=POLICY),
                    vs.key_stage_section(None, 2023, "KS2", policy=POLICY),
                    vs.placement_section(None, [2021, 2022, 2023], policy=POLICY),
                    vs.about_the_figures(None)):
        assert section.html == ""
        assert vs.titled("Attendance", section).html == ""
    # The page is still titled by the academic year it would cover (ended 31 August 2024).
    assert vs.annual_years("2024-25 Q3", None, 3) == (2023, [2023], [2023])


def test_an_extract_named_in_the_settings_is_read_from_its_folder(tmp_path):
    raw = _raw(tmp_path)
    folder = _extract(tmp_path / "elsewhere" / "vs").parent
    assert has_extract(raw, None, inputs={"virtual_school": str(folder)})
    data = load_if_supplied(raw, None, inputs={"virtual_school": str(folder)})
    assert data is not None and data.academic_years == [2023]
    assert sorted(data.pupils["CHILD"]) == ["C01", "C02", "C03", "C04"]
    assert len(data.results) == 17 and len(data.peps) == 6 and len(data.destinations) == 2  # vs_hand.py rows


def test_an_extract_named_by_its_pupils_file_reads_the_tables_beside_it(tmp_path):
    raw = _raw(tmp_path)
    pupils = _extract(tmp_path / "vs2024", pupils_name="VS pupils 2023-24.csv")
    data = load_if_supplied(raw, None, inputs={"virtual_school": str(pupils)})
    assert data is not None and sorted(data.pupils["CHILD"]) == ["C01", "C02", "C03", "C04"]
    assert len(data.results) == 17 and len(data.destinations) == 2


def test_a_named_extract_replaces_the_one_in_the_raw_folder(tmp_path):
    raw = _raw(tmp_path)
    _extract(raw / "virtual_school")
    other = _extract(tmp_path / "chosen").parent
    p = pd.read_csv(other / "pupils.csv", dtype=str)
    p.loc[p["CHILD"] != "C01"].to_csv(other / "pupils.csv", index=False)  # the chosen file has three pupils
    assert sorted(load_if_supplied(raw, None, inputs={})
                  .pupils["CHILD"]) == ["C01", "C02", "C03", "C04"]
    assert sorted(load_if_supplied(raw, None, inputs={"virtual_school": str(other)})
                  .pupils["CHILD"]) == ["C02", "C03", "C04"]


def test_a_named_extract_that_is_missing_is_one_line(tmp_path):
    with pytest.raises(InputError, match=r"named in the settings \(\[inputs\] virtual_school\) not found"):
        extract_path({"virtual_school": str(tmp_path / "nowhere")})
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="has no pupils.csv"):
        load_if_supplied(_raw(tmp_path), None, inputs={"virtual_school": str(tmp_path / "empty")})
    assert extract_path({}) is None and extract_path(None) is None and extract_path({"virtual_school": ""}) is None


def test_a_named_extract_joins_a_build_made_without_one(tmp_path):
    # `cpanalysis run` builds the raw folder first (no extract in it), then the briefing reads the
    # build's stitched episodes and the extract named in the settings.
    from cpanalysis.derive import build

    raw = _raw(tmp_path)
    processed = tmp_path / "processed"
    build(raw, processed, use_onspd=False, max_quarantine_share=None)
    assert (processed / "manifest.json").is_file() and not (processed / "vs_pupils.parquet").exists()
    assert load_if_supplied(raw, processed, inputs={}) is None
    folder = _extract(tmp_path / "vs").parent
    data = load_if_supplied(raw, processed, inputs={"virtual_school": str(folder)})
    assert sorted(data.pupils["CHILD"]) == ["C01", "C02", "C03", "C04"]
    # The care histories are the build's: C02's first episode ended (1 Oct 2022) before the 2023-24
    # return year, so the build quarantines it (EPI_ENDED_BEFORE_YEAR) and C02 has 2 placements there,
    # where reading the raw folder directly stitches all three.
    assert data.placements.groupby("CHILD").size().to_dict() == {"C01": 1, "C02": 2, "C03": 1, "C04": 1}
    direct = load_if_supplied(raw, None, inputs={"virtual_school": str(folder)})
    assert direct.placements.groupby("CHILD").size().to_dict() == {"C01": 1, "C02": 3, "C03": 1, "C04": 1}
