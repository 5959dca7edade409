"""Read an SSDA903 XML return (root ``<EXPSSDA903>``) into the same tables as the CSVs.

Each ``<CHILD>`` holds a ``<HEADER>`` (child id ``CHILDID``; UASC, OC3 and AD1
fields inline; nested ``AREVIEW``, ``AMISSING``, ``AD_PLACED``, ``PERMANENCE``,
``OC2``) and repeated ``<EPISODE>`` elements (placement type ``PL``, which
becomes ``PLACE``). The report ``row`` of an XML problem is the position of the
``<CHILD>`` element (1 = the first child).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from ..errors import InputError
from ..validate.report import Report
from .csv import table_to_frame
from .tables import TABLES

__all__ = ["read_xml_return"]

_HEADER_FIELDS = {"CHILDID", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB", "UASC", "DUC",
                  "IN_TOUCH", "ACTIV", "ACCOM", "DATE_INT", "DATE_MATCH", "FOSTER_CARE",
                  "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"}
_NESTED = {"AREVIEW": "reviews", "AMISSING": "missing", "AD_PLACED": "placed_adoption",
           "PERMANENCE": "prev_perm", "OC2": "oc2"}
_INLINE = {"uasc": ("DUC",), "oc3": ("IN_TOUCH", "ACTIV", "ACCOM"),
           "ad1": ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")}


def _text(el: ET.Element | None) -> str | None:
    if el is None or el.text is None:
        return None
    t = el.text.strip()
    return t or None


def read_xml_return(path: Path, report: Report | None = None,
                    label: str | None = None) -> dict[str, pd.DataFrame]:
    """Read every table of one XML return.

    Parameters
    ----------
    path : pathlib.Path
    report : Report, optional
    label : str, optional
        File name for the report.

    Returns
    -------
    dict of str to pandas.DataFrame
        Canonical table name to frame, typed as the CSV reader types them.

    Raises
    ------
    InputError
        If the file is not well-formed XML or its root is not ``EXPSSDA903``.
    """
    path = Path(path)
    label = label or str(path)
    report = report if report is not None else Report()
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(f"{label}: not well-formed XML ({exc})") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot be read ({exc.strerror})") from None
    if root.tag != "EXPSSDA903":
        raise InputError(f"{label}: root element is <{root.tag}>, expected <EXPSSDA903>")
    rows: dict[str, dict[str, list]] = {
        t: {c: [] for c in (*TABLES[t].columns, "_ROW")} for t in TABLES if t != "sw_episodes"}
    unknown: dict[str, int] = {}

    def add(table: str, values: dict[str, str | None], no: int) -> None:
        cols = rows[table]
        for c in TABLES[table].columns:
            cols[c].append(values.get(c))
        cols["_ROW"].append(no)

    for no, child in enumerate(root.iter("CHILD"), start=1):
        header = child.find("HEADER")
        h: dict[str, str | None] = {}
        if header is not None:
            for el in header:
                if el.tag in _HEADER_FIELDS:
                    h[el.tag] = _text(el)
                elif el.tag in _NESTED:
                    sub = {e.tag: _text(e) for e in el}
                    sub.update(CHILD=h.get("CHILDID"), DOB=h.get("DOB"))
                    add(_NESTED[el.tag], sub, no)
                else:
                    unknown.setdefault(el.tag, no)
        h["CHILD"] = h.pop("CHILDID", None)
        add("header", h, no)
        for t, fields in _INLINE.items():
            if any(h.get(f) for f in fields):
                add(t, h, no)
        for ep in child.findall("EPISODE"):
            e = {el.tag: _text(el) for el in ep}
            e["PLACE"] = e.pop("PL", e.get("PLACE"))
            e["CHILD"] = h["CHILD"]
            add("episodes", e, no)
        for el in child:
            if el.tag not in ("HEADER", "EPISODE"):
                unknown.setdefault(el.tag, no)
    for tag, no in unknown.items():
        report.add_file(label, no, tag, tag, "XML_UNKNOWN_ELEMENT")
    out = {}
    for t, cols in rows.items():
        if t != "header" and not cols["_ROW"]:
            continue
        r = np.asarray(cols.pop("_ROW"), dtype=np.int64)
        tbl = pa.table({c: pa.array(v, type=pa.string()) for c, v in cols.items()})
        out[t] = table_to_frame(tbl, t, TABLES[t].columns, TABLES[t].dates, r, label, report)
    return out
