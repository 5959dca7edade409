"""Turn published pages into the variables and equations a careful reader can justify.

Every table cell that is a count becomes an integer variable named by what it counts, so
that the same figure printed on two pages, or in two quarters, is one variable. Around
them the reader writes what the pages say in tables and words:

* totals: a ``Total`` row or column, a row ``All ...``, is the sum of the others;
* parts of a whole and nesting (met all three KS2 subjects <= met reading; EET + NEET
  <= in touch; placement types <= children in care);
* the same figure printed twice: time series repeated each quarter, the scorecard's
  "Previous quarter" column, the scorecard against the page tables, a comparators table
  against its main table, the Virtual School's self-evaluation against its sections;
* year to date across quarters: a cohort whose birthday fell from 1 April to the quarter
  end only grows, so every part of it (and every remainder) at Q3 is at least its Q2
  value; the difference is the quarter's increment, itself a count to protect;
* percentages with their bases: ``k / n`` printed to d decimals (or "about") gives
  ``lo * n <= k <= hi * n``, linear in both.

Nothing here comes from the protection code; the page names and wording are read as
any member of the public would read them.
"""

from __future__ import annotations

import re
from pathlib import Path

from .model import Model
from .numbers import Printed, read
from .pages import Table, tables

__all__ = ["read_folder", "read_pages", "read_publication"]

_PERIOD_RANGE = re.compile(r",?\s*(?:by quarter,\s*)?\d{4}-\d{2} Q\d to \d{4}-\d{2} Q\d")
_SKIP_COL = re.compile(r"confidence|England|Compared|North West|Statistical|Direction|Target|RAG|Polarity|Better if|Average|score$|Birthdays", re.I)
_YEAR = re.compile(r"\d{4}-\d{2}")


def quarter_label(q: str) -> str:
    """'2024-25-Q3' -> '2024-25 Q3'."""
    return q[:7] + " " + q[8:]


def previous_quarter(label: str) -> str:
    year, q = label.split()
    n = int(q[1])
    if n > 1:
        return f"{year} Q{n - 1}"
    a = int(year[:4]) - 1
    return f"{a}-{(a + 1) % 100:02d} Q4"


def year_to_date(label: str) -> str:
    """'2024-25 Q3' -> '2024-25 to Q3', as the care leaver tables print it."""
    year, q = label.split()
    return f"{year} to {q}"


def _prev_year(y: str) -> str:
    a = int(y[:4]) - 1
    return f"{a}-{(a + 1) % 100:02d}"


class Reader:
    def __init__(self) -> None:
        self.health_year: dict[str, str] = {}  # quarter label -> return year the health figures are for
        self.m = Model()
        self.ytd: dict[tuple[str, str, str], dict[str, str]] = {}  # (age, measure) -> {label: var}

    # -- cells ---------------------------------------------------------------------
    def cell(self, name: str, where: str, text: str) -> Printed:
        """Register a count cell: printed, hidden or no information."""
        p = read(text)
        if p.kind == "count":
            self.m.var(name, where)
            self.m.printed(name, where, p.lo, p.hi)
        elif p.kind == "hidden":
            self.m.var(name, where, hidden=True)
        return p

    def pct(self, num: str, base: str, where: str, text: str, *, num_where: str | None = None) -> Printed:
        """Register a percentage of num over base."""
        p = read(text)
        if p.kind == "pct":
            self.m.var(num, num_where or f"{where} (the count behind it)", implied=True)
            self.m.var(base, f"base of {where}", implied=True)
            self.m.share(num, base, p.lo, p.hi, f"{where} = {text}")
            if re.search(r"%\s*u$", text.strip()):
                self.m.add({base: 1.0}, 0, 19, f"{where}: u, a percentage of fewer than 20 children (the key)")
        elif p.kind == "hidden":
            self.m.var(num, num_where or f"{where} (the count behind it)", hidden=True)
        return p

    def remainder(self, whole: str, part: str, name: str, where: str) -> str:
        """An implied remainder whole - part >= 0 (e.g. not in touch = group - in touch)."""
        self.m.var(name, where, implied=True)
        self.m.add({whole: 1.0, part: -1.0, name: -1.0}, 0, 0, f"{where} = remainder")
        return name

    # -- generic tables -------------------------------------------------------------
    def generic(self, q: str, t: Table) -> None:
        key = _PERIOD_RANGE.sub("", t.caption).strip()
        body = t.rows
        ncol = len(t.header)
        kinds = []
        for j in range(ncol):
            vals = [read(r[j]) for r in body if j < len(r)]
            if _SKIP_COL.search(t.header[j]) or all(v.kind == "none" for v in vals):
                kinds.append("label" if all(v.kind == "none" for v in vals) else "skip")
            elif "%" in t.header[j] or t.header[j].startswith(("Percentage", "Share")) or any(v.kind == "pct" for v in vals):
                kinds.append("pct")
            elif any(v.kind == "number" for v in vals):
                kinds.append("skip")
            else:
                kinds.append("count")
        labels = [j for j, k in enumerate(kinds) if k == "label"]
        if not labels:
            return
        names: dict[tuple[int, int], str] = {}
        for i, r in enumerate(body):
            rk = " / ".join(r[j] for j in labels if j < len(r))
            for j in range(ncol):
                if j >= len(r) or kinds[j] != "count":
                    continue
                name = self.alias(q, t, key, r, rk, t.header[j]) or f"{key}|{rk}|{t.header[j]}"
                names[i, j] = name
                self.cell(name, f"{t.page}: '{t.caption}', row '{rk}', column '{t.header[j]}'", r[j])
        for i, r in enumerate(body):
            rk = " / ".join(r[j] for j in labels if j < len(r))
            for j in range(ncol):
                if j >= len(r) or kinds[j] != "pct":
                    continue
                h = t.header[j]
                counts = [c for c in range(j) if kinds[c] == "count"]
                where = f"{t.page}: '{t.caption}', row '{rk}', column '{h}'"
                if h == "Percentage" and "Number" in t.header:
                    num, base = names.get((i, t.header.index("Number"))), names.get((i, t.header.index("Pupils"))) if "Pupils" in t.header else None
                elif h.startswith("Share of") and counts:
                    num = names.get((i, counts[-1]))
                    base = self.share_base(q, t, r, rk, h) or f"{key}|{rk}|base of {h}"
                else:
                    num = f"{key}|{rk}|{h} #count"
                    base = names.get((i, counts[-1])) if counts else None
                if num and base:
                    p = self.pct(num, base, where, r[j])
                    if p.kind in ("pct", "hidden"):
                        self.remainder(base, num, f"{num} #rest", f"{where}: the rest of the group (base - count)")
        # totals
        first = labels[0]
        tot_rows = [i for i, r in enumerate(body) if r[first] == "Total" or r[first].startswith("All ")]
        for ti in tot_rows:
            others = [i for i in range(len(body)) if i not in tot_rows]
            if not others:
                continue
            for j in range(ncol):
                if kinds[j] == "count" and all((i, j) in names for i in others) and (ti, j) in names:
                    self.m.sum_is([names[i, j] for i in others], names[ti, j], f"{t.page}: '{t.caption}': rows add up to '{body[ti][first]}'")
        if "Total" in t.header:
            tj = t.header.index("Total")
            parts = [j for j in range(ncol) if kinds[j] == "count" and j != tj]
            for i in range(len(body)):
                if (i, tj) in names and all((i, j) in names for j in parts):
                    self.m.sum_is([names[i, j] for j in parts], names[i, tj], f"{t.page}: '{t.caption}': columns add up to 'Total'")
        self.after(q, t, key, body, names, labels)

    def alias(self, q, t, key, row, rk, col) -> str | None:
        return None

    def share_base(self, q, t, row, rk, col) -> str | None:
        return None

    def after(self, q, t, key, body, names, labels) -> None:
        return None


# -- what a reader knows about these briefings ----------------------------------------

_CL_MEASURE = {
    "In touch (%)": "in touch",
    "In education, employment or training (%)": "EET",
    "NEET (%)": "NEET",
    "In suitable accommodation (%)": "suitable",
}
_CL_ROW = {"in touch": "in touch", "EET": "EET", "NEET": "NEET", "in suitable accommodation": "suitable"}
# scorecard ref -> (age group, care leaver measure)
_SC_CL = {
    "P5.9": ("17-18", "in touch"), "P5.10": ("19-21", "in touch"),
    "P2.12a": ("17-18", "EET"), "P2.12": ("17-18", "NEET"),
    "P2.15a": ("19-21", "EET"), "P2.15": ("19-21", "NEET"),
    "P5.2a": ("17-18", "suitable"), "P5.2": ("19-21", "suitable"),
    "P2.13": ("19-21", "higher education"),
}
# scorecard year-to-date percentages: ref -> (base, numerator)
_SC_CEASED = {
    "P3.11": ("ceased", "SGO"),
    "P3.13": ("ceased", "adopted"),
    "P3.14": ("adopted", "within 14 months"),
    "P3.18": ("ceased aged 16+", "independent living"),
    "P5.4": ("ceased aged 16+", "home to parents"),
}
# health: scorecard ref and comparator row -> (table caption, % column, base column)
_HEALTH_TABLE = "Health assessments, immunisations and dental checks of children looked after for 12 months, by year"
_SDQ_TABLE = "Strengths and Difficulties Questionnaire (SDQ) scores of children aged 4-16 looked after for 12 months, by year"
_HEALTH = {
    "P4.9": (_HEALTH_TABLE, "Annual health assessment up to date (%)", "Children looked after for 12 months"),
    "P4.10": (_HEALTH_TABLE, "Immunisations up to date (%)", "Children looked after for 12 months"),
    "P4.11": (_HEALTH_TABLE, "Teeth checked by a dentist (%)", "Children looked after for 12 months"),
    "P4.12": ("Development checks of children under 5 looked after for 12 months, by year", "Development checks up to date (%)", "Children under 5 looked after for 12 months"),
    "P4.14": ("Children looked after for 12 months identified as having a substance misuse problem, by year", "Substance misuse problem identified (%)", "Children looked after for 12 months"),
    "P4.6a": (_SDQ_TABLE, "Score 17 or more (%)", "Children with a score"),
    "P4.6": (_SDQ_TABLE, "Score 20 or more (%)", "Children with a score"),
}
_HEALTH_ROW = {
    "children with annual health assessment up to date": "P4.9",
    "children with immunisations up to date": "P4.10",
    "children with teeth checked by a dentist": "P4.11",
    "children under 5 with development checks up to date": "P4.12",
    "children identified as having a substance misuse problem": "P4.14",
    "children aged 4-16 with an SDQ score of 17 or more": "P4.6a",
    "children aged 4-16 with an SDQ score of 20 or more": "P4.6",
}
_LATEST_YEAR = re.compile(r"latest complete year at the end of (\d{4}-\d{2} Q\d) is the year to 31 March \d{4} \((\d{4}-\d{2})\)")
# scorecard counts that are shares of the children in care at the quarter end (G1)
_SC_OF_G1 = ("G4", "P2.10", "P3.1", "P3.2", "P3.3", "P3.4a", "P3.5", "P3.9", "P3.10", "P3.12")
# placement groups that cannot overlap (PLACE codes, docs on the methodology page)
_SC_DISJOINT = ("P3.1", "P3.2", "P3.10", "P3.3", "P3.9", "P2.10")
# Virtual School self-evaluation area -> (cohort, population, measure, table)
_VS_AREA = {
    "Early years": ("EYFS", "good level of development"),
    "Key stage 1": ("KS1", "expected standard in reading, writing and maths"),
    "Key stage 2": ("KS2", "expected standard in reading, writing and maths"),
    "Key stage 4": ("KS4", "grade 4 or above in english and maths"),
    "Post-16": ("dfe", "Not in education, employment or training (NEET)"),
    "Attendance": ("dfe", "Persistently absent (attendance 90% or less)"),
    "Exclusions": ("dfe", "Suspended at least once"),
    "PEPs": ("roll", "Latest PEP rated good or outstanding"),
}
_STAGE = {"Early years foundation stage (Reception)": "EYFS", "Key stage 1 (year 2)": "KS1", "Key stage 2 (year 6)": "KS2", "Key stage 4 (year 11)": "KS4"}


def cl(year: str, age: str, what: str) -> str:
    return f"CL|{year}|{age}|{what}"


def sc(ref: str, quarter: str) -> str:
    return f"SC|{ref}|{quarter}"


def vs_population(cohort: str, measure: str) -> str:
    m = measure.lower()
    if cohort == "roll" and ("pep" in m):
        return "pep"
    if cohort == "roll":
        return "school age roll"
    if m.startswith(("persistently absent", "suspended", "permanently excluded", "attendance")):
        return "school age"
    return measure


def vs_n(cohort: str, year: str, measure: str, group: str) -> str:
    return f"VS|{cohort}|{year}|{measure}|{group}|n"


def vs_pupils(cohort: str, year: str, measure: str, group: str) -> str:
    return f"VS|{cohort}|{year}|pupils|{vs_population(cohort, measure)}|{group}"


class BriefingReader(Reader):
    """The generic reader plus what the briefings' own words let a reader justify."""

    # ---- care leavers ------------------------------------------------------------
    def care_leavers(self, q: str, t: Table) -> bool:
        h = t.header
        if h[:3] == ["Year", "Birthdays between", "Age group"] and "Care leavers in the age group" in h:
            bj = h.index("Care leavers in the age group")
            for r in t.rows:
                year, age = r[0], r[2]
                base = cl(year, age, "base")
                where = f"{t.page}: '{t.caption}', row '{year} / {age}'"
                self.cell(base, f"{where}, column '{h[bj]}'", r[bj])
                self.track_ytd(year, age, "base", base)
                for j, col in enumerate(h):
                    if col in _CL_MEASURE:
                        what = _CL_MEASURE[col]
                        num = cl(year, age, what)
                        self.pct(num, base, f"{where}, column '{col}'", r[j], num_where=f"care leavers {age} {what}, {year} (behind {t.page}: '{t.caption}')")
                        self.cl_structure(year, age)
            return True
        if h[:2] == ["Year", "Birthdays between"] and "Number staying put" in h:
            for r in t.rows:
                year = r[0]
                num, base = cl(year, "18-21", "staying put"), cl(year, "18-21", "base")
                where = f"{t.page}: '{t.caption}', row '{year}'"
                self.cell(num, f"{where}, column 'Number staying put'", r[h.index("Number staying put")])
                self.pct(num, base, f"{where}, column '{h[3]}'", r[3])
                self.track_ytd(year, "18-21", "staying put", num)
                self.track_ytd(year, "18-21", "base", base)
                self.m.add({base: 1, num: -1}, 0, float("inf"), "staying put is part of the care leavers aged 18-21")
            return True
        if t.caption.endswith("Demo Borough and comparators") or "comparators" in t.caption:
            m = re.search(r"(\d{4}-\d{2} to Q\d)", t.caption)
            if not m or "Demo Borough (%)" not in h:
                return False
            year = m.group(1)
            j = h.index("Demo Borough (%)")
            for r in t.rows:
                mm = re.match(r"(.*), care leavers aged (\d+-\d+)$", r[0])
                if mm and mm.group(1) in _CL_ROW:
                    what, age = _CL_ROW[mm.group(1)], mm.group(2)
                    self.pct(cl(year, age, what), cl(year, age, "base"), f"{t.page}: '{t.caption}', row '{r[0]}'", r[j])
                    self.cl_structure(year, age)
            return True
        return False

    def cl_structure(self, year: str, age: str) -> None:
        base, touch = cl(year, age, "base"), cl(year, age, "in touch")
        if getattr(self, "_cl_done", None) is None:
            self._cl_done = set()
        if (year, age) in self._cl_done:
            return
        self._cl_done.add((year, age))
        for what in ("in touch", "EET", "NEET", "suitable"):
            self.m.var(cl(year, age, what), f"care leavers aged {age}, {year}: {what}", implied=True)
            self.track_ytd(year, age, what, cl(year, age, what))
        why = "care leavers page: the rest of each group were not in touch or their activity is not known"
        self.m.add({touch: 1, cl(year, age, "EET"): -1, cl(year, age, "NEET"): -1}, 0, float("inf"), why, assumption=True)
        self.m.add({touch: 1, cl(year, age, "suitable"): -1}, 0, float("inf"), "accommodation is known only for those in touch", assumption=True)
        self.m.add({base: 1, touch: -1}, 0, float("inf"), "in touch is part of the age group")
        self.m.add({base: 1, cl(year, age, "EET"): -1, cl(year, age, "NEET"): -1}, 0, float("inf"), "EET and NEET are different activities of the age group")
        not_touch = self.remainder(base, touch, cl(year, age, "not in touch"), f"care leavers aged {age}, {year}: not in touch (group - in touch)")
        self.track_ytd(year, age, "not in touch", not_touch)
        rest = cl(year, age, "in touch, neither EET nor NEET")
        self.m.var(rest, f"care leavers aged {age}, {year}: in touch, activity neither EET nor NEET", implied=True)
        self.m.add({touch: 1, cl(year, age, "EET"): -1, cl(year, age, "NEET"): -1, rest: -1}, 0, 0, why, assumption=True)
        self.track_ytd(year, age, "in touch, neither EET nor NEET", rest)
        for what in ("EET", "NEET", "suitable"):
            rem = self.remainder(base, cl(year, age, what), cl(year, age, f"not {what}"), f"care leavers aged {age}, {year}: not {what} (group - {what})")
            self.track_ytd(year, age, f"not {what}", rem)

    def track_ytd(self, year: str, age: str, what: str, name: str) -> None:
        m = re.fullmatch(r"(\d{4}-\d{2}) to Q(\d)", year)
        if m:
            self.ytd.setdefault((m.group(1), age, what), {})[m.group(2)] = name

    def finish_ytd(self) -> None:
        """Year to date only grows: Q(n+1) - Q(n) is a count >= 0, the quarter's increment."""
        for (year, age, what), by_q in self.ytd.items():
            qs = sorted(by_q)
            for a, b in zip(qs, qs[1:]):
                inc = f"CL|{year} Q{b} increment over Q{a}|{age}|{what}"
                self.m.var(inc, f"care leavers aged {age}, {what}: added between {year} to Q{a} and to Q{b} (year to date difference)", implied=True)
                self.m.add({by_q[b]: 1, by_q[a]: -1, inc: -1}, 0, 0, f"year to date: {year} to Q{b} minus to Q{a}")

    # ---- scorecard -----------------------------------------------------------------
    def scorecard(self, q: str, t: Table) -> bool:
        h = t.header
        if not (h[:2] == ["Ref", "Measure"] and "This quarter" in h):
            return False
        qq = quarter_label(q)
        cols = {"This quarter": qq, "Previous quarter": previous_quarter(qq)}
        for r in t.rows:
            ref, title = r[0], r[1]
            for col, quarter in cols.items():
                text = r[h.index(col)]
                where = f"{t.page} ({qq}): '{t.caption}', {ref} '{title[:60]}', column '{col}'"
                p = read(text)
                if ref in _SC_CL:
                    age, what = _SC_CL[ref]
                    year = year_to_date(quarter)
                    self.pct(cl(year, age, what), cl(year, age, "base"), where, text)
                    if what == "higher education":
                        self.m.add({cl(year, age, "EET"): 1, cl(year, age, what): -1}, 0, float("inf"), "higher education is education")
                    self.cl_structure(year, age)
                elif ref in _SC_CEASED:
                    pool, what = _SC_CEASED[ref]
                    year = year_to_date(quarter)
                    base = sc(f"{pool}" if pool != "adopted" else "ceased: adopted", year)
                    num = sc(f"{pool}: {what}", year) if pool != "adopted" else sc("adopted: within 14 months", year)
                    self.pct(num, base, where, text, num_where=f"{what} ({ref}, {year}), the count behind the scorecard's %")
                    self.track_ytd(year, "SC", base, base)
                    self.track_ytd(year, "SC", num, num)
                    self.ceased_structure(year)
                elif ref in _HEALTH and col == "This quarter" and qq in self.health_year:
                    self.health_pct(ref, self.health_year[qq], where, text)
                elif ref == "P3.19" and p.kind == "pct":
                    self.pct(sc("P3.19: 3 or more placements", quarter), sc("G1", quarter), where, text)
                elif title.startswith("Number") and p.kind in ("count", "hidden"):
                    name = sc(ref, quarter)
                    if ref == "P2.14":
                        name = cl(year_to_date(quarter), "18-21", "apprenticeship")
                        self.track_ytd(year_to_date(quarter), "18-21", "apprenticeship", name)
                    elif ref == "P5.6":
                        name = cl(year_to_date(quarter), "18-21", "staying put")
                        self.track_ytd(year_to_date(quarter), "18-21", "staying put", name)
                    self.cell(name, where, text)
            if "Share" in h and read(r[h.index("Share")]).kind == "pct":
                where = f"{t.page} ({qq}): '{t.caption}', {ref}, column 'Share'"
                if ref in _SC_OF_G1:
                    self.pct(sc(ref, qq), sc("G1", qq), where, r[h.index("Share")])
                elif ref in ("P2.14", "P5.6"):
                    what = "apprenticeship" if ref == "P2.14" else "staying put"
                    self.pct(cl(year_to_date(qq), "18-21", what), cl(year_to_date(qq), "18-21", "base"), where, r[h.index("Share")])
        for quarter in cols.values():
            present = [sc(x, quarter) for x in _SC_DISJOINT if sc(x, quarter) in self.m.vars]
            if present:
                coefs = {v: -1.0 for v in present}
                coefs[sc("G1", quarter)] = 1.0
                self.m.add(coefs, 0, float("inf"), "placement types that cannot overlap add up to at most the children in care")
            for x in ("P3.4a", "P3.5", "P3.12", "G4", "P3.7"):
                if sc(x, quarter) in self.m.vars:
                    self.m.add({sc("G1", quarter): 1, sc(x, quarter): -1}, 0, float("inf"), f"{x} counts children in care")
        return True

    def health_pct(self, ref: str, year: str, where: str, text: str) -> None:
        """A health percentage printed again (scorecard, comparators): the same count of the same base."""
        caption, col, base_col = _HEALTH[ref]
        self.pct(f"{caption}|{year}|{col} #count", f"{caption}|{year}|{base_col}", where, text)

    def health(self, q: str, t: Table) -> bool:
        m = re.match(r"(?:Health checks|SDQ scores|Substance misuse), (\d{4}-\d{2}): .* and comparators", t.caption)
        if not m:
            return False
        j = next((i for i, h in enumerate(t.header) if h.endswith("(%)") and "England" not in h and "North West" not in h and "Statistical" not in h), None)
        for r in t.rows:
            if j is not None and r[0] in _HEALTH_ROW:
                self.health_pct(_HEALTH_ROW[r[0]], m.group(1), f"{t.page}: '{t.caption}', row '{r[0]}'", r[j])
        return True

    def ceased_structure(self, year: str) -> None:
        """Who ceased care from 1 April: SGO and adoption are different reasons; adopted within
        14 months are part of the adopted; independence and home to parents are different
        reasons among those aged 16 or over, who are part of all who ceased."""
        if getattr(self, "_ceased_done", None) is None:
            self._ceased_done = set()
        if year in self._ceased_done:
            return
        self._ceased_done.add(year)
        ceased, c16 = sc("ceased", year), sc("ceased aged 16+", year)
        sgo, adopted = sc("ceased: SGO", year), sc("ceased: adopted", year)
        within = sc("adopted: within 14 months", year)
        indep, home = sc("ceased aged 16+: independent living", year), sc("ceased aged 16+: home to parents", year)
        for v, w in ((ceased, "children who ceased care"), (c16, "young people aged 16+ who ceased care"), (sgo, "ceased care: special guardianship"),
                     (adopted, "ceased care: adopted"), (within, "adopted within 14 months"), (indep, "aged 16+ ceased: independent living"),
                     (home, "aged 16+ ceased: home to parents")):
            self.m.var(v, f"{w}, {year}", implied=True)
            self.track_ytd(year, "SC", v, v)
        self.m.add({ceased: 1, sgo: -1, adopted: -1}, 0, float("inf"), "SGO and adoption are different reasons for ceasing care")
        self.m.add({ceased: 1, c16: -1}, 0, float("inf"), "those aged 16+ are part of all who ceased")
        self.m.add({c16: 1, indep: -1, home: -1}, 0, float("inf"), "independent living and home to parents are different reasons")
        self.m.add({adopted: 1, within: -1}, 0, float("inf"), "adopted within 14 months are part of the adopted")
        rest = self.remainder(adopted, within, sc("adopted: 14 months or more", year), f"children adopted {year} who waited 14 months or more")
        self.track_ytd(year, "SC", rest, rest)

    def alias(self, q, t, key, row, rk, col):
        c = t.caption
        if c.startswith("Number of cared for children at the end of each quarter"):
            return sc("G1", rk)
        if c.startswith("Cared for children placed with parents at each quarter end") and col.startswith("Children"):
            return sc("P3.9", rk)
        if c.startswith("Cared for children reported missing from care") and "5 or more" in col:
            return sc("P4.8", rk)
        if c.startswith("Children who moved in"):
            m = re.search(r"(\d{4}-\d{2} Q\d)", c)
            if m and rk == "Total":
                return sc("P3.7", m.group(1))
            if m and rk in ("moved once", "moved more than once"):
                return f"moves|{m.group(1)}|{rk}"
        if c.startswith("Pupils of school age by school phase and Ofsted grade") and rk == "Total" and col == "Total":
            return vs_pupils("roll", _YEAR.search(c).group(0), "school age roll", "All pupils")
        if c.startswith("Key stage 2 pupils by result and subject (number)"):
            y = _YEAR.search(c).group(0)
            if col == "Pupils":
                return f"VS|dfe|{y}|year group|KS2"
            if col == "Met the expected standard":
                return vs_n("KS2", y, f"expected standard in {rk.lower()}", "All pupils")
        if c.startswith("Pupils in assessment year groups") and rk in _STAGE:
            return f"VS|dfe|{_YEAR.search(c).group(0)}|year group|{_STAGE[rk]}"
        if c.startswith("Destinations in the autumn after year 11"):
            y = _YEAR.search(c).group(0)
            if rk == "NEET":
                return vs_n("dfe", y, "Not in education, employment or training (NEET)", "All pupils")
            if rk.startswith("All "):
                return vs_pupils("dfe", y, "Not in education, employment or training (NEET)", "All pupils")
        return None

    def share_base(self, q, t, row, rk, col):
        if col == "Share of cared for children":
            return sc("G1", rk)
        return None

    def after(self, q, t, key, body, names, labels):
        c = t.caption
        if c.startswith("Cared for children reported missing from care"):
            for i, r in enumerate(body):
                a = [names[i, j] for j in range(1, len(r)) if (i, j) in names]
                if len(a) == 2:
                    self.m.add({a[0]: 1, a[1]: -1}, 0, float("inf"), "missing 5 or more times are part of those missing at least once")
        if c.startswith("Cared for children placed out of borough at the end of"):
            m = re.search(r"(\d{4}-\d{2} Q\d)", c)
            parts = [names[i, 1] for i in range(len(body)) if (i, 1) in names]
            if m and parts:
                self.m.sum_is(parts, sc("P3.4a", m.group(1)), "out of borough by receiving council adds up to P3.4a")

    # ---- Virtual School --------------------------------------------------------------
    def virtual_school(self, q: str, t: Table) -> bool:
        c, h = t.caption, t.header
        if t.page != "virtual_school_annual.html":
            return False
        ym = _YEAR.search(c)
        y = ym.group(0) if ym else "?"
        cohort = "dfe" if "DfE cohort" in c else "roll" if "Virtual School roll" in c else None
        if c.startswith("Evidence for the self-evaluation"):
            for r in t.rows:
                area = r[0]
                if area not in _VS_AREA:
                    continue
                co, measure = _VS_AREA[area]
                where = f"{t.page}: '{c}', row '{area} - {r[1]}'"
                for col, year in (("This year %", y), ("Last year %", _prev_year(y))):
                    if co in _STAGE.values():
                        num, base = vs_n(co, year, measure, "All pupils"), f"VS|{co}|{year}|{measure}|assessed"
                    else:
                        num, base = vs_n(co, year, measure, "All pupils"), vs_pupils(co, year, measure, "All pupils")
                    if col == "This year %":
                        self.cell(base, f"{where}, column 'Pupils'", r[2])
                    self.pct(num, base, f"{where}, column '{col}'", r[h.index(col)])
            return True
        stage = next((s for k, s in _STAGE.items() if c.startswith(k + " outcomes")), None)
        if stage and h[:2] == ["Measure", "Pupils"]:
            for r in t.rows:
                measure = r[0].lower()
                if "score" in measure:
                    continue
                num, base = vs_n(stage, y, measure, "All pupils"), f"VS|{stage}|{y}|{measure}|assessed"
                where = f"{t.page}: '{c}', row '{r[0]}'"
                self.cell(base, f"{where}, column 'Pupils'", r[1])
                self.pct(num, base, f"{where}, column 'This council'", r[2])
                if f"VS|dfe|{y}|year group|{stage}" in self.m.vars or True:
                    yg = f"VS|dfe|{y}|year group|{stage}"
                    self.m.var(yg, f"{stage} year group, {y}")
                    self.m.add({yg: 1, base: -1}, 0, float("inf"), "those assessed are part of the year group")
                    self.remainder(yg, base, f"VS|{stage}|{y}|{measure}|not assessed", f"{stage} {y}: year group not counted in '{r[0]}' (year group - pupils)")
                    self.remainder(base, num, f"VS|{stage}|{y}|{measure}|not met", f"{stage} {y}: pupils not reaching '{r[0]}'")
            return True
        if c.startswith("Key stage 2 pupils by result and subject (percentage"):
            for r in t.rows:
                for j, col in enumerate(h[1:], 1):
                    base_col = col.replace(" (%)", "")
                    num = vs_n("KS2", y, f"expected standard in {r[0].lower()}", "All pupils") if base_col == "Met the expected standard" else f"Key stage 2 pupils by result and subject (number), {y}|{r[0]}|{base_col}"
                    self.pct(num, f"VS|dfe|{y}|year group|KS2", f"{t.page}: '{c}', row '{r[0]}', column '{col}'", r[j])
            return True
        if cohort and "Pupils" in h and len(h) > 1:
            measure = re.split(r", \d{4}-\d{2}| by ", c.split(":")[0])[0]
            by_year = h[0] == "Academic year"
            bands = h[0] == "Band"
            for r in t.rows:
                group = "All pupils" if by_year else r[0]
                year = r[0] if by_year else y
                if "pooled" in c:
                    year = "pooled " + c.split(":")[0]
                where = f"{t.page}: '{c}', row '{r[0]}'"
                pup = vs_pupils(cohort, year, measure, group) if not bands else f"VS|{cohort}|{year}|{measure}|band {group}|pupils"
                self.cell(pup, f"{where}, column 'Pupils'", r[h.index("Pupils")])
                if "Number" in h:
                    num = vs_n(cohort, year, measure, group if not bands else "band " + group)
                    self.cell(num, f"{where}, column 'Number'", r[h.index("Number")])
                    if "Percentage" in h:
                        self.pct(num, pup, f"{where}, column 'Percentage'", r[h.index("Percentage")])
                    self.m.add({pup: 1, num: -1}, 0, float("inf"), "a number is part of its pupils")
            groups = [r[0] for r in t.rows if not r[0].startswith("All ")]
            alls = [r[0] for r in t.rows if r[0].startswith("All ")]
            if not by_year and groups and (alls or bands):
                tot = "All pupils"
                parts = [vs_pupils(cohort, y, measure, g) if not bands else f"VS|{cohort}|{y}|{measure}|band {g}|pupils" for g in groups]
                if "pooled" not in c:
                    self.m.sum_is(parts, vs_pupils(cohort, y, measure, tot), f"{t.page}: '{c}': groups add up to all pupils")
                    if "Number" in h:
                        nparts = [vs_n(cohort, y, measure, g if not bands else "band " + g) for g in groups]
                        self.m.sum_is(nparts, vs_n(cohort, y, measure, tot), f"{t.page}: '{c}': groups add up to all pupils")
            return True
        return False

    def finish_care_leavers(self) -> None:
        """Ages 18-21 lie within 17-18 and 19-21: apprentices are in EET, staying put is known
        only for those in touch, and the 18-21 group is no larger than the two groups together."""
        years = {n.split("|")[1] for n in self.m.vars if n.startswith("CL|") and "|18-21|" in n}
        for year in sorted(years):
            young, old = cl(year, "17-18", "base"), cl(year, "19-21", "base")
            if young not in self.m.vars or old not in self.m.vars:
                continue
            why = "care leavers aged 18-21 are among those aged 17-18 and 19-21"
            self.m.add({young: 1, old: 1, cl(year, "18-21", "base"): -1}, 0, float("inf"), why)
            if cl(year, "18-21", "apprenticeship") in self.m.vars:
                self.m.add({cl(year, "17-18", "EET"): 1, cl(year, "19-21", "EET"): 1, cl(year, "18-21", "apprenticeship"): -1}, 0, float("inf"), why + "; an apprenticeship is EET")
            if cl(year, "18-21", "staying put") in self.m.vars:
                self.m.add({cl(year, "17-18", "in touch"): 1, cl(year, "19-21", "in touch"): 1, cl(year, "18-21", "staying put"): -1}, 0, float("inf"), why + "; accommodation is known only for those in touch", assumption=True)

    def finish_post16(self) -> None:
        """The NEET percentage is of the year 11 leavers whose destination is known: all leavers less
        "not known" (none when the destinations table has no such row), and its NEET count is the table's."""
        table = "Destinations in the autumn after year 11"
        neet = "Not in education, employment or training (NEET)"
        for name in sorted(self.m.vars):
            parts = name.split("|")
            if not (name.startswith("VS|dfe|") and parts[3:6] == ["pupils", table, "All year 11 leavers"]):
                continue
            year = parts[2]
            base = vs_pupils("dfe", year, neet, "All pupils")
            if base not in self.m.vars:
                continue
            unknown = f"VS|dfe|{year}|pupils|{table}|not known"
            coefs = {base: 1, name: -1} | ({unknown: 1} if unknown in self.m.vars else {})
            self.m.add(coefs, 0, 0, "the NEET percentage's base is the year 11 leavers whose destination is known")
            row = f"VS|dfe|{year}|pupils|{table}|NEET"
            if row in self.m.vars:
                self.m.add({row: 1, vs_n("dfe", year, neet, "All pupils"): -1}, 0, 0,
                           "the NEET row of the destinations table is the NEET percentage's count")

    def finish_ks2(self) -> None:
        """Pupils who met the expected standard in all three KS2 subjects met it in each:
        met one subject but not all three is a count of pupils (wherever the two are printed)."""
        for name in list(self.m.vars):
            m = re.fullmatch(r"VS\|KS2\|(\d{4}-\d{2})\|expected standard in reading, writing and maths\|All pupils\|n", name)
            if not m:
                continue
            y = m.group(1)
            for s in ("reading", "writing", "maths"):
                one = vs_n("KS2", y, f"expected standard in {s}", "All pupils")
                if one in self.m.vars:
                    self.remainder(one, name, f"VS|KS2|{y}|met {s} but not all three", f"KS2 {y}: met {s} but not all three subjects")

    def finish_moves(self) -> None:
        """Children who moved and moves (P3.7, P3.7a) of a quarter: every mover moved once or more.

        moves = once + 2 x (moved more than once) + moves beyond the second, so the
        children who moved more than once are at most moves - children.
        """
        quarters = {n.split("|")[2] for n in self.m.vars if n.startswith(("SC|P3.7|", "SC|P3.7a|", "moves|"))}
        for qq in sorted(quarters):
            once, more, kids, moves = f"moves|{qq}|moved once", f"moves|{qq}|moved more than once", sc("P3.7", qq), sc("P3.7a", qq)
            self.m.var(once, f"children who moved once in {qq}", implied=True)
            self.m.var(more, f"children who moved more than once in {qq}", implied=True)
            self.m.var(kids, f"children who moved in {qq} (scorecard P3.7)", implied=True)
            self.m.var(moves, f"placement moves in {qq} (scorecard P3.7a)", implied=True)
            extra = f"moves|{qq}|beyond the second"
            self.m.var(extra, f"moves beyond the second by children who moved 3 or more times in {qq}", implied=True)
            self.m.vars[extra].children = False
            self.m.vars[moves].children = False
            three = f"moves|{qq}|moved 3 or more times"
            self.m.var(three, f"children who moved 3 or more times in {qq} (moves - once - 2 x more than once, scorecard P3.7a with the moves table)", implied=True)
            self.m.add({extra: 1, three: -1}, 0, float("inf"), "each child who moved 3 or more times made a move beyond the second")
            self.m.add({more: 1, three: -1}, 0, float("inf"), "moved 3 or more times is part of moved more than once")
            self.m.positive_if.append((three, extra))
            self.m.sum_is([once, more], kids, "children who moved once or more than once")
            self.m.add({moves: 1, once: -1, more: -2, extra: -1}, 0, 0, "moves = once + 2 x more than once + moves beyond the second")

    def table(self, q: str, t: Table) -> None:
        for handler in (self.care_leavers, self.scorecard, self.virtual_school, self.health):
            if handler(q, t):
                return
        self.generic(q, t)


def read_pages(pages: dict[tuple[str, str], str]) -> Model:
    """Model of a publication: ``pages`` maps (quarter 'YYYY-YY-Qn', page file name) to HTML."""
    r = BriefingReader()
    for (q, name), text in pages.items():  # the health page says which return year it shows
        m = _LATEST_YEAR.search(re.sub(r"\s+", " ", text))
        if m:
            r.health_year[m.group(1)] = m.group(2)
    for (q, name), text in sorted(pages.items(), key=lambda kv: (kv[0][0], kv[0][1] == "scorecard.html", kv[0][1])):
        for t in tables(name, text):
            r.table(q, t)
    r.finish_care_leavers()
    r.finish_ytd()
    r.finish_moves()
    r.finish_ks2()
    r.finish_post16()
    return r.m


def read_folder(folder: Path) -> dict[str, str]:
    """Every ``*.html`` page of a folder, by file name."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.html"))}


def read_publication(outputs: Path, quarters: list[str]) -> Model:
    """Read every HTML page of ``outputs/<quarter>/`` for the quarters given."""
    return read_pages({(q, name): text for q in quarters for name, text in read_folder(Path(outputs) / q).items()})


_SMALL_WORDS = r"[1-4]|one|two|three|four|a single|a couple of|a few|a handful of"
_SMALL_IN_WORDS = re.compile(
    rf"(?<![-\u2013\w])(?<!stage )(?<!Stage )(?<!year )(?<!Year )(?<!aged )(?<!under )(?<!to )\b({_SMALL_WORDS})\s+(?:(?:more|fewer|other|cared for|looked after|unaccompanied|young)\s+)*"
    r"(children|child|young people|young person|pupils?|care leavers?|girls?|boys?|babies|mothers)\b(?!['\u2019]s)(?!\s*(?:=|is worth|moves|represents|repr))",
    re.I,
)
_N_EQUALS = re.compile(r"\(\s*n\s*=\s*([1-4])\s*\)", re.I)


def small_counts_in_words(pages: dict[tuple[str, str], str]) -> list[str]:
    """Sentences that state a count from 1 to 4 of children outright ("3 children", "a single pupil", "(n=2)")."""
    from .pages import sentences

    out = []
    for (q, name), text in sorted(pages.items()):
        for s in sentences(text):
            for m in list(_SMALL_IN_WORDS.finditer(s)) + list(_N_EQUALS.finditer(s)):
                out.append(f"{q} {name}: {m.group(0)!r} in {s[:160]!r}")
    return out
