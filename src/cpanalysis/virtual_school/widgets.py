"""Controls for the Virtual School investigation when it is opened in JupyterLab.

The investigation notebook (``notebooks/investigate/virtual_school.ipynb``)
asks its question with parameters. Opened in JupyterLab, it also shows
controls (ipywidgets) for the same parameters: academic year or pooled
years, key stage, outcome, grouping (placement moves or placements, with its
bands or an "N+ vs the rest" split), breakdown and cohort. Changing a control
answers the question again with the functions the notebook's cells call
(:func:`render`: :func:`~cpanalysis.virtual_school.investigate.ask`, then
``question_section``, ``answer_section``, ``breakdown_section``,
``trend_section`` and ``key_stage_section`` of
:mod:`cpanalysis.virtual_school.investigate`), so the protected tables,
chart, test and sentences are those a parameterised run gives for the same
choices; there is no second way of counting. The controls also print the
parameter values that give the same answer in a run without them.

Run by papermill (``cpanalysis run``, the tests) or anywhere without a
JupyterLab front end, :func:`explore` shows nothing and the notebook is
answered by its parameters only. ipywidgets is imported only when the controls
are built, never by a headless run.

The caseworker view (which names children) is not among the sections the
controls redraw: it stays where it is, for the parameters cell's year.
"""

from __future__ import annotations

import html
import os
from collections.abc import Mapping
from typing import Any

from ..errors import InputError
from ..present import Fragment
from ..protect.policy import DisclosurePolicy
from . import investigate as inv
from .data import VirtualSchoolData
from .national import NationalFigures
from .grouping import COUNTS, DEFAULT_BAND_TEXT, MINIMUM, resolve_grouping
from .outcomes import BREAKDOWNS, MEASURES
from .years import academic_year_label, parse_academic_years

__all__ = ["GROUPINGS", "HEADINGS", "PARAMETERS", "SWITCH", "Explorer", "explore", "in_jupyterlab", "parameter_text",
           "render"]

#: The notebook's parameters that the controls set, in the order they are shown.
PARAMETERS = ("academic_year", "key_stage", "outcome", "grouping", "bands", "breakdown", "definition")

#: The headings of the notebook's sections, in the order of its cells (the first section has none).
HEADINGS = ("", "The answer: is there a real difference?", "The same outcome by a characteristic",
            "The same outcome over the years", "The key stage, with national figures")

#: Groupings offered, in words: the two counts first, then the coded breakdowns.
GROUPINGS: dict[str, str] = {"moves": "Placement moves", "placements": "Placements",
                             **{k: b.label[:1].upper() + b.label[1:] for k, b in BREAKDOWNS.items()
                                if k not in COUNTS.values()}}

#: Switch the controls off (``0``) or on (``1``) whatever the front end; unset: on in JupyterLab only.
SWITCH = "CPANALYSIS_WIDGETS"

_BREAKDOWN_WORDS = {"SEN": "Special educational needs", "PHASE": "School phase", "OFSTED_GRADE": "Ofsted grade",
                    "SCHOOL_LA": "School location (in or out of borough)"}
#: The outcome chosen when the key stage changes and the outcome asked is not one of its own.
_HEADLINE = {"EYFS": "gld", "KS1": "ks1_rwm", "KS2": "ks2_rwm", "KS4": "basics4"}
_DEFINITION_WORDS = {"dfe": "In care 12 months at 31 March (DfE cohort)", "on_roll": "Every pupil on the roll"}


def in_jupyterlab(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the notebook is being run by a person in JupyterLab (or Jupyter Notebook), not headless.

    Jupyter's server starts a notebook's kernel with ``JPY_SESSION_NAME`` set
    to the notebook's path; papermill (``cpanalysis run``, the tests) does not.
    ``CPANALYSIS_WIDGETS=0`` switches the controls off and ``=1`` on,
    whatever the front end.

    Parameters
    ----------
    environ : mapping, optional
        Environment variables (default: :data:`os.environ`).
    """
    env = os.environ if environ is None else environ
    switch = str(env.get(SWITCH, "")).strip().lower()
    if switch in {"0", "no", "false", "off"}:
        return False
    if switch not in {"1", "yes", "true", "on"} and not env.get("JPY_SESSION_NAME"):
        return False
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel, a dependency
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def parameter_text(parameters: Mapping[str, str]) -> str:
    """The parameters cell's lines for these choices: ``academic_year = "2023-24"`` and so on."""
    return "\n".join(f'{name} = "{parameters[name]}"' for name in PARAMETERS)


def render(data: VirtualSchoolData, parameters: Mapping[str, str], *, policy: DisclosurePolicy,
           national: NationalFigures | None = None) -> Fragment:
    """The investigation's sections for these parameter values, as the notebook's cells show them.

    Calls :func:`~cpanalysis.virtual_school.investigate.ask` and then the
    section functions of the notebook's cells in their order, each under the
    notebook's heading (:data:`HEADINGS`). A parameter that cannot be used
    gives its message (:class:`~cpanalysis.errors.InputError`) instead.

    Parameters
    ----------
    data : VirtualSchoolData
    parameters : mapping of str to str
        The notebook's parameters (:data:`PARAMETERS`), as it writes them.
    policy : DisclosurePolicy
        The run's disclosure policy.
    national : NationalFigures, optional
        The run's national figures (:func:`cpanalysis.virtual_school.national.national_for_run`).
    """
    try:
        question = inv.ask(data, academic_year=parameters["academic_year"], key_stage=parameters["key_stage"],
                           outcome=parameters["outcome"], grouping=parameters["grouping"],
                           bands=parameters["bands"], definition=parameters["definition"])
        sections = (inv.question_section(data, question),
                    inv.answer_section(data, question, policy=policy),
                    inv.breakdown_section(data, question, parameters["breakdown"], policy=policy),
                    inv.trend_section(data, question, policy=policy),
                    inv.key_stage_section(data, question, policy=policy, national=national))
    except InputError as err:
        return Fragment(f'<p class="error">Cannot answer with these choices: {html.escape(str(err))}</p>')
    out = []
    for heading, section in zip(HEADINGS, sections):
        out.append((f"<h2>{html.escape(heading)}</h2>" if heading else "") + section.html)
    return Fragment("".join(out))


def _years_chosen(data: VirtualSchoolData, academic_year: str | int) -> tuple[str, str]:
    years = data.academic_years
    try:
        asked = parse_academic_years(academic_year, years)
    except InputError:
        asked = [max(years)]
    return academic_year_label(asked[0]), academic_year_label(asked[-1])


class Explorer:
    """The controls and the answer they give, for one investigation.

    Built from the notebook's parameter values; each control's ``value`` can
    also be set by code (as the tests do), which answers again just as a
    click does. :attr:`parameters` are the choices as parameter values,
    :attr:`answer` the HTML shown (:func:`render` of them).

    Parameters
    ----------
    data : VirtualSchoolData
    policy : DisclosurePolicy
    academic_year, key_stage, outcome, grouping, bands, breakdown, definition : str
        The notebook's parameters: where the controls start.

    Raises
    ------
    InputError
        When ``data`` has no academic year to choose from.
    """

    def __init__(self, data: VirtualSchoolData, *, policy: DisclosurePolicy, academic_year: str | int,
                 key_stage: str, outcome: str, grouping: str, bands: str, breakdown: str,
                 definition: str, national: NationalFigures | None = None) -> None:
        import ipywidgets as w

        if not data.academic_years:
            raise InputError("the Virtual School data have no academic year to choose from")
        self.data, self.policy, self.national = data, policy, national
        self._quiet = True
        style = {"description_width": "11em"}
        wide = w.Layout(width="38em")
        labels = [academic_year_label(y) for y in data.academic_years]
        self.years = w.SelectionRangeSlider(options=labels, value=_years_chosen(data, academic_year),
                                            description="Academic years", continuous_update=False, style=style,
                                            readout=False, layout=w.Layout(width="30em"))
        self.years_words = w.Label()
        stage = str(key_stage).strip().upper()
        stage = stage if stage in inv.STAGES else "KS2"
        self.key_stage = w.Dropdown(options=[(words, key) for key, words in inv.STAGES.items()], value=stage,
                                    description="Key stage", style=style, layout=wide)
        self.outcome = w.Dropdown(options=self._outcomes(stage), description="Outcome", style=style, layout=wide)
        self.outcome.value = outcome if outcome in inv.outcomes_for(stage) else _HEADLINE[stage]
        try:
            by = resolve_grouping(grouping)
        except InputError:
            by = "placement_moves"
        start = next((k for k, v in COUNTS.items() if v == by), by)
        self.grouping = w.Dropdown(options=[(words, key) for key, words in GROUPINGS.items()], value=start,
                                   description="Grouping", style=style, layout=wide)
        text = str(bands or "").strip()
        is_split = text.lower().endswith("rest")
        self.split = w.ToggleButtons(options=[("N+ vs the rest", "split"), ("Bands", "bands")],
                                     value="split" if is_split else "bands", tooltips=[
                                         "Pupils with N or more against everyone else", "Bands you write"],
                                     style={"button_width": "9em"})
        cut = int(text.split("+")[0]) if is_split and text.split("+")[0].strip().isdigit() else 3
        self.cut = w.BoundedIntText(value=cut, min=MINIMUM.get(by, 0) + 1, max=50, description="N (or more)",
                                    style=style)
        self.edges = w.Text(value=text if text and not is_split else DEFAULT_BAND_TEXT.get(by, ""),
                            placeholder="e.g. 0,1,2,3+ or 1,2,3-4,5+", description="Band edges",
                            continuous_update=False, style=style, layout=wide)
        choices = [(_BREAKDOWN_WORDS[k], k) for k in inv.CHARACTERISTICS]
        choices += [(GROUPINGS.get(next((c for c, v in COUNTS.items() if v == k), k), k), k) for k in BREAKDOWNS]
        self.breakdown = w.Dropdown(options=choices, value=breakdown if breakdown in dict(map(reversed, choices))
                                    else "SEN", description="Breakdown", style=style, layout=wide)
        self.definition = w.Dropdown(options=[(words, k) for k, words in _DEFINITION_WORDS.items()],
                                     value=definition if definition in _DEFINITION_WORDS else "dfe",
                                     description="Pupils", style=style, layout=wide)
        self.result = w.HTML()
        self.recipe = w.HTML()
        self._enable_bands()
        for control in self.controls:
            control.observe(self._changed, names="value")
        intro = w.HTML("<p><strong>Choose the question here</strong>: the answer below is worked out again, "
                       "protected the same way, whenever a choice changes. The cells further down answer the "
                       "parameters cell.</p>")
        compare = w.HBox([w.HTML('<div style="text-align: right; padding-right: 8px">Compare</div>',
                                 layout=w.Layout(width="11em")), self.split])
        self.box = w.VBox([intro, w.HBox([self.years, self.years_words]), *self.controls[1:4], compare,
                           *self.controls[5:], self.recipe, self.result])
        self._quiet = False
        self.refresh()

    @property
    def controls(self) -> list[Any]:
        """Every control, in the order of :data:`PARAMETERS` (the bands' three together)."""
        return [self.years, self.key_stage, self.outcome, self.grouping, self.split, self.cut, self.edges,
                self.breakdown, self.definition]

    @staticmethod
    def _outcomes(stage: str) -> list[tuple[str, str]]:
        return [(MEASURES[k].label[:1].upper() + MEASURES[k].label[1:], k) for k in inv.outcomes_for(stage)]

    @property
    def parameters(self) -> dict[str, str]:
        """The choices as the notebook's parameter values (:data:`PARAMETERS`)."""
        first, last = self.years.value
        counted = resolve_grouping(self.grouping.value) in MINIMUM
        if not counted:
            bands = ""
        elif self.split.value == "split":
            bands = f"{self.cut.value}+ vs the rest"
        else:
            bands = self.edges.value.strip()
        return {"academic_year": first if first == last else f"{first} to {last}",
                "key_stage": self.key_stage.value, "outcome": self.outcome.value,
                "grouping": self.grouping.value, "bands": bands, "breakdown": self.breakdown.value,
                "definition": self.definition.value}

    @property
    def answer(self) -> str:
        """The HTML of the answer shown under the controls."""
        return self.result.value

    def refresh(self) -> None:
        """Answer the current choices again (:func:`render`) and show the parameters that give the same."""
        params = self.parameters
        first, last = self.years.value
        self.years_words.value = first if first == last else f"{first} to {last} (pooled)"
        self.result.value = render(self.data, params, policy=self.policy, national=self.national).html
        self.recipe.value = ("<details><summary>The same answer from the parameters cell</summary><pre>"
                             + html.escape(parameter_text(params)) + "</pre></details>")

    def _enable_bands(self) -> None:
        by = resolve_grouping(self.grouping.value)
        counted = by in MINIMUM
        self.split.disabled = not counted
        self.cut.disabled = not counted or self.split.value != "split"
        self.edges.disabled = not counted or self.split.value != "bands"
        if counted:
            self.cut.min = MINIMUM[by] + 1
            self.cut.value = max(self.cut.value, self.cut.min)

    def _changed(self, change: Mapping[str, Any]) -> None:
        if self._quiet:
            return
        self._quiet = True
        try:
            owner = change.get("owner")
            if owner is self.key_stage:
                keep = self.outcome.value
                options = self._outcomes(self.key_stage.value)
                self.outcome.options = options
                own = dict(map(reversed, options))
                self.outcome.value = keep if keep in own else _HEADLINE[self.key_stage.value]
            if owner is self.grouping:
                by = resolve_grouping(self.grouping.value)
                if by in MINIMUM:
                    self.edges.value = DEFAULT_BAND_TEXT[by]
            if owner in (self.grouping, self.split):
                self._enable_bands()
        finally:
            self._quiet = False
        self.refresh()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.box._repr_mimebundle_(**kwargs)


def explore(data: VirtualSchoolData, *, policy: DisclosurePolicy, academic_year: str | int, key_stage: str,
            outcome: str, grouping: str, bands: str, breakdown: str, definition: str,
            national: NationalFigures | None = None) -> Explorer | None:
    """The investigation's controls in JupyterLab; None (nothing shown) in a headless run.

    The notebook's only call for the controls: it passes its parameters, which
    are where the controls start (:class:`Explorer`). Whether to show them is
    :func:`in_jupyterlab`'s decision; without a front end nothing is built and
    ipywidgets is not imported.

    Parameters
    ----------
    data : VirtualSchoolData
    policy : DisclosurePolicy
    academic_year, key_stage, outcome, grouping, bands, breakdown, definition : str
        The notebook's parameters.
    national : NationalFigures, optional
        The run's national figures, for the key stage section.
    """
    if not in_jupyterlab():
        return None
    return Explorer(data, policy=policy, academic_year=academic_year, key_stage=key_stage, outcome=outcome,
                    grouping=grouping, bands=bands, breakdown=breakdown, definition=definition, national=national)
