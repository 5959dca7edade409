"""The investigation's JupyterLab controls answer exactly as its parameters do.

Oracle: the functions the notebook's cells call with the same parameter values
(:mod:`cpanalysis.virtual_school.investigate`), and, in the slow test, the
notebook itself run by papermill. Controls are changed in code, as a click
would change them.
"""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.synth import generate
from cpanalysis.virtual_school import investigate as inv
from cpanalysis.virtual_school.data import load_virtual_school

pytest.importorskip("ipywidgets")

from cpanalysis.virtual_school import widgets  # noqa: E402

POLICY = DisclosurePolicy(threshold=5)
ROOT = Path(__file__).resolve().parents[2]
OFFICER = {"academic_year": "2021-22 to 2023-24", "key_stage": "KS2", "outcome": "ks2_rwm", "grouping": "moves",
           "bands": "3+ vs the rest", "breakdown": "SEN", "definition": "dfe"}


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    """A synthetic council of about 1,200 children in care (academic years 2018-19 to 2024-25): large enough
    for the officer's KS2 question to be answered with a chart, a test and a sentence."""
    root = tmp_path_factory.mktemp("vs-widgets")
    generate(root / "raw", seed=1, children=1200)
    return root, load_virtual_school(root / "raw", root / "none")


def _cells(data, *, academic_year, key_stage, outcome, grouping, bands, breakdown, definition):
    """The notebook's section cells, called as its cells call them, with its headings between them."""
    q = inv.ask(data, academic_year=academic_year, key_stage=key_stage, outcome=outcome, grouping=grouping,
                bands=bands, definition=definition)
    return (inv.question_section(data, q).html
            + "<h2>The answer: is there a real difference?</h2>" + inv.answer_section(data, q, policy=POLICY).html
            + "<h2>The same outcome by a characteristic</h2>"
            + inv.breakdown_section(data, q, breakdown, policy=POLICY).html
            + "<h2>The same outcome over the years</h2>" + inv.trend_section(data, q, policy=POLICY).html
            + "<h2>The key stage, with national figures</h2>" + inv.key_stage_section(data, q, policy=POLICY).html)


def _explorer(data, **params):
    return widgets.Explorer(data, policy=POLICY, **{**OFFICER, **params})


def test_the_controls_start_from_the_parameters_and_answer_as_they_do(council):
    _, data = council
    e = _explorer(data)
    assert e.parameters == OFFICER
    assert e.years.value == ("2021-22", "2023-24") and e.split.value == "split" and e.cut.value == 3
    assert e.years_words.value == "2021-22 to 2023-24 (pooled)"  # the slider's years, as the parameter writes them
    expected = _cells(data, **OFFICER)
    assert e.answer == expected
    # The officer's answer really is there: chart, test, sentence and the band table, with years as written.
    assert "<img" in expected and "Cochran-Armitage test, p = " in expected
    assert "0-2 placement moves" in expected and "3+ placement moves" in expected
    assert 'academic_year = &quot;2021-22 to 2023-24&quot;' in e.recipe.value


def test_changing_a_control_answers_again_as_the_parameters_would(council):
    _, data = council
    e = _explorer(data)
    steps = [
        (lambda: setattr(e.years, "value", ("2023-24", "2023-24")), {"academic_year": "2023-24"}),
        (lambda: None if e.years_words.value == "2023-24" else pytest.fail(e.years_words.value), {}),
        (lambda: setattr(e.years, "value", ("2018-19", "2023-24")), {"academic_year": "2018-19 to 2023-24"}),
        (lambda: setattr(e.cut, "value", 2), {"bands": "2+ vs the rest"}),
        (lambda: setattr(e.split, "value", "bands"), {"bands": "0,1,2,3+"}),
        (lambda: setattr(e.edges, "value", "0,1,2+"), {"bands": "0,1,2+"}),
        (lambda: setattr(e.grouping, "value", "placements"), {"grouping": "placements", "bands": "1,2,3-4,5+"}),
        (lambda: setattr(e.breakdown, "value", "PHASE"), {"breakdown": "PHASE"}),
        (lambda: setattr(e.outcome, "value", "ks2_mat"), {"outcome": "ks2_mat"}),
        (lambda: setattr(e.key_stage, "value", "KS4"), {"key_stage": "KS4", "outcome": "basics4"}),
        (lambda: setattr(e.grouping, "value", "sen_code"), {"grouping": "sen_code", "bands": ""}),
        (lambda: setattr(e.definition, "value", "on_roll"), {"definition": "on_roll"}),
    ]
    want = dict(OFFICER)
    for change, moved in steps:
        change()
        want.update(moved)
        assert e.parameters == want, moved
        assert e.answer == _cells(data, **want), moved
    # A coded grouping has its own categories: no bands to set.
    assert e.split.disabled and e.cut.disabled and e.edges.disabled


def test_a_choice_that_cannot_be_answered_says_why(council):
    _, data = council
    e = _explorer(data)
    e.split.value = "bands"
    e.edges.value = "1,2,3+"
    assert e.parameters["bands"] == "1,2,3+"
    assert e.answer.startswith('<p class="error">Cannot answer with these choices:')
    assert "bands must start at 0 placement moves so that every pupil is counted" in e.answer
    assert "<table" not in e.answer


def test_only_jupyterlab_gets_controls(monkeypatch):
    import IPython

    class ZMQInteractiveShell:  # the class name of the kernel's shell under a Jupyter front end
        pass

    assert not widgets.in_jupyterlab({})
    assert not widgets.in_jupyterlab({"JPY_SESSION_NAME": "virtual_school.ipynb"})  # no kernel here
    monkeypatch.setattr(IPython, "get_ipython", lambda: ZMQInteractiveShell())
    assert widgets.in_jupyterlab({"JPY_SESSION_NAME": "virtual_school.ipynb"})
    assert not widgets.in_jupyterlab({})  # a kernel started by papermill: no Jupyter session
    assert not widgets.in_jupyterlab({"JPY_SESSION_NAME": "virtual_school.ipynb", "CPANALYSIS_WIDGETS": "0"})
    assert widgets.in_jupyterlab({"CPANALYSIS_WIDGETS": "1"})


def test_a_headless_run_builds_nothing_and_never_imports_ipywidgets(council):
    root, _ = council
    code = (
        "import sys\n"
        "from cpanalysis.protect.policy import DisclosurePolicy\n"
        "from cpanalysis.virtual_school.data import load_virtual_school\n"
        "from cpanalysis.virtual_school.widgets import explore\n"
        f"data = load_virtual_school({str(root / 'raw')!r}, {str(root / 'none')!r})\n"
        f"got = explore(data, policy=DisclosurePolicy(threshold=5), **{OFFICER!r})\n"
        "print(got is None, 'ipywidgets' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("JPY_SESSION_NAME", widgets.SWITCH)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.split() == ["True", "False"], out.stderr


def test_ipywidgets_is_a_dependency_in_both_files():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert any(d.split(">")[0].split("=")[0].strip() == "ipywidgets" for d in deps)
    conda = (ROOT / "environment.yml").read_text().split("- pip:")[0]
    assert "- ipywidgets" in conda


@pytest.mark.slow
def test_the_notebook_run_by_papermill_shows_no_controls_and_the_same_answer(council, monkeypatch):
    """Headless, the notebook is answered by its parameters only; its section outputs are the controls' answer."""
    from cpanalysis.publish.render import execute_notebook

    root, data = council
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.delenv(widgets.SWITCH, raising=False)
    notebooks = ROOT / "notebooks" / "investigate"
    params = {"raw_dir": str(root / "raw"), "processed_dir": str(root / "none"), "inputs": {},
              "policy": POLICY.to_dict(), **OFFICER}
    nb = execute_notebook(notebooks / "virtual_school.ipynb", root / "private" / "widgets.ipynb", params,
                          cwd=notebooks)
    code = [c for c in nb.cells if c.cell_type == "code"]
    explore_cell = [c for c in code if "explore(" in c.source]
    assert len(explore_cell) == 1 and explore_cell[0].outputs == []

    def shown(call: str) -> str:
        (cell,) = [c for c in code if call in c.source]
        return "".join(o["data"]["text/html"] for o in cell.outputs if "text/html" in o.get("data", {}))

    from_notebook = (shown("inv.question_section(") + "<h2>The answer: is there a real difference?</h2>"
                     + shown("inv.answer_section(") + "<h2>The same outcome by a characteristic</h2>"
                     + shown("inv.breakdown_section(") + "<h2>The same outcome over the years</h2>"
                     + shown("inv.trend_section(") + "<h2>The key stage, with national figures</h2>"
                     + shown("inv.key_stage_section("))
    assert "<img" in from_notebook and "Cochran-Armitage" in from_notebook
    assert _explorer(data).answer == from_notebook
