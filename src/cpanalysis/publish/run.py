"""``cpanalysis run``: one quarter's briefings, from raw data to checked HTML.

Steps: make demo data when the raw folder of the demo is empty; build the
processed data once (:func:`cpanalysis.derive.build`) so that notebooks only
read it; run every notebook in the notebooks folder at once, one kernel each,
with the quarter's parameters (executed copies go to a private folder, never
the published one); convert each to HTML; check each page with the
publication gate and keep only those it passes; write a CSV of every table
and the quarter's workbook from those pages and check them with the gate too
(:mod:`cpanalysis.publish.downloads`); write the quarter's index page with
its headline figures; drop every link to a file that was not published;
check the whole folder again (the gate's last word); write ``run_log.json``;
then swap the new set in for the old one.

Safe runs:

* one run at a time per private folder (a lock; a second run refuses with
  one line);
* the new set is made in a hidden staging folder beside the published one
  (``outputs/.2024-25-Q3.partial/``, with a ``PARTIAL.txt`` marker) and renamed
  into place only when complete; an interrupted run (Ctrl-C, a kill, a full
  disk) leaves the previous complete set untouched;
* ``--only`` replaces only the pages it made; the others stay;
* a set in which some pages failed or were refused is published with the
  pages that passed, a ``PARTIAL.txt`` naming what is missing, and exit 1.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..audit import AuditReport, audit_pages, held_quarters, read_folder
from ..errors import InputError, ProblemsFound
from ..measures.publication import PUBLICATION_FILE, QuarterPublication
from ..protect.policy import DisclosurePolicy
from ..quarters import Quarter
from .downloads import downloads_as_html, workbook_available, workbook_name, write_downloads, write_workbook
from .gate import Finding, check_dir, check_html, checkable_ids, format_findings
from .ids import child_ids
from .index import INDEX_NAME, Headline, scorecard_headlines, write_index
from .kernels import available as kernels_available
from .kernels import start_server
from .parallel import NotebookResult, Progress, publish_notebooks
from .render import BRIEFINGS, drop_dead_links
from .runlog import code_version, file_hashes, package_versions

__all__ = ["PARTIAL_MARKER", "RUN_LOG", "RunConfig", "run_quarter"]

#: Name of the run log written beside the briefings (and, in full, in the private folder).
RUN_LOG = "run_log.json"

#: Marker file of a set that is not complete (staging, or published with pages missing).
PARTIAL_MARKER = "PARTIAL.txt"

#: Briefings of the whole year (April to March), made with the Q4 run only.
YEAR_END_ONLY = frozenset({"annual_report"})
#: The notebook whose page the run protects with the quarter's figures (:mod:`cpanalysis.virtual_school.page`).
VIRTUAL_SCHOOL_NOTEBOOK = "virtual_school_annual"

#: Folder of the private folder keeping a copy of every set published (what a reader holds).
HELD = "published"

#: Marker file the synthetic generator writes into the raw folder it fills.
SYNTHETIC_MARKER = "SYNTHETIC.txt"


@dataclass
class RunConfig:
    """Every choice a quarterly run makes; recorded in the run log.

    ``demo`` is True for the synthetic demo (no settings file): an empty raw
    folder is filled with synthetic data. A council's run (``demo=False``)
    never makes synthetic data and refuses a raw folder that holds some.
    ``inputs`` are the optional inputs of :data:`cpanalysis.settings.INPUT_KEYS`,
    passed to every notebook.
    """

    quarter: str
    council: str = "Demo Borough"
    raw_dir: Path = Path("data/raw")
    processed_dir: Path = Path("data/processed")
    notebooks_dir: Path = Path("notebooks")
    outputs_dir: Path = Path("outputs")
    private_dir: Path = Path("private")
    policy: DisclosurePolicy = field(default_factory=DisclosurePolicy)
    seed: int = 1
    notebooks: list[str] = field(default_factory=list)
    workers: int | None = None
    #: Fork each notebook's kernel from a pre-loaded server (:mod:`cpanalysis.publish.kernels`)
    #: where the platform can; False starts a new Python for each, as Jupyter does.
    fork_kernels: bool = True
    demo: bool = True
    la_code: str | None = None
    inputs: dict[str, Path] = field(default_factory=dict)
    board_remarks: dict[str, str] = field(default_factory=dict)
    #: Largest share of a table's rows the build may quarantine before it stops; None accepts any.
    max_quarantined: float | None = 0.02
    settings_file: Path | None = None


def _has_returns(raw: Path) -> bool:
    """Whether ``raw`` holds SSDA903 returns in any layout the loader reads (:func:`cpanalysis.load.layout.discover`)."""
    if not raw.is_dir():
        return False
    if any(p.is_dir() and p.name[:4].isdigit() for p in raw.iterdir()):
        return True  # year folders: the loader reads (or refuses, in one line) each of them
    from ..load import find_return_years

    try:
        return bool(find_return_years(raw))
    except InputError:
        return False


def _ensure_data(config: RunConfig) -> bool:
    """Generate synthetic data into an empty raw folder of the demo; return True if it did."""
    raw = config.raw_dir
    has_years = _has_returns(raw)
    if not config.demo:
        if (raw / SYNTHETIC_MARKER).is_file():
            raise InputError(
                f"{raw}: holds the synthetic demo data ({SYNTHETIC_MARKER}); a council's run reads its own "
                "returns: point [data] raw in the settings file at them"
            )
        if "benchmarks" in config.inputs:
            from ..benchmarks.store import refuse_synthetic

            refuse_synthetic(config.inputs["benchmarks"])  # the demo's made-up DfE-format files: never here
        if not has_years:
            raise InputError(f"{raw}: no SSDA903 returns to read (a folder per return year named like 2024-25, "
                             "or files named like 2024-episodes.csv)")
        return False
    if has_years:
        return False
    try:
        from ..synth import generate  # type: ignore[attr-defined]
    except ImportError as exc:
        raise InputError(f"{raw}: no return-year folders, and no synthetic data generator to make some") from exc

    print(f"cpanalysis run: {raw} has no return-year folders; generating synthetic data (seed {config.seed})")
    try:
        generate(raw, seed=config.seed)
    except OSError as exc:
        raise InputError(f"{raw}: cannot write the demo data there ({exc.strerror or exc})") from None
    return True


#: Folder of the processed folder holding the demo's synthetic DfE-format files.
DEMO_BENCHMARKS = "dfe-synthetic"
#: Years of synthetic DfE-format figures the demo writes (up to the year before the quarter's).
DEMO_BENCHMARK_YEARS = 5


def _demo_benchmarks(config: RunConfig, quarter: Quarter) -> None:
    """The demo's comparators: synthetic DfE-format files for Demo Borough among fictional councils.

    Only for the demo on its synthetic data, when no benchmarks folder and no LA
    code were given: writes :mod:`cpanalysis.synth.published`'s files for the
    years to 31 March before the quarter's (as DfE's latest release would be)
    into ``<processed>/dfe-synthetic/`` and makes them the run's ``benchmarks``
    input with Demo Borough's fictional LA code. Every page citing them says
    they are synthetic. A council's run refuses such files (:func:`_ensure_data`).
    """
    from ..synth.published import DEMO_LA_CODE

    folder = config.processed_dir / DEMO_BENCHMARKS
    ours = config.inputs.get("benchmarks") == folder and config.la_code == DEMO_LA_CODE  # an earlier quarter's
    if not config.demo or (not ours and (config.la_code or "benchmarks" in config.inputs)):
        return
    if not (config.raw_dir / SYNTHETIC_MARKER).is_file():
        return
    from ..load import find_return_years
    from ..synth.published import demo_figures, demo_outcomes, write_outcomes, write_published

    have = {y for y, _ in find_return_years(config.raw_dir)}
    years = [y for y in range(quarter.year - DEMO_BENCHMARK_YEARS, quarter.year) if y in have]
    if folder.exists():
        shutil.rmtree(folder)
    if not years:  # the quarter's year is the data's first: no year to 31 March before it
        if ours:
            config.inputs.pop("benchmarks")
            config.la_code = None
        return
    write_published(folder, demo_figures(config.processed_dir, years, dict(config.inputs)), seed=config.seed)
    write_outcomes(folder, demo_outcomes(config.raw_dir, config.processed_dir, years), seed=config.seed)
    config.inputs["benchmarks"] = folder
    config.la_code = DEMO_LA_CODE
    print(f"cpanalysis run: synthetic DfE-format comparators for the demo written to {folder} "
          f"({years[0]}-{(years[0] + 1) % 100:02d} to {years[-1]}-{(years[-1] + 1) % 100:02d})", flush=True)


def _check_quarter_in_data(quarter: Quarter, raw: Path) -> None:
    """Refuse a quarter outside the return years in the raw folder (before anything is built)."""
    from ..load import find_return_years

    years = [y for y, _ in find_return_years(raw)]
    if not years:
        raise InputError(f"{raw}: no return-year folders")
    if not years[0] <= quarter.year <= years[-1]:
        raise InputError(
            f"quarter {quarter.label} is outside the data ({years[0]}-{(years[0] + 1) % 100:02d} "
            f"to {years[-1]}-{(years[-1] + 1) % 100:02d})"
        )


def _longest_first(notebooks: list[Path], last_log: Path) -> list[Path]:
    """Order notebooks by their time in the last run, longest (or new) first.

    With fewer kernels than notebooks, starting the longest first keeps the
    last kernel from running alone at the end. The order changes nothing in
    the output.
    """
    try:
        seconds = {r["notebook"]: float(r["seconds"]) for r in json.loads(last_log.read_text())["notebooks"]}
    except (OSError, ValueError, KeyError, TypeError):
        return notebooks
    return sorted(notebooks, key=lambda p: (-seconds.get(p.name, float("inf")), p.name))


def _build(config: RunConfig) -> dict[str, Any]:
    """Build the processed data once, before any notebook reads it; return what the log records."""
    import inspect

    from ..derive import build

    started = time.perf_counter()
    print(f"cpanalysis run: building {config.processed_dir} from {config.raw_dir}", flush=True)
    kwargs: dict[str, Any] = {}
    if "postcodes" in config.inputs:
        kwargs["postcodes"] = config.inputs["postcodes"]
    if "max_quarantine_share" in inspect.signature(build).parameters:
        kwargs["max_quarantine_share"] = config.max_quarantined
    build(config.raw_dir, config.processed_dir, **kwargs)
    return {"processed_dir": str(config.processed_dir), "seconds": round(time.perf_counter() - started, 2)}


def _check_folders(config: RunConfig, out_dir: Path, private: Path) -> None:
    """Refuse a private folder inside the published one (or the other way round), or a file for a folder."""
    for name, folder in (("outputs", config.outputs_dir), ("private", config.private_dir),
                         ("processed", config.processed_dir)):
        if folder.exists() and not folder.is_dir():
            raise InputError(f"{folder}: the {name} folder is a file; name a folder")
    o, p = out_dir.resolve(), private.resolve()
    outputs = config.outputs_dir.resolve()
    if p == o or o in p.parents or p in o.parents or outputs in p.parents or p == outputs:
        raise InputError(
            f"private folder {config.private_dir} must not be inside or contain the published folder "
            f"{config.outputs_dir}: executed notebooks hold data about children"
        )


@contextmanager
def _run_lock(private_root: Path) -> Iterator[None]:
    """Hold the run lock of a private folder; refuse with one line when another run holds it."""
    try:
        private_root.mkdir(parents=True, exist_ok=True)
        handle = open(private_root / ".cpanalysis-run.lock", "a+", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"{private_root}: cannot write the private folder ({exc.strerror or exc})") from None
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory locks, runs are not guarded
            fcntl = None  # type: ignore[assignment]
        if fcntl is not None:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.seek(0)
                who = handle.read().strip() or "another run"
                raise InputError(
                    f"{private_root}: another cpanalysis run is using this folder ({who}); "
                    "wait for it to finish, then run again"
                ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        handle.flush()
        yield
    finally:
        handle.close()


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """Turn SIGTERM into KeyboardInterrupt while the run lasts, so a kill stops it cleanly."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _write(path: Path, text: str) -> None:
    """Write a file under a temporary name, then rename it (never a half-written file)."""
    part = path.with_name(f".{path.name}.partial")
    try:
        part.write_text(text, encoding="utf-8")
        os.replace(part, path)
    except OSError:
        part.unlink(missing_ok=True)
        raise


def _log(config: RunConfig, generated: bool, built: dict[str, Any], results: list[NotebookResult],
         gate: dict[str, Any], seconds: float, public: bool, forked: bool, status: str) -> dict[str, Any]:
    rows = []
    for r in results:
        row: dict[str, Any] = {"notebook": r.notebook, "status": r.status, "seconds": r.seconds, "html": r.html}
        if r.failure is not None:
            # The message of an exception may quote data; only the private log keeps it.
            row["failure"] = {"cell": r.failure.cell, "ename": r.failure.ename}
            if not public:
                row["failure"]["evalue"] = r.failure.evalue
        if r.findings:
            row["findings"] = len(r.findings) if public else r.findings
        rows.append(row)

    def where(v: Path) -> str:
        # A full path may hold a user name or a server's layout: the public log keeps only the folder name.
        return (v.name or str(v)) if public and v.is_absolute() else str(v)

    def plain(v: Any) -> Any:
        if isinstance(v, Path):
            return where(v)
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        return v

    config_log = {k: plain(v) for k, v in asdict(config).items() if k != "board_remarks"}
    config_log["board_remarks"] = sorted(config.board_remarks)
    return {
        "status": status,
        "config": config_log,
        "synthetic_data_generated": generated,
        "build": {k: where(Path(v)) if k.endswith("_dir") else v for k, v in built.items()} if built else built,
        "code": code_version(Path(__file__).parent),
        "packages": package_versions(),
        "inputs": file_hashes(config.raw_dir),
        "input_files": {k: _hash(v) for k, v in sorted(config.inputs.items()) if v.is_file()},
        "notebooks": rows,
        "kernels": "forked from a pre-loaded server" if forked else "a new Python each",
        "gate": gate,
        "seconds": round(seconds, 2),
    }


def _protection_log(publication: QuarterPublication, public: bool) -> dict[str, Any]:
    """How the scorecard's figures were published; the public log does not tell the two kinds of c apart."""
    counts = publication.published_as()
    out: dict[str, Any] = {"seconds": publication.seconds, "steps": publication.extras.get("seconds", {})}
    if public:
        hidden = sum(v for k, v in counts.items() if k.startswith("hidden"))
        counts = {k: v for k, v in counts.items() if not k.startswith("hidden")} | {"hidden (c)": hidden}
    else:  # which earlier figures were repeated as published although today's data differ
        out["repeated_as_published"] = publication.extras.get("repeated_as_published", {})
    out["scorecard"] = counts
    out["page_tables"] = publication.page_tables()
    page = publication.extras.get("virtual_school")
    if page is not None:
        out["page_tables"]["virtual_school"] = {
            "hidden cells": page.hidden_cells(),
            "hidden for the page as a whole": {table: [" / ".join(cell) for cell in cells]
                                               for table, cells in page.hidden_for_page.items()},
            "seconds": page.seconds}
    return out


def _hash(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _stage(out_dir: Path, staging: Path, keep_from_old: bool, rebuilt: set[str]) -> None:
    """Make an empty staging folder, or (for ``--only``) one holding the published pages not being rebuilt."""
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    (staging / PARTIAL_MARKER).write_text(
        "This folder is a quarterly run in progress, or one that was stopped: it is not a complete set of "
        "briefings. Do not publish it.\n", encoding="utf-8")
    if keep_from_old and out_dir.is_dir():
        for item in sorted(out_dir.iterdir()):
            if item.is_file() and item.suffix == ".html" and item.stem not in rebuilt and item.name != "index.html":
                shutil.copy2(item, staging / item.name)


def _swap_in(staging: Path, out_dir: Path) -> None:
    """Replace the published set by the staging folder (two renames; the old set is removed after)."""
    old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    if out_dir.exists():
        os.replace(out_dir, old)
    os.replace(staging, out_dir)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def _clean_leftovers(outputs: Path, slug: str) -> None:
    """Remove staging or old folders a stopped run of this quarter left behind (we hold the lock)."""
    if not outputs.is_dir():
        return
    for item in outputs.iterdir():
        if item.is_dir() and (item.name == f".{slug}.partial" or item.name.startswith(f".{slug}.old-")):
            shutil.rmtree(item, ignore_errors=True)


def _default_notebooks(config: RunConfig) -> Path:
    """The notebooks folder: as given, else the project's own (a council's working folder has none)."""
    if config.notebooks_dir.is_dir():
        return config.notebooks_dir
    if config.notebooks_dir == Path("notebooks"):
        project = Path(__file__).resolve().parents[3] / "notebooks"
        if project.is_dir():
            return project
    raise InputError(f"{config.notebooks_dir}: notebooks folder missing (run from the project folder)")


def run_quarter(config: RunConfig) -> Path:
    """Build one quarter's briefings.

    Returns
    -------
    pathlib.Path
        The folder of published HTML, ``outputs/<quarter>/``.

    Raises
    ------
    InputError
        Unknown quarter, missing notebooks folder, private folder inside the
        published one, another run holding the folder, unusable data, or a
        disk that cannot be written.
    ProblemsFound
        A notebook failed or a page was refused by the publication gate; no
        HTML is published for it, the others are, with ``PARTIAL.txt``.
    KeyboardInterrupt
        The run was stopped (Ctrl-C or SIGTERM): kernels are stopped and the
        previous set stays as it was.
    """
    quarter = Quarter.parse(config.quarter)
    notebooks_dir = _default_notebooks(config)
    out_dir = config.outputs_dir / quarter.slug
    private = config.private_dir / quarter.slug
    _check_folders(config, out_dir, private)
    with _sigterm_interrupts(), _run_lock(config.private_dir):
        try:
            return _run_locked(config, quarter, notebooks_dir, out_dir, private)
        except OSError as exc:
            name = exc.filename or ""
            reason = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
            raise InputError(f"{name}: cannot write: {reason}; the previous briefings are unchanged") from None


def _briefing_pages(folder: Path) -> list[Path]:
    """The briefings in a set (not the index): those of ``BRIEFINGS`` in reading order, then any other by name."""
    order = {name: i for i, (name, _) in enumerate(BRIEFINGS)}
    return sorted((p for p in folder.glob("*.html") if p.name != INDEX_NAME),
                  key=lambda p: (order.get(p.stem, len(order)), p.name))


def _write_downloads(config: RunConfig, quarter: Quarter, staging: Path, ids: set[str]) -> list[Finding]:
    """Every table's CSV and the quarter's workbook, read from the pages; the gate checks each file.

    A file the gate refuses is removed (and its link later dropped from the
    page, :func:`~cpanalysis.publish.render.drop_dead_links`), as a refused
    page is. Returns the gate's findings.
    """
    for old in [*staging.glob("*.csv"), *staging.glob("*.xlsx")]:
        old.unlink()
    pages = _briefing_pages(staging)
    written: list[Path] = []
    for page in pages:
        written += write_downloads(page, staging)
    if pages and workbook_available():
        written.append(write_workbook(pages, staging / workbook_name(quarter.slug)))
    refused: list[Finding] = []
    for path in written:
        found = check_html(downloads_as_html([path]), policy=config.policy, name=str(path), child_ids=ids)
        if found:
            path.unlink()
            refused += found
    return refused


def _headlines(config: RunConfig, quarter: Quarter, staging: Path,
               publication: QuarterPublication | None) -> list[Headline]:
    """The index's headline figures, from the quarter's protected scorecard, when its briefing is in the set."""
    if publication is None or not (staging / "scorecard.html").is_file():
        return []
    return scorecard_headlines(publication.card, quarter, council=config.council)


def _finish_set(config: RunConfig, quarter: Quarter, staging: Path, ids: set[str],
                publication: QuarterPublication | None = None) -> list[Finding]:
    """Downloads, index and links of the staged set, then the gate's last word on all of it.

    Each page passed the gate alone; here the set is checked as a whole,
    the downloads are written from the pages that stay and checked, the
    index is written, and every link to a file that is not in the set is
    dropped, so no page links a page, CSV or workbook that was not
    published. Anything the gate refuses is removed and the set made again
    from what is left (at most three rounds; each removes something).

    Returns
    -------
    list of Finding
        Every reason a page or download was refused.
    """
    findings: list[Finding] = []
    synthetic = (config.raw_dir / SYNTHETIC_MARKER).is_file()
    figures = _headlines(config, quarter, staging, publication)
    for _ in range(3):
        found = check_dir(staging, policy=config.policy, child_ids=ids) if _briefing_pages(staging) else []
        for f in found:
            Path(f.file).unlink(missing_ok=True)
        findings += found
        findings += _write_downloads(config, quarter, staging, ids)
        if not (staging / "scorecard.html").is_file():
            figures = []
        write_index(staging, config.council, quarter, config.policy, synthetic=synthetic, figures=figures)
        for page in sorted(staging.glob("*.html")):
            drop_dead_links(page)
        # The gate's last word: every page in the new set, the index included.
        last = check_dir(staging, policy=config.policy, child_ids=ids)
        for f in last:
            Path(f.file).unlink(missing_ok=True)
        findings += last
        if not last:
            break
        if any(Path(f.file).name == INDEX_NAME for f in last):
            figures = []
    return findings


def _publication(config: RunConfig, quarter: Quarter, private: Path, stems: set[str]) -> QuarterPublication:
    """The quarter's protected figures, worked out once and saved for every notebook (:mod:`cpanalysis.measures.publication`).

    With the Virtual School's annual briefing among the notebooks (``stems``), its
    page is protected here too (:func:`cpanalysis.virtual_school.page.build_page`),
    kept as ``extras["virtual_school"]``.
    """
    from ..measures.publication import build_publication, load_publication
    from ..virtual_school.page import build_page

    held = {}
    for earlier in quarter.previous(8)[:-1]:  # the trends' quarters (previous and same quarter last year among them)
        kept = config.private_dir / HELD / earlier.slug / PUBLICATION_FILE
        if kept.is_file():
            try:
                held[earlier.label] = load_publication(kept)
            except Exception as exc:  # noqa: BLE001 - an unreadable copy (older version): say so, go on
                print(f"cpanalysis run: {kept} cannot be read ({type(exc).__name__}); "
                      f"{earlier.label} is repeated as worked out today", flush=True)
    publication = build_publication(config.processed_dir, quarter, policy=config.policy, council=config.council,
                                    la_code=config.la_code, inputs=config.inputs, held=held)
    if VIRTUAL_SCHOOL_NOTEBOOK in stems:
        page = build_page(quarter.label, raw_dir=config.raw_dir.resolve(), processed_dir=config.processed_dir.resolve(),
                          policy=config.policy, council=config.council, la_code=config.la_code or "",
                          inputs=_input_paths(config))
        publication.extras["virtual_school"] = page
        publication.extras.setdefault("seconds", {})["virtual_school"] = page.seconds
        publication.seconds = round(publication.seconds + page.seconds, 2)
    publication.save(private / PUBLICATION_FILE)
    print(f"cpanalysis run: the quarter's figures protected once ({publication.seconds:.1f} s)", flush=True)
    return publication


def _input_paths(config: RunConfig) -> dict[str, str]:
    """The run's optional inputs as absolute paths, as the notebooks and the Virtual School page take them."""
    return {k: str(v.resolve()) for k, v in sorted(config.inputs.items())}


def _held_folder(config: RunConfig, slug: str) -> Path | None:
    """The pages of quarter ``slug`` as published: the private copy kept at publication, else the published folder."""
    for folder in (config.private_dir / HELD / slug, config.outputs_dir / slug):
        if folder.is_dir() and any(folder.glob("*.html")):
            return folder
    return None


def _audit(config: RunConfig, quarter: Quarter, staging: Path) -> AuditReport:
    """The whole-publication audit (:mod:`cpanalysis.audit`): this set with the earlier sets a reader holds."""
    slugs = {p.name for root in (config.private_dir / HELD, config.outputs_dir) if root.is_dir()
             for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")}
    pages: dict[tuple[str, str], str] = {}
    for slug in held_quarters(quarter.slug, sorted(slugs - {quarter.slug})):
        folder = _held_folder(config, slug)
        if folder is not None:
            pages.update({(slug, name): text for name, text in read_folder(folder).items()})
    pages.update({(quarter.slug, name): text for name, text in read_folder(staging).items()})
    report = audit_pages(pages, threshold=config.policy.threshold, protection=config.policy.width)
    print(f"cpanalysis run: audit of {report.pages} page(s) of {', '.join(report.quarters)}: "
          f"{'safe' if report.safe else f'{len(report.findings)} small count(s) can be worked out'} "
          f"({report.seconds:.1f} s)", flush=True)
    return report


def _hold(config: RunConfig, quarter: Quarter, out_dir: Path) -> None:
    """Keep a private copy of the published pages: what a reader now holds, whatever later runs change."""
    held = config.private_dir / HELD / quarter.slug
    if held.exists():
        shutil.rmtree(held)
    held.mkdir(parents=True)
    for page in out_dir.glob("*.html"):
        shutil.copy2(page, held / page.name)
    made = config.private_dir / quarter.slug / PUBLICATION_FILE
    if made.is_file():
        shutil.copy2(made, held / PUBLICATION_FILE)


def _run_locked(config: RunConfig, quarter: Quarter, notebooks_dir: Path, out_dir: Path,
                private: Path) -> Path:
    started = time.perf_counter()
    notebooks = sorted(notebooks_dir.glob("*.ipynb"))
    if config.notebooks:
        unknown = sorted(set(config.notebooks) - {p.stem for p in notebooks})
        if unknown:
            raise InputError(f"{notebooks_dir}: no notebook named {', '.join(unknown)} "
                             f"(there are: {', '.join(p.stem for p in notebooks)})")
        notebooks = [p for p in notebooks if p.stem in config.notebooks]
    if not notebooks:
        raise InputError(f"{notebooks_dir}: no notebooks to run")
    if quarter.q != 4:  # the year's briefings come with the year-end quarter only
        notebooks = [p for p in notebooks if p.stem not in YEAR_END_ONLY]
        if not notebooks:
            raise InputError(f"{', '.join(sorted(YEAR_END_ONLY))}: made with the year-end (Q4) run only")
    forked = config.fork_kernels and kernels_available()
    if forked:
        # The kernels' server imports the libraries while the data are made and built.
        start_server()
    generated = _ensure_data(config)
    _check_quarter_in_data(quarter, config.raw_dir)
    built = _build(config)
    _demo_benchmarks(config, quarter)
    notebooks = _longest_first(notebooks, private / RUN_LOG)
    _clean_leftovers(config.outputs_dir, quarter.slug)
    staging = config.outputs_dir / f".{quarter.slug}.partial"
    _stage(out_dir, staging, keep_from_old=bool(config.notebooks), rebuilt={p.stem for p in notebooks})
    if private.exists():
        shutil.rmtree(private)
    publication = _publication(config, quarter, private, {p.stem for p in notebooks})
    params = {
        "quarter": quarter.label,
        "council": config.council,
        "raw_dir": str(config.raw_dir.resolve()),
        "processed_dir": str(config.processed_dir.resolve()),
        "policy": config.policy.to_dict(),
        "la_code": config.la_code or "",
        "inputs": _input_paths(config),
        "board_remarks": dict(sorted(config.board_remarks.items())),
        "commentary_file": str(config.inputs["commentary"].resolve()) if "commentary" in config.inputs else "",
        "publication_file": str((private / PUBLICATION_FILE).resolve()),
    }
    ids = child_ids(config.raw_dir)
    print(f"cpanalysis run: {len(notebooks)} notebook(s) for {quarter.label}", flush=True)
    try:
        results = publish_notebooks(
            notebooks, out_dir=staging, private_dir=private, parameters=params,
            cwd=notebooks_dir.resolve(), policy=config.policy, child_ids=ids,
            workers=config.workers, progress=Progress(len(notebooks)), forked=forked,
        )
    except KeyboardInterrupt:
        shutil.rmtree(staging, ignore_errors=True)
        log = {"status": "interrupted", "quarter": quarter.label,
               "seconds": round(time.perf_counter() - started, 2)}
        private.mkdir(parents=True, exist_ok=True)
        _write(private / RUN_LOG, json.dumps(log, indent=2, sort_keys=True) + "\n")
        print(f"cpanalysis run: stopped; nothing published, {out_dir} is as it was", flush=True)
        raise
    findings = _finish_set(config, quarter, staging, ids, publication)
    audit = _audit(config, quarter, staging)
    gate = {"policy": config.policy.to_dict(), "child_ids_read": len(ids),
            "child_ids_checked": len(checkable_ids(ids)),
            "pages": len(list(staging.glob("*.html"))),
            "downloads": len([*staging.glob("*.csv"), *staging.glob("*.xlsx")]), "findings": len(findings)}
    failed = [r for r in results if r.status == "failed"]
    refused = [r for r in results if r.status == "refused"]
    complete = not (failed or refused or findings)
    status = "complete" if complete else "partial"
    if not audit.safe:
        status = "refused by the audit"
    seconds = time.perf_counter() - started
    for public, folder in ((True, staging), (False, private)):
        log = _log(config, generated, built, results, gate, seconds, public, forked, status)
        log["audit"] = audit.to_dict()
        log["protection"] = _protection_log(publication, public)
        _write(folder / RUN_LOG, json.dumps(log, indent=2, sort_keys=True) + "\n")
    if not audit.safe:
        shutil.rmtree(staging, ignore_errors=True)
        raise ProblemsFound(
            f"nothing published for {quarter.label}: a reader holding these pages (with {', '.join(audit.quarters[:-1]) or 'no earlier quarter'}) "
            f"could work out {len(audit.findings)} count(s) below {config.policy.threshold}; {out_dir} is as it was "
            f"(run log in {private}):\n  " + "\n  ".join(map(str, audit.findings[:20])))
    missing = [r.notebook.removesuffix(".ipynb") for r in failed + refused] + [Path(f.file).name for f in findings]
    if complete:
        (staging / PARTIAL_MARKER).unlink()
    else:
        _write(staging / PARTIAL_MARKER,
               f"This set of briefings for {quarter.label} is not complete: {', '.join(sorted(set(missing)))} "
               "could not be published (see run_log.json). Fix the cause and run the quarter again.\n")
    _swap_in(staging, out_dir)
    _hold(config, quarter, out_dir)
    problems = []
    for r in failed:
        problems.append(f"{r.notebook} failed at {r.failure}")
    for r in refused:
        problems.append(f"{r.notebook} refused by the publication gate:\n  " + "\n  ".join(r.findings[:20]))
    if findings:
        problems.append("published folder refused by the publication gate (pages removed):\n  "
                        + format_findings(findings).replace(str(staging), str(out_dir)).replace("\n", "\n  "))
    if problems:
        raise ProblemsFound(
            f"{len(failed)} notebook(s) failed, {len(refused)} refused; no HTML was published for them "
            f"(executed notebooks in {private}):\n" + "\n".join(problems)
        )
    return out_dir
