"""The scorecard notebook executed through papermill on the hand-counted G1 fixture.

The fixture (``tests/g1_fixture.py``) has 5 cared for children at the end of
2024-25 Q3 and 1 at the end of 2023-24 Q4; the briefing must show the 5, hide the
1 as ``c``, mark quarters before the data as ``x``, and be a self-contained page.
"""

import re
from pathlib import Path

import pytest

from cpanalysis.cli import main
from cpanalysis.publish.run import RunConfig, run_quarter
from g1_fixture import write_fixture

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@pytest.fixture(scope="module")
def briefing(tmp_path_factory):
    root = tmp_path_factory.mktemp("briefing")
    raw = write_fixture(root / "raw")
    out = run_quarter(
        RunConfig(
            quarter="2024-25-Q3", raw_dir=raw, processed_dir=root / "processed", notebooks_dir=NOTEBOOKS,
            outputs_dir=root / "out",
            private_dir=root / "private", notebooks=["scorecard"],
        )
    )
    return root, out, (out / "scorecard.html").read_text(encoding="utf-8")


def _cells(html: str, quarter: str) -> str:
    m = re.search(rf'<th scope="row">{quarter}</th><td[^>]*>([^<]*)</td>', html)
    assert m, quarter
    return m.group(1)


def test_shows_the_hand_counted_values(briefing):
    _, _, html = briefing
    assert _cells(html, "2024-25 Q3") == "5"
    assert _cells(html, "2024-25 Q2") == "5"
    assert _cells(html, "2023-24 Q4") == "c"  # 1 child: suppressed
    assert _cells(html, "2022-23 Q4") == "x"  # before the first return year


def test_is_one_self_contained_page_without_code(briefing):
    _, _, html = briefing
    assert html.count("<h1>") == 1
    assert '<html lang="en">' in html and "<main" in html and "<caption>" in html
    assert "<script" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "import " not in html and "In&nbsp;[" not in html
    img = re.search(r"<img [^>]*>", html).group(0)
    assert 'src="data:image/png;base64,' in img
    assert 'alt="Line chart of the number of cared for children' in img
    assert "2024-25 Q3: 5" in img and "2023-24 Q4" not in img  # suppressed point not plotted


def test_no_synthetic_notice_for_real_looking_input(briefing):
    _, _, html = briefing
    assert "Synthetic data" not in html


def test_executed_notebook_is_private_and_run_log_written(briefing):
    root, out, _ = briefing
    assert (root / "private" / "2024-25-Q3" / "scorecard.ipynb").is_file()
    assert not list(out.glob("*.ipynb"))
    assert (out / "run_log.json").is_file()


def test_cli_unknown_quarter_is_one_line_exit_2(capsys):
    assert main(["run", "--quarter", "2024-25-Q7"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "2024-25-Q7" in err


def test_cli_quarter_outside_data_is_exit_2(tmp_path, capsys):
    raw = write_fixture(tmp_path / "raw")
    code = main(["run", "--quarter", "2019-20-Q1", "--raw", str(raw), "--processed", str(tmp_path / "processed"),
                 "--notebooks", str(NOTEBOOKS),
                 "--outputs", str(tmp_path / "out"), "--private", str(tmp_path / "p")])
    assert code == 2
    assert "outside the data" in capsys.readouterr().err
