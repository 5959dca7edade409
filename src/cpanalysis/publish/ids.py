"""The identifiers the gate looks for: CHILD ids read from the raw data."""

from __future__ import annotations

import csv
import re
from pathlib import Path

__all__ = ["child_ids"]

_XML_ID = re.compile(r"<CHILDID>\s*([^<\s]+)\s*</CHILDID>")


def child_ids(raw: Path) -> set[str]:
    """Every CHILD id in the CSV files (``CHILD`` column) and XML files (``CHILDID``) under ``raw``.

    Unreadable files are skipped: the loader reports them; the gate only needs
    the ids it can find.
    """
    ids: set[str] = set()
    root = Path(raw)
    if not root.is_dir():
        return ids
    for path in sorted(root.rglob("*")):
        suffix = path.suffix.lower()
        try:
            if suffix == ".csv":
                with path.open(newline="", encoding="utf-8-sig") as fh:
                    reader = csv.reader(fh)
                    header = [h.strip().upper() for h in next(reader, [])]
                    if "CHILD" in header:
                        i = header.index("CHILD")
                        ids.update(r[i].strip() for r in reader if len(r) > i and r[i].strip())
            elif suffix == ".xml":
                ids.update(_XML_ID.findall(path.read_text(encoding="utf-8", errors="replace")))
        except (OSError, UnicodeDecodeError, csv.Error):
            continue
    return ids
