"""``cpanalysis pdf``: each published briefing printed to an A4 PDF by headless Chromium.

The PDF is the page's own print layout (``@media print`` in ``briefing.css``):
A4 portrait, or landscape for a page with a wide table; table headers
repeated on every sheet; no chart split across sheets; no navigation or
download links. It is printed from the published, gate-checked HTML, so it
shows exactly what the page shows. Chromium stamps the time of printing in a
PDF's metadata, so unlike the HTML the PDF files are not byte-identical from
run to run.

Chromium is found on the ``PATH`` (``chromium``, ``chromium-browser``,
``google-chrome``) or named by the ``CPANALYSIS_CHROMIUM`` environment
variable; without it the command is a one-line error (exit 2).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError

__all__ = ["CHROMIUM_NAMES", "find_chromium", "print_pdf", "print_pdfs"]

#: Names of the browser looked for on the ``PATH``, in order.
CHROMIUM_NAMES: tuple[str, ...] = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

_ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update", "--disable-extensions",
    "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
)


def find_chromium() -> Path | None:
    """The Chromium to print with: ``$CPANALYSIS_CHROMIUM``, else the first of :data:`CHROMIUM_NAMES` on the PATH."""
    named = os.environ.get("CPANALYSIS_CHROMIUM")
    if named:
        return Path(named) if Path(named).is_file() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def print_pdf(page: Path, out: Path, *, chromium: Path, timeout: float = 120) -> Path:
    """Print one HTML page to ``out`` with headless Chromium; return ``out``.

    Raises
    ------
    InputError
        Chromium failed or wrote no PDF.
    """
    page, out = Path(page).resolve(), Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(f".{out.name}.partial")
    part.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="cpanalysis-pdf-") as profile:
        try:
            done = subprocess.run(
                [str(chromium), *_ARGS, f"--user-data-dir={profile}", f"--print-to-pdf={part}", page.as_uri()],
                capture_output=True, text=True, timeout=timeout, check=False,
            )
        except subprocess.TimeoutExpired:
            part.unlink(missing_ok=True)
            raise InputError(f"{page}: Chromium took more than {timeout:g} s to print it") from None
        except OSError as exc:
            raise InputError(f"{chromium}: cannot be started ({exc.strerror or exc})") from None
    if done.returncode != 0 or not part.is_file() or part.read_bytes()[:5] != b"%PDF-":
        part.unlink(missing_ok=True)
        last = (done.stderr.strip().splitlines() or ["no PDF written"])[-1]
        raise InputError(f"{page}: Chromium could not print it ({last})")
    os.replace(part, out)
    return out


def print_pdfs(folder: Path, out_dir: Path | None = None, *, chromium: Path | None = None) -> list[Path]:
    """Print every briefing in ``folder`` (each ``*.html`` but the index) to ``<name>.pdf``.

    Parameters
    ----------
    folder : pathlib.Path
        A quarter's published folder, e.g. ``outputs/2024-25-Q3``.
    out_dir : pathlib.Path, optional
        Where the PDFs go (default: ``folder``, beside the pages).
    chromium : pathlib.Path, optional
        The browser (default: :func:`find_chromium`).

    Returns
    -------
    list of pathlib.Path
        The PDFs, in the order of the pages' names.

    Raises
    ------
    InputError
        No Chromium, ``folder`` missing or without briefings, or a page that
        could not be printed.
    """
    from .index import INDEX_NAME

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    pages = sorted(p for p in folder.glob("*.html") if p.name != INDEX_NAME)
    if not pages:
        raise InputError(f"{folder}: no briefings (.html files) to print")
    chromium = chromium or find_chromium()
    if chromium is None:
        raise InputError("no Chromium to print with: install it (Debian: apt-get install chromium) "
                         "or name it in CPANALYSIS_CHROMIUM")
    out_dir = Path(out_dir) if out_dir is not None else folder
    return [print_pdf(p, out_dir / f"{p.stem}.pdf", chromium=chromium) for p in pages]
