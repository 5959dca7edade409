"""A council's run settings: one TOML file in its working folder.

Every choice a council makes for its quarterly run lives in ``cpanalysis.toml``
in the folder it runs from (``cpanalysis init`` writes a commented one): who
the council is, where its data are, which optional inputs it has, its targets,
its disclosure policy and its comparator data. Nothing a council sets lives in
the installed package. Every setting also has a command-line option, which
wins over the file; the run log records the result.

Paths in the file are relative to the file's own folder, so a working folder
can be moved or shared as a whole.

Without a settings file, ``cpanalysis run`` is the demo: it makes synthetic
data for the fictional "Demo Borough" when the raw folder is empty. With one,
it never makes synthetic data and refuses a raw folder that holds some.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import InputError
from .protect.policy import DisclosurePolicy

__all__ = ["DEMO_COUNCIL", "SETTINGS_FILE", "Settings", "find_settings", "load_settings", "write_template"]

#: The settings file's name, looked for in the folder a command runs from.
SETTINGS_FILE = "cpanalysis.toml"

#: The fictional council of the synthetic demo.
DEMO_COUNCIL = "Demo Borough"

#: Input files a council may name; each is optional (the pages say what is missing).
INPUT_KEYS: tuple[str, ...] = (
    "virtual_school", "council_measures", "postcodes", "population", "targets", "commentary",
    "comparators", "benchmarks", "boundaries",
)


@dataclass(frozen=True)
class Settings:
    """Every setting of a council's run.

    Attributes
    ----------
    council : str
        The council's name, shown on every page.
    la_code : str or None
        Its DfE LA code (new ``E06...``/``E08...``/``E09...``/``E10...`` or old
        three-digit), for comparators; None in the demo.
    raw, processed, outputs, private : pathlib.Path
        The SSDA903 return-year folders; the built data; the published pages;
        the private folder (executed notebooks, which hold data about children).
    inputs : dict of str to pathlib.Path
        Optional inputs, by :data:`INPUT_KEYS`: the Virtual School extract
        folder, the council's CSV of non-903 measures, a postcode lookup, the
        0-17 population CSV, targets TOML, commentary CSV, comparators TOML,
        the folder of DfE published files, an out-of-borough boundary file.
    policy : DisclosurePolicy
        What may be published.
    max_quarantined : float
        The largest share of a table's rows that may be quarantined before
        the build refuses to go on (wrong figures are never published silently).
    board_remarks : dict of str to str
        Remarks the council's own board has asked for, by measure id.
    source : pathlib.Path or None
        The settings file read, or None (the demo).
    """

    council: str = DEMO_COUNCIL
    la_code: str | None = None
    raw: Path = Path("data/raw")
    processed: Path = Path("data/processed")
    outputs: Path = Path("outputs")
    private: Path = Path("private")
    inputs: dict[str, Path] = field(default_factory=dict)
    policy: DisclosurePolicy = field(default_factory=DisclosurePolicy)
    max_quarantined: float = 0.02
    board_remarks: dict[str, str] = field(default_factory=dict)
    source: Path | None = None

    @property
    def is_demo(self) -> bool:
        """True when no settings file was read: the synthetic demo."""
        return self.source is None

    def to_log(self) -> dict[str, Any]:
        """Plain values for the run log (folder names only for paths outside the working folder)."""
        return {
            "settings_file": self.source.name if self.source else None,
            "council": self.council,
            "la_code": self.la_code,
            "inputs": {k: str(v) for k, v in sorted(self.inputs.items())},
            "disclosure": self.policy.to_dict(),
            "max_quarantined": self.max_quarantined,
            "board_remarks": sorted(self.board_remarks),
        }


def find_settings(folder: Path | str = ".") -> Path | None:
    """The settings file in ``folder``, or None."""
    path = Path(folder) / SETTINGS_FILE
    return path if path.is_file() else None


def _table(doc: Mapping[str, Any], name: str, where: Path) -> dict[str, Any]:
    value = doc.get(name, {})
    if not isinstance(value, dict):
        raise InputError(f"{where}: [{name}] must be a table of settings, not {type(value).__name__}")
    return dict(value)


def _refuse_unknown(values: Mapping[str, Any], known: set[str], section: str, where: Path) -> None:
    unknown = sorted(set(values) - known)
    if unknown:
        raise InputError(
            f"{where}: unknown setting(s) in [{section}]: {', '.join(unknown)} (known: {', '.join(sorted(known))})"
        )


def _text(values: Mapping[str, Any], key: str, section: str, where: Path) -> str | None:
    value = values.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f"{where}: [{section}] {key} must be text in quotes, not {value!r}")
    return value


def load_settings(path: Path | str) -> Settings:
    """Read a settings file.

    Parameters
    ----------
    path : path
        The TOML file (``cpanalysis.toml``).

    Returns
    -------
    Settings
        With every path resolved against the file's folder.

    Raises
    ------
    InputError
        The file cannot be read, is not TOML, names an unknown setting, or
        gives a value of the wrong kind; the message names the file and setting.
    """
    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the settings file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: the settings file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from None
    _refuse_unknown(doc, {"council", "data", "inputs", "outputs", "disclosure", "validation", "board"},
                    "top level", path)
    base = path.resolve().parent

    def resolve(value: str) -> Path:
        p = Path(value).expanduser()
        return p if p.is_absolute() else base / p

    council = _table(doc, "council", path)
    _refuse_unknown(council, {"name", "la_code"}, "council", path)
    name = _text(council, "name", "council", path)
    if name is None:
        raise InputError(f"{path}: [council] name is required (the name shown on every page)")
    if name == DEMO_COUNCIL:
        raise InputError(f"{path}: [council] name is the demo's ({DEMO_COUNCIL}); give your council's name")
    la_code = _text(council, "la_code", "council", path)

    data = _table(doc, "data", path)
    _refuse_unknown(data, {"raw", "processed"}, "data", path)
    outputs = _table(doc, "outputs", path)
    _refuse_unknown(outputs, {"outputs", "private"}, "outputs", path)
    inputs_t = _table(doc, "inputs", path)
    _refuse_unknown(inputs_t, set(INPUT_KEYS), "inputs", path)
    inputs = {k: resolve(v) for k in INPUT_KEYS if (v := _text(inputs_t, k, "inputs", path)) is not None}

    disclosure = _table(doc, "disclosure", path)
    try:
        policy = DisclosurePolicy.from_mapping(disclosure)
    except InputError as exc:
        raise InputError(f"{path}: [disclosure] {exc}") from None

    validation = _table(doc, "validation", path)
    _refuse_unknown(validation, {"max_quarantined"}, "validation", path)
    share = validation.get("max_quarantined", 0.02)
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 1:
        raise InputError(f"{path}: [validation] max_quarantined must be a share from 0 to 1, not {share!r}")

    board = _table(doc, "board", path)
    remarks = _table(board, "remarks", path) if "remarks" in board else {}
    _refuse_unknown(board, {"remarks"}, "board", path)
    for key, value in remarks.items():
        if not isinstance(value, str):
            raise InputError(f"{path}: [board.remarks] {key} must be text in quotes")

    return Settings(
        council=name,
        la_code=la_code,
        raw=resolve(_text(data, "raw", "data", path) or "data/raw"),
        processed=resolve(_text(data, "processed", "data", path) or "data/processed"),
        outputs=resolve(_text(outputs, "outputs", "outputs", path) or "outputs"),
        private=resolve(_text(outputs, "private", "outputs", path) or "private"),
        inputs=inputs,
        policy=policy,
        max_quarantined=float(share),
        board_remarks=dict(remarks),
        source=path,
    )


def with_overrides(settings: Settings, **overrides: Any) -> Settings:
    """A copy of ``settings`` with the command line's values (None = not given) put over it."""
    known = {f.name for f in fields(Settings)}
    values = {f.name: getattr(settings, f.name) for f in fields(Settings)}
    for key, value in overrides.items():
        if key not in known and key not in INPUT_KEYS and key not in {"threshold"}:
            raise TypeError(f"unknown setting {key}")
        if value is None:
            continue
        if key in INPUT_KEYS:
            values["inputs"] = {**values["inputs"], key: Path(value)}
        elif key == "threshold":
            values["policy"] = DisclosurePolicy(**{**values["policy"].to_dict(), "threshold": value})
        else:
            values[key] = value
    return Settings(**values)


TEMPLATE = """\
# cpanalysis settings for a council's quarterly run.
# Keep this file in your working folder and run `cpanalysis run --quarter 2024-25-Q3` there.
# Paths are relative to this file's folder. Every setting also has a command-line
# option (see `cpanalysis run --help`), which wins over this file.
# Real data about children never goes into the cpanalysis repository.

[council]
name = "{council}"            # shown on every page
# la_code = "E06000049"       # DfE LA code (new or old three-digit), for England/region/neighbour comparators

[data]
raw = "data/raw"              # one folder per return year, named like 2024-25, holding the SSDA903 CSVs (or XML)
processed = "data/processed"  # built, validated data (parquet); private

[outputs]
outputs = "outputs"           # published pages, one folder per quarter
private = "private"           # executed notebooks and refused pages: data about children, never publish

[inputs]                      # all optional: a page says what was not supplied and how to supply it
# virtual_school = "data/virtual_school"       # Virtual School extract folder (see docs/virtual-school.md)
# council_measures = "data/council_measures.csv"  # measures not in the SSDA903 (see docs/measures.md)
# postcodes = "data/postcodes.csv"             # postcode, easting, northing, council_code[, council_name]
# population = "data/population.csv"           # ONS 0-17 mid-year population, for the rate per 10,000
# targets = "targets.toml"                     # targets and RAG rules, by measure id
# commentary = "commentary.csv"                # the analyst's commentary, by quarter and measure
# comparators = "comparators.toml"             # England / region / neighbour figures typed in
# benchmarks = "dfe-published"                 # folder of DfE's LA-level CSV downloads
# boundaries = "boundaries.geojson"            # council boundaries for the out-of-borough map

[disclosure]                  # DfE's rules by default
threshold = 5                 # counts from 1 to threshold - 1 are hidden
small_group = 10              # 0% or 100% of a group smaller than this is hidden
reliability_limit = 20        # percentages of fewer children are flagged low reliability (u)
round_percent_base = 100      # a percentage of at least this many may be shown rounded instead of hidden

[validation]
max_quarantined = 0.02        # the build stops when more than this share of a table's rows is quarantined

# [board.remarks]             # remarks your board has asked for, by measure id
# "P3.9" = "The board has asked for this to be watched as a risk."
"""


def write_template(path: Path | str, council: str = "Your Council") -> Path:
    """Write a commented settings file; refuse to overwrite one.

    Raises
    ------
    InputError
        The file already exists or cannot be written.
    """
    path = Path(path)
    if path.exists():
        raise InputError(f"{path}: already exists; edit it, or remove it first")
    try:
        path.write_text(TEMPLATE.format(council=council), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    return path
