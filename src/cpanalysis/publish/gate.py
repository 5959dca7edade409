"""The publication gate: refuse a briefing that could identify a child.

Run as the last step of ``cpanalysis run`` and on its own as
``cpanalysis check DIR``. It reads published HTML (never the data) with the
standard library's :class:`html.parser.HTMLParser` and refuses, naming the file,
line, column and place (table caption, row and column):

``small-count``
    a count from 1 to ``threshold - 1`` in a table data cell (``<td>``) or in
    text (paragraphs, headings, captions, list items, row and column header
    cells, alt and title text): ``3``, ``3 children``, ``3 of 21``, ``three
    children``, ``a single child``, ``a couple of children``, ``(four)``;
    ``Secure (n=3)`` in a header cell; a bare number in a header cell that holds
    a figure; ``n=3`` anywhere; ``33% (2)`` in a column of percentages; a count
    in a ``data-`` or ``value`` attribute. What is not read as a count is
    listed in :mod:`cpanalysis.publish.numbers`.
``suppressed-percentage``
    a percentage of a suppressed or small count: a percentage with a stated
    base (``of 21``, ``n = 21``), a base stated in another sentence of the
    paragraph or the sentence before ("There were 6 pupils. 33% met the
    standard."), or a base given by a "one child = 20 percentage points" note,
    that only a count under the threshold can produce (``14%`` of 21 is 3); or,
    in a table row that shows ``c`` in a count column, a percentage in a column
    that is not a comparator (England, North West, statistical neighbours,
    target).
``attribute-disclosure``
    all or none of a group under ``policy.small_group``: ``0 of 6``, ``6 of
    6``, ``none of the 6``, ``all 6 children``, 0% or 100% of such a group, a
    table row whose Total is under ``small_group`` with 0 or all in a count.
``child-id``, ``upn``, ``full-date``, ``postcode``
    a CHILD id from the data, in text or any attribute, element id, class or
    CSS, in any case, alone or joined to other words by ``-``, ``_`` or ``.`` (when
    given; ids shorter than 4 characters, or numeric ids shorter than 6
    digits, are not looked for: they cannot be told from ordinary words and
    counts), a UPN (a letter, 11 digits and a digit or letter, with or without
    spaces), any full date ``dd/mm/yyyy`` or ``dd/mm/yy`` (or with ``-``, or
    ``.``), ISO ``yyyy-mm-dd``, a date in words after "born" or "DOB", a full
    UK postcode in any case (``M1 1AE``, ``m11ae``).
``alt-text``
    an image with no alt attribute, an empty one, or nbconvert's stock
    placeholder "No description has been provided for this image".
``script``, ``external-request``
    any ``<script>``, ``<iframe>``, ``<object>``, ``<embed>``, ``<base>``,
    refresh ``<meta>``, ``on...=`` event attribute or ``javascript:`` URL; any
    URL with a scheme or starting ``//`` in ``src``, ``href``, ``srcset``,
    ``action``, ``poster``, ``data`` or CSS ``url()`` / ``@import``. ``data:``
    URIs, in-page ``#`` links and relative links to files are allowed.
``not-for-publication``
    the page carries ``<meta name="cpanalysis-publish" content="false">``,
    which the cpanalysis template writes for a notebook whose metadata says
    ``"cpanalysis": {"publish": false}`` (e.g. the Virtual School caseworker view).

Limits, stated so nobody relies on more: the gate reads words and numbers, not
meaning, one page at a time. It cannot see a count drawn in a chart image, a
small count recovered by subtracting published cells or quarters (secondary
suppression and differences over time are the disclosure model's job), a base
that is only implied, dates of birth written in words without "born", names
of children, or a count hidden by an unusual phrase it does not know
(docs/publishing.md lists them). It errs towards refusing; the fix for a
refusal is to suppress or reword in the notebook, never to weaken the gate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ..errors import InputError
from ..protect.policy import DisclosurePolicy
from .numbers import (
    Base,
    all_or_none,
    counts_a_reader_can_tell,
    denominators,
    is_suppression_symbol,
    people_counts,
    percentages,
    point_bases,
    sentence_bases,
    sentences,
    share_of_things,
    small_counts,
)

__all__ = [
    "Finding", "NOT_FOR_PUBLICATION_META", "check_dir", "check_html", "checkable_ids", "format_findings",
]

#: The marker the template writes into a page that must never be published.
NOT_FOR_PUBLICATION_META = "cpanalysis-publish"

PLACEHOLDER_ALT = "No description has been provided for this image"

# A UPN: a letter, 11 digits and a digit or letter; also written in groups ("A123 4567 89012").
_UPN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z](?:[ \-]?\d){11}[ \-]?[0-9A-Za-z](?![A-Za-z0-9])")
_DATE = re.compile(
    r"(?<!\d)(?:(?:0?[1-9]|[12]\d|3[01])[/.\-](?:0?[1-9]|1[0-2])[/.\-](?:19|20)\d{2}"
    r"|(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))(?!\d)"
)
# dd/mm/yy (or with -; with points only as dd.mm.yy), the shape of a date of birth in a
# case system export; not touching a letter, digit or point, so quarter labels (2024-25),
# ranges (3-4) and measure and section numbers (P1.2, 1.2.12) never match.
_SHORT_DATE = re.compile(
    r"(?<![\w.])(?:(?:0?[1-9]|[12]\d|3[01])([/\-])(?:0?[1-9]|1[0-2])\1\d{2}"
    r"|(?:0[1-9]|[12]\d|3[01])\.(?:0[1-9]|1[0-2])\.\d{2})(?![\w\-/]|\.\d)"
)
# A date in words after "born" or "date of birth": "born on 3 March 2012", "DOB: 3 Mar 2012".
_BIRTH_DATE = re.compile(
    r"\b(?:born|birth|dob|birthday)\b\W{0,3}(?:\w+\W+){0,3}?(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}(?:\d{2})?(?!\d)"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d{2}"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2})",
    re.IGNORECASE,
)
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(?:GIR ?0AA|[A-PR-UWYZ](?:[A-HK-Y]?\d[A-Z\d]?|\d[A-HJKSTUW]) ?\d[ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_N_EQUALS = re.compile(r"(?<![\w.])n\s*[=:]\s*(\d+)(?![\w.,]\d|\w)", re.IGNORECASE)
# Not postcodes when not in capitals: an ordinal after a code ("KS2 3rd", "E4 4th").
_ORDINAL_TAIL = re.compile(r"(?:1st|2nd|3rd|\dth)$", re.IGNORECASE)
_EXTERNAL = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.\-]*:|//|\\\\)")
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)|@import\s+['\"]([^'\"]*)", re.IGNORECASE)
_CSS_CONTENT = re.compile(r"content\s*:\s*['\"]([^'\"]*)['\"]", re.IGNORECASE)
_URL_ATTRS = {"src", "href", "action", "formaction", "poster", "data", "background", "cite", "ping",
              "xlink:href", "longdesc", "manifest", "icon"}
_TEXT_ATTRS = {"alt", "title", "aria-label", "aria-description", "placeholder", "summary"}
_FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "base", "frame", "frameset", "applet", "portal"}
_BLOCK_TAGS = {
    "p", "li", "td", "th", "caption", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "div", "dd",
    "dt", "blockquote", "summary", "label", "pre", "section", "article", "aside", "header", "footer",
    "main", "nav", "figure", "ul", "ol", "dl", "table", "tr", "thead", "tbody", "tfoot", "br", "hr",
    "body", "title", "details", "legend", "fieldset", "button", "option",
}
# Column headers that say a cell is not a count of children.
_NOT_COUNT_HEADER = re.compile(
    r"%|percent|per\s*cent|proportion|\brate\b|per\s+10,?000|per\s+1,?000|average|\bmean\b|median|score"
    r"|ratio|\brank|change|difference",
    re.IGNORECASE,
)
_COMPARATOR_HEADER = re.compile(
    r"england|national|north\s+west|region|neighbour|comparator|\bsn\b|benchmark|target|similar",
    re.IGNORECASE,
)
# A percentage that is a comparator's, not of the group a nearby sentence states.
_COMPARATOR_BEFORE = re.compile(
    r"(?:england|national(?:ly)?|north\s+west|regional?|neighbours?|comparators?|benchmark|target|similar\s+councils)"
    r"\b[^.;%]*$",
    re.IGNORECASE,
)
_BASE_HEADER = re.compile(r"\b(?:total|cohort|denominator|eligible|base|all|n)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One reason to refuse a page.

    Attributes
    ----------
    file : str
        The page, as given.
    line, column : int
        Where in the HTML source (1-based line, 1-based column).
    rule : str
        Which rule refused it (see the module docstring).
    place : str
        Where on the page, in words (table caption, row and column).
    detail : str
        What was found; identifiers are masked.
    """

    file: str
    line: int
    column: int
    rule: str
    place: str
    detail: str

    def __str__(self) -> str:
        where = f" ({self.place})" if self.place else ""
        return f"{self.file}:{self.line}:{self.column}: {self.rule}: {self.detail}{where}"


@dataclass
class _Cell:
    tag: str
    text: str
    pos: tuple[int, int]


@dataclass
class _Table:
    caption: str = ""
    rows: list[list[_Cell]] = field(default_factory=list)
    in_head: bool = False
    head_rows: list[int] = field(default_factory=list)
    points: list[Base] = field(default_factory=list)  # "one child = N points" said just before it


def _mask(value: str) -> str:
    return value[:1] + "*" * (len(value) - 1)


def _shorten(text: str, n: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


_DIGIT = re.compile(r"\d")
_PERCENT_WORD = re.compile(r"%|per\s*cent|half|third|quarter|fifth", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9]+")
_JOINED_WORDS = re.compile(r"[A-Za-z0-9]+(?:[_\-.:/#][A-Za-z0-9]+)*")


def _identifier_matches(text: str) -> list[tuple[str, str, str]]:
    """``(rule, what, value)`` for every UPN, date of birth and postcode in ``text``."""
    out: list[tuple[str, str, str]] = []
    if not _DIGIT.search(text):
        return out  # every identifier pattern has a digit
    for m in _UPN.finditer(text):
        out.append(("upn", "a UPN", m.group(0)))
    for pattern in (_DATE, _SHORT_DATE):
        for m in pattern.finditer(text):
            out.append(("full-date", "a full date (a date of birth?)", m.group(0)))
    for m in _BIRTH_DATE.finditer(text):
        out.append(("full-date", "a date of birth in words", m.group(0)))
    for m in _POSTCODE.finditer(text):
        value = m.group(0)
        if value != value.upper() and _ORDINAL_TAIL.search(value):
            continue
        out.append(("postcode", "a full postcode", value))
    return out


def _sentence_groups(sentence: str) -> list[Base]:
    """Every group one sentence states: with ``of``/``n =``, as a number of people, or by a points note."""
    return [*(Base(n, n) for n in denominators(sentence)), *sentence_bases(sentence), *point_bases(sentence)]


def _id_tokens(text: str, child_ids: frozenset[str]) -> list[str]:
    """The CHILD ids in ``text``, whole or joined to other words by ``-``, ``_``, ``.``, ``:``, ``/``, ``#``.

    ``data-child="CH00123"``, ``id="row-CH00123"``, ``class="child_ch00123"``
    all hold the id CH00123: every run of letters and digits, and every run of
    them joined by those separators, is looked up (ignoring case).
    """
    if not child_ids or len(text) < 4:
        return []  # checkable ids have 4 or more characters
    if _WORD.fullmatch(text):
        return [text] if text.upper() in child_ids else []  # one word: most attribute names and values
    found = []
    for token in _JOINED_WORDS.findall(text):
        if token.upper() in child_ids:
            found.append(token)
            continue
        parts = list(_WORD.finditer(token))
        if len(parts) == 1:
            continue
        for i in range(len(parts)):
            for j in range(i, min(i + 4, len(parts))):
                piece = token[parts[i].start():parts[j].end()]
                if piece.upper() in child_ids:
                    found.append(piece)
    return found


class _PageParser(HTMLParser):
    def __init__(self, file: str, threshold: int, child_ids: frozenset[str], small_group: int) -> None:
        super().__init__(convert_charrefs=True)
        self.file = file
        self.threshold = threshold
        self.small_group = small_group
        self.child_ids = child_ids
        self.findings: list[Finding] = []
        self._skip = 0  # inside <style> or <script>: not page text
        self._style_pos = (0, 0)
        self._style = ""
        self._block: list[str] = []
        self._block_pos: tuple[int, int] | None = None
        self._block_tag = "body"
        self._tables: list[_Table] = []
        self._cell: _Cell | None = None
        self._in_caption = False
        self._imgs = 0
        self._context: list[Base] = []  # groups stated in the last sentence of prose
        self._last_prose: tuple[str, tuple[int, int], str] | None = None  # that sentence, where it is

    # -- reporting -------------------------------------------------------
    def _add(self, pos: tuple[int, int], rule: str, detail: str, place: str = "") -> None:
        self.findings.append(Finding(self.file, pos[0], pos[1] + 1, rule, place, detail))

    def _place(self) -> str:
        if self._tables:
            t = self._tables[-1]
            cap = f"table '{_shorten(t.caption)}'" if t.caption else "table without caption"
            return cap
        return ""

    # -- blocks of text --------------------------------------------------
    def _flush(self) -> None:
        text = "".join(self._block)
        if text.strip() and self._block_pos is not None:
            if self._cell is not None:
                # a <br> or <p> inside a cell separates words: "12<br>3" is 12 and 3
                self._cell.text += (" " if self._cell.text else "") + text
            else:
                prose = not self._tables
                place = self._place() or f"<{self._block_tag}>"
                self._check_text(text, self._block_pos, place, counts=True,
                                 context=self._context if prose else ())
                if prose:
                    parts = sentences(text) or [""]
                    if self._last_prose is not None:
                        # the group this paragraph opens with: a percentage just before may be of it
                        last_text, last_pos, last_place = self._last_prose
                        self._check_percentages(last_text, last_pos, last_place, (),
                                                _sentence_groups(parts[0]))
                    # the groups the last sentence states: a percentage in the next one may be of them
                    self._context = _sentence_groups(parts[-1])
                    self._last_prose = ((sentences(text) or [text])[-1], self._block_pos, place)
                if self._in_caption and self._tables:
                    self._tables[-1].caption += text
        self._block, self._block_pos = [], None

    def _check_text(self, text: str, pos: tuple[int, int], place: str, counts: bool,
                    labels: bool = False, context: Iterable[Base] = ()) -> None:
        self._check_identifiers(text, pos, place)
        if PLACEHOLDER_ALT.lower() in text.lower():
            self._add(pos, "alt-text", "nbconvert's placeholder text for an image without a description", place)
        if not counts:
            # A column of percentages, rates or averages: "33% (2)", "40% (n=3)", "2 children" are still counts.
            for value, _ in people_counts(text, self.threshold):
                self._add(pos, "small-count",
                          f"count {value} (1 to {self.threshold - 1} must be shown as c) in {self._quote(text)}",
                          place)
        if counts:
            found = people_counts(text, self.threshold) if labels else small_counts(text, self.threshold)
            for value, _ in found:
                self._add(pos, "small-count",
                          f"count {value} (1 to {self.threshold - 1} must be shown as c) in {self._quote(text)}",
                          place)
            if _PERCENT_WORD.search(text):
                self._check_percentages(text, pos, place, denominators(text),
                                        [*sentence_bases(text), *point_bases(text), *context])
            for phrase, n, _ in all_or_none(text, self.small_group):
                self._add(pos, "attribute-disclosure",
                          f"{phrase!r}: all or none of a group of {n} (under {self.small_group}) says something "
                          f"about every one of them, in {self._quote(text)}", place)
        else:
            for phrase, n, _ in all_or_none(text, self.small_group):
                if re.match(r"\d+\s+of\s+\d+$|(?:0|none)\b", phrase, re.IGNORECASE):
                    self._add(pos, "attribute-disclosure",
                              f"{phrase!r}: all or none of a group of {n} (under {self.small_group}) says "
                              f"something about every one of them, in {self._quote(text)}", place)

    def _check_identifiers(self, text: str, pos: tuple[int, int], place: str) -> None:
        """UPNs, dates of birth, postcodes and CHILD ids, wherever they are (text, attributes, CSS)."""
        for m in _identifier_matches(text):
            rule, what, value = m
            self._add(pos, rule, f"{what} {_mask(value)!r}", place)
        for token in _id_tokens(text, self.child_ids):
            self._add(pos, "child-id", f"a CHILD id {_mask(token)!r} from the data", place)

    def _check_n_equals(self, text: str, pos: tuple[int, int], place: str) -> None:
        """``n = 3`` is a count wherever it is: a column of percentages or rates, a data- attribute."""
        for m in _N_EQUALS.finditer(text):
            if 1 <= int(m.group(1)) < self.threshold:
                self._add(pos, "small-count", f"count n = {m.group(1)} (1 to {self.threshold - 1} must be "
                          f"shown as c) in {self._quote(text)}", place)

    def _quote(self, text: str) -> str:
        """``text`` shortened, with anything that looks like an identifier masked."""
        for pattern in (_UPN, _DATE, _SHORT_DATE, _POSTCODE):
            text = pattern.sub(lambda m: _mask(m.group(0)), text)
        if self.child_ids:
            for token in _id_tokens(text, self.child_ids):
                text = text.replace(token, _mask(token))
        return repr(_shorten(text))

    def _check_percentages(self, text: str, pos: tuple[int, int], place: str, bases: Iterable[int | Base],
                           nearby: Iterable[Base] = ()) -> None:
        """Percentages in ``text`` that reveal a small count or say something of every member of a small group.

        ``bases`` are stated with the percentage (``of 21``, a Total column);
        ``nearby`` are groups stated in another sentence or given by a "one child
        = N points" note, and are not applied to a comparator's percentage
        ("England 10%").
        """
        stated = [b if isinstance(b, Base) else Base(b, b) for b in bases]
        nearby = list(nearby)
        for pct in percentages(text):
            # a comparator's percentage, or one said to be of things ("33% of the reviews"),
            # is not of the people a nearby sentence counts
            other = (bool(_COMPARATOR_BEFORE.search(text[max(0, pct.offset - 40):pct.offset]))
                     or share_of_things(text, pct))
            for base in stated + ([] if other else nearby):
                if pct.value in (0, 100) and 1 <= base.hi < self.small_group:
                    self._add(pos, "attribute-disclosure",
                              f"{pct.value}% of a group of {base} (under {self.small_group}) says something about "
                              f"every one of them, in {self._quote(text)}", place)
                    break
                ks = counts_a_reader_can_tell(pct, base, self.threshold)
                if ks:
                    self._add(pos, "suppressed-percentage",
                              f"{pct.value}% of {base} can only be {' or '.join(map(str, ks))} "
                              f"(a count under {self.threshold}) in {self._quote(text)}", place)
                    break

    # -- parser callbacks ------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pos = self.getpos()
        if tag in _BLOCK_TAGS:
            self._flush()
        self._check_attrs(tag, attrs, pos)
        if tag in _FORBIDDEN_TAGS:
            rule = "script" if tag == "script" else "external-request"
            self._add(pos, rule, f"<{tag}> is not allowed in a briefing", self._place())
        if tag in {"style", "script"}:
            self._skip += 1
            self._style, self._style_pos = "", pos
            return
        if tag == "table":
            self._tables.append(_Table(points=point_bases(self._last_prose[0]) if self._last_prose else []))
            self._context, self._last_prose = [], None
        elif tag == "thead" and self._tables:
            self._tables[-1].in_head = True
        elif tag == "tbody" and self._tables:
            self._tables[-1].in_head = False
        elif tag == "tr" and self._tables:
            t = self._tables[-1]
            t.rows.append([])
            if t.in_head:
                t.head_rows.append(len(t.rows) - 1)
        elif tag in {"td", "th"} and self._tables and self._tables[-1].rows:
            self._cell = _Cell(tag, "", pos)
            self._tables[-1].rows[-1].append(self._cell)
        elif tag == "caption":
            self._in_caption = True
        if tag in _BLOCK_TAGS:
            self._block_tag = tag

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in {"style", "script"}:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"style", "script"}:
            if self._skip:
                self._skip -= 1
                if tag == "style":
                    self._check_css(self._style, self._style_pos)
                for token in _id_tokens(self._style, self.child_ids):
                    self._add(self._style_pos, "child-id", f"a CHILD id {_mask(token)!r} from the data",
                              f"<{tag}>")
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag in {"td", "th"}:
            self._cell = None
        elif tag == "caption":
            self._in_caption = False
        elif tag == "table" and self._tables:
            self._check_table(self._tables.pop())
        if tag in _BLOCK_TAGS:
            self._block_tag = "td" if self._cell is not None else "body"

    def handle_data(self, data: str) -> None:
        if self._skip:
            self._style += data
            return
        if self._block_pos is None and data.strip():
            self._block_pos = self.getpos()
        self._block.append(data)

    def handle_comment(self, data: str) -> None:
        # Not shown, but published all the same (view source).
        self._check_text(data, self.getpos(), "HTML comment", counts=True)

    def close(self) -> None:
        super().close()
        self._flush()
        while self._tables:
            self._check_table(self._tables.pop())

    # -- attributes, CSS -------------------------------------------------
    def _check_attrs(self, tag: str, attrs: list[tuple[str, str | None]], pos: tuple[int, int]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        # Identifiers in any attribute, shown or not: id, class, data-*, name, href, style.
        self._check_identifiers(tag, pos, f"<{tag}>")
        for name, value in values.items():
            place = f"<{tag} {name}>"
            if name not in _TEXT_ATTRS:
                self._check_identifiers(name, pos, place)
                if not value.lstrip().lower().startswith("data:") and name != "style":
                    self._check_identifiers(value, pos, place)
                    if name not in _URL_ATTRS:
                        self._check_n_equals(value, pos, place)
                    if name.startswith("data-") or name in {"value", "label"}:
                        # a figure kept for sorting or scripts is published all the same (view source)
                        for count, _ in small_counts(value, self.threshold):
                            self._add(pos, "small-count", f"count {count} (1 to {self.threshold - 1} must be "
                                      f"shown as c) in {self._quote(value)}", place)
                elif name == "style":
                    for token in _id_tokens(value, self.child_ids):
                        self._add(pos, "child-id", f"a CHILD id {_mask(token)!r} from the data", place)
        for name, value in values.items():
            if name.startswith("on"):
                self._add(pos, "script", f"event attribute {name}= on <{tag}>", self._place())
            if name in _URL_ATTRS or name == "srcset":
                urls = [u.strip().split(" ")[0] for u in value.split(",")] if name == "srcset" else [value]
                for url in urls:
                    if url.lower().lstrip().startswith("javascript:"):
                        self._add(pos, "script", f"javascript: URL in <{tag} {name}>", self._place())
                    elif _EXTERNAL.match(url) and not url.lower().lstrip().startswith("data:"):
                        self._add(pos, "external-request",
                                  f"<{tag} {name}={_shorten(url, 60)!r}> points outside the page", self._place())
            elif name == "style":
                self._check_css(value, pos)
            elif name in _TEXT_ATTRS:
                self._check_text(value, pos, f"<{tag} {name}>", counts=True)
        if tag == "meta":
            if values.get("name", "").lower() == NOT_FOR_PUBLICATION_META and values.get("content", "").lower() == "false":
                self._add(pos, "not-for-publication", "the notebook says it must not be published")
            if values.get("name", "").lower() not in {"viewport", NOT_FOR_PUBLICATION_META} and values.get("content"):
                self._check_text(values["content"], pos, "<meta content>", counts=True)
            if values.get("http-equiv", "").lower() == "refresh":
                self._add(pos, "external-request", "<meta http-equiv=refresh> is not allowed")
        if tag == "img":
            self._imgs += 1
            alt = values.get("alt")
            if alt is None:
                self._add(pos, "alt-text", f"image {self._imgs} has no alt text", self._place())
            elif not alt.strip():
                self._add(pos, "alt-text", f"image {self._imgs} has empty alt text (a chart needs words)", self._place())

    def _check_css(self, css: str, pos: tuple[int, int]) -> None:
        for m in _CSS_CONTENT.finditer(css):
            self._check_text(m.group(1), pos, "CSS content", counts=True)
        for m in _CSS_URL.finditer(css):
            url = m.group(1) or m.group(2) or ""
            if _EXTERNAL.match(url) and not url.lower().lstrip().startswith("data:"):
                self._add(pos, "external-request", f"CSS loads {_shorten(url, 60)!r}", self._place())

    # -- tables ----------------------------------------------------------
    def _check_columns(self, cap: str, headers: dict[int, str], body: list[list[_Cell]]) -> None:
        """Tables laid out the other way: a base row (Total, Cohort, n) and percentage rows."""
        labels = [next((c.text.strip() for c in row if c.tag == "th"), "") for row in body]
        base_rows = [i for i, lab in enumerate(labels) if _BASE_HEADER.search(lab)]
        pct_rows = [i for i, lab in enumerate(labels)
                    if re.search(r"%|percent|per\s*cent|proportion", lab, re.IGNORECASE)]
        if not base_rows:
            return
        width = max((len(r) for r in body), default=0)
        for j in range(width):
            if _COMPARATOR_HEADER.search(headers.get(j, "")):
                continue
            bases = []
            for i in base_rows:
                if j < len(body[i]) and body[i][j].tag == "td":
                    nums = re.findall(r"\d{1,3}(?:,\d{3})+|\d+", body[i][j].text)
                    if len(nums) == 1:
                        bases.append(int(nums[0].replace(",", "")))
            if not bases:
                continue
            for i, row in enumerate(body):
                if i in base_rows or j >= len(row) or row[j].tag != "td":
                    continue
                cell = row[j]
                if percentages(cell.text) or (i in pct_rows and re.search(r"\d", cell.text)):
                    text = cell.text if percentages(cell.text) else cell.text.strip() + "%"
                    place = (f"{cap}, row {i + 1} '{_shorten(labels[i], 30)}'"
                             + (f", column '{_shorten(headers.get(j, ''), 30)}'" if headers.get(j) else f", column {j + 1}"))
                    self._check_percentages(text, cell.pos, place, bases)

    @staticmethod
    def _count_columns(headers: dict[int, str], body: list[list[_Cell]],
                       percent_col: dict[int, bool]) -> dict[int, bool]:
        """Columns of counts: a header naming a count, or every figure in the column a whole number.

        A ``c`` in such a column hides a count; elsewhere (a "Previous quarter"
        column of a scorecard mixing counts and percentages) it may hide a
        percentage, and a percentage beside it in the row is not "of" it.
        """
        width = max((len(r) for r in body), default=0)
        out = {}
        for j in range(width):
            if percent_col.get(j, False):
                out[j] = False
                continue
            figures = [r[j].text.strip() for r in body if j < len(r) and r[j].tag == "td"]
            figures = [f for f in figures if re.search(r"\d", f)]
            # a column of zeros (with c and x) does not show what its c hides
            whole = any(f.strip("0") for f in figures) and all(
                re.fullmatch(r"\d{1,3}(?:,\d{3})*|\d+", f) for f in figures)
            header = headers.get(j, "")
            if _OTHER_TIME_HEADER.search(header) and not _COUNT_HEADER.search(header):
                # direction of travel, target, RAG: a c there hides the measure's rating,
                # not the count of the row's percentage
                out[j] = False
                continue
            out[j] = whole or bool(_COUNT_HEADER.search(header))
        return out

    @staticmethod
    def _is_time_column(header: str, percent: bool) -> bool:
        """A column of one measure at one time ("This quarter", "Previous quarter", "2024-25 Q2")."""
        return bool(_TIME_HEADER.search(header)) and not percent and not _COUNT_HEADER.search(header)

    @staticmethod
    def _other_times(first: str, second: str) -> bool:
        """Whether two column headers each name a time, and not the same one ("this year", "last year")."""
        a = [m.group(0).lower() for m in _TIME_HEADER.finditer(first)]
        b = [m.group(0).lower() for m in _TIME_HEADER.finditer(second)]
        return len(a) == 1 and len(b) == 1 and a[0] != b[0]

    def _check_table(self, table: _Table) -> None:
        cap = f"table '{_shorten(table.caption)}'" if table.caption.strip() else "table without caption"
        header_rows = table.head_rows or ([0] if table.rows and all(c.tag == "th" for c in table.rows[0]) else [])
        headers: dict[int, str] = {}
        for r in header_rows:
            for j, cell in enumerate(table.rows[r]):
                headers[j] = (headers.get(j, "") + " " + cell.text).strip()
        if not any(c.tag == "td" for row in table.rows for c in row):
            header_rows = []  # a table of header cells only: its figures are in <th>
        for r in header_rows:
            row = table.rows[r]
            numeric = [c for c in row if _BAND_LABEL.fullmatch(c.text.strip())]
            for j, cell in enumerate(row):
                # Column headers are labels ("1", "3-4", "5+", "2024-25 Q3"), but not
                # "Secure (n=3)" or "Boys (3)": counts when plainly of people. A lone bare
                # number among words ("Secure children's home | 3") is a figure, not a band.
                figure = (j > 0 and len(numeric) == 1 and numeric[0] is cell
                          and _BARE_NUMBER.fullmatch(cell.text.strip()) is not None)
                self._check_text(cell.text, cell.pos, f"{cap}, header '{_shorten(cell.text, 30)}'",
                                 counts=True, labels=not figure)
        body = [row for i, row in enumerate(table.rows) if i not in header_rows]
        percent_col = {
            j: bool(re.search(r"%|percent|per\s*cent|proportion", h, re.IGNORECASE)) for j, h in headers.items()
        }
        count_col = self._count_columns(headers, body, percent_col)
        caption_bases = denominators(table.caption)
        points = table.points + point_bases(table.caption)
        self._check_columns(cap, headers, body)
        for i, row in enumerate(body, 1):
            label = next((c.text.strip() for c in row if c.tag == "th"), "")
            suppressed_cols: list[int] = []
            row_pcts: list[tuple[int, _Cell]] = []
            bases: list[int] = []
            for j, cell in enumerate(row):
                header = headers.get(j, "")
                place = f"{cap}, row {i}" + (f" '{_shorten(label, 30)}'" if label else "") + (
                    f", column '{_shorten(header, 30)}'" if header else f", column {j + 1}")
                text = cell.text
                if cell.tag == "th":
                    # Row and column headers are labels (bands "1 move", "3-4", quarters):
                    # the identifier rules apply, and counts only when plainly of people;
                    # but a bare number in a header cell after the row's label, or under a
                    # column header that counts people, is a figure set in <th>.
                    first_th = next(k for k, c in enumerate(row) if c.tag == "th")
                    figure = _BARE_NUMBER.fullmatch(text.strip()) is not None and (
                        (j > first_th and not _BAND_HEADER.search(header))
                        or (bool(_COUNT_HEADER.search(header)) and not _BAND_HEADER.search(header)))
                    self._check_text(text, cell.pos, place, counts=True, labels=not figure)
                    continue
                counts = not _NOT_COUNT_HEADER.search(header) or bool(re.search(r"\bnumber\b", header, re.I))
                self._check_text(text, cell.pos, place, counts=counts)
                if is_suppression_symbol(text) and count_col.get(j, False):
                    suppressed_cols.append(j)
                if percentages(text) or percent_col.get(j, False):
                    if not _COMPARATOR_HEADER.search(header) and re.search(r"\d", text):
                        row_pcts.append((j, cell))
                elif _BASE_HEADER.search(header):
                    nums = re.findall(r"\d{1,3}(?:,\d{3})+|\d+", text)
                    if len(nums) == 1:
                        bases.append(int(nums[0].replace(",", "")))
            small_bases = [b for b in bases if 1 <= b < self.small_group]
            if small_bases:
                # All of a small group in one count column of the row ("Total 6, not achieved 6");
                # with a single count column beside the Total, none of it too ("Total 6, achieved 0").
                # Zeros in a distribution (a from-to table) say nothing about every member.
                outcome_cols = [j for j, cell in enumerate(row)
                                if cell.tag == "td" and not percent_col.get(j, False)
                                and not _NOT_COUNT_HEADER.search(headers.get(j, ""))
                                and not _BASE_HEADER.search(headers.get(j, ""))
                                and not _COMPARATOR_HEADER.search(headers.get(j, ""))]
                for j in outcome_cols:
                    cell, header = row[j], headers.get(j, "")
                    value = cell.text.strip().replace(",", "")
                    if value.isdigit() and (int(value) in small_bases
                                            or (int(value) == 0 and len(outcome_cols) == 1)):
                        place = f"{cap}, row {i}" + (f" '{_shorten(label, 30)}'" if label else "") + (
                            f", column '{_shorten(header, 30)}'" if header else f", column {j + 1}")
                        self._add(cell.pos, "attribute-disclosure",
                                  f"{value} of a group of {small_bases[0]} (under {self.small_group}) says something "
                                  f"about every one of them", place)
            for j, cell in row_pcts:
                header = headers.get(j, "")
                place = f"{cap}, row {i}" + (f" '{_shorten(label, 30)}'" if label else "") + (
                    f", column '{_shorten(header, 30)}'" if header else f", column {j + 1}")
                # In a scorecard each time column is the measure at another time: this quarter's c
                # hides this quarter's value, not the count of last quarter's percentage.
                # Likewise a row of this year's count beside last year's percentage ("Pupils this
                # year" c, "Last year %" 35%): the c is not the base of a percentage of another time.
                if any(not (self._is_time_column(headers.get(js, ""), percent_col.get(js, False))
                            and self._is_time_column(header, percent_col.get(j, False)))
                       and not self._other_times(headers.get(js, ""), header)
                       for js in suppressed_cols):
                    self._add(cell.pos, "suppressed-percentage",
                              f"percentage {cell.text.strip()!r} shown beside a suppressed count (c) in the same row",
                              place)
                elif bases or caption_bases or points:
                    text = cell.text if percentages(cell.text) else cell.text.strip() + "%"
                    self._check_percentages(text, cell.pos, place, bases + caption_bases, points)


_TIME_HEADER = re.compile(
    r"\b(?:this|previous|last|prior|current|latest|earlier)\s+(?:quarter|year|month)\b|^\s*(?:19|20)\d\d-\d\d"
    r"(?:\s*Q[1-4])?\s*$|^\s*Q[1-4]\s*$",
    re.IGNORECASE,
)
_OTHER_TIME_HEADER = re.compile(
    r"\b(?:direction|trend|target|rag)\b", re.IGNORECASE
)
# A header cell that reads as a band or period label: "1", "3-4", "5+", "2024-25", "Q3".
_BAND_LABEL = re.compile(r"\d[\d,]*\s*(?:(?:-|–|to)\s*\d+|\+|or\s+more)?|(?:19|20)\d\d-\d\d(?:\s*Q[1-4])?|Q[1-4]",
                         re.IGNORECASE)
_BARE_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})*|\d+")
# Column headers under which a number in a header cell is a label (a band), not a figure.
_BAND_HEADER = re.compile(
    r"\b(?:placements?|moves?|bands?|changes?|ages?|aged|years?|times|episodes?|quarters?|schools?|group"
    r"|stages?|grades?|levels?|phases?|scores?|rank|priority|pledge|measure|id)\b",
    re.IGNORECASE,
)
_COUNT_HEADER = re.compile(
    r"\b(?:number|count|children|pupils|young\s+people|care\s+leavers|cohort|total|n)\b", re.IGNORECASE
)


def checkable_ids(child_ids: Iterable[str]) -> frozenset[str]:
    """The CHILD ids the gate looks for: 4 or more characters, 6 or more when all digits.

    Shorter ids (the letters ``A``-``I`` of a test fixture, a 4-digit number)
    cannot be told apart from ordinary words, years and counts.
    """
    return frozenset(
        i for i in (str(c).strip() for c in child_ids) if len(i) >= 4 and not (i.isdigit() and len(i) < 6)
    )


def check_html(html: str, *, policy: DisclosurePolicy, name: str = "<page>",
               child_ids: Iterable[str] = ()) -> list[Finding]:
    """Every reason to refuse one page.

    Parameters
    ----------
    html : str
        The page.
    name : str
        How findings name the page (its path).
    policy : DisclosurePolicy
        The run's disclosure policy: counts from 1 to ``policy.threshold - 1``
        are refused. There is no default: the gate checks what the run asked.
    child_ids : iterable of str
        CHILD ids from the data; those of 4 or more characters (6 or more when
        all digits) are refused wherever they appear, in any case, as a word
        or joined to others by ``-``, ``_``, ``.``, ``:``, ``/`` or ``#``: in
        text, in any attribute name or value (``id``, ``class``, ``data-*``),
        in ``style`` and in ``<style>``.

    Returns
    -------
    list of Finding
        Empty when the page may be published.
    """
    if not isinstance(policy, DisclosurePolicy):
        raise TypeError(f"policy must be a DisclosurePolicy, not {type(policy).__name__}")
    ids = frozenset(i.upper() for i in checkable_ids(child_ids))
    parser = _PageParser(name, policy.threshold, ids, policy.small_group)
    parser.feed(html)
    parser.close()
    return sorted(set(parser.findings), key=lambda f: (f.line, f.column, f.rule, f.detail))


def check_dir(folder: Path, *, policy: DisclosurePolicy, child_ids: Iterable[str] = ()) -> list[Finding]:
    """Check every ``*.html`` file under ``folder`` (recursively).

    Raises
    ------
    InputError
        ``folder`` is missing, not a folder, or holds no HTML.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    pages = sorted(folder.rglob("*.html"))
    if not pages:
        raise InputError(f"{folder}: no .html files to check")
    ids = list(child_ids)
    findings: list[Finding] = []
    for page in pages:
        try:
            text = page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{page}: cannot be read as UTF-8 text ({exc})") from exc
        findings += check_html(text, name=str(page), policy=policy, child_ids=ids)
    return findings


def format_findings(findings: list[Finding], limit: int = 50) -> str:
    """Findings one per line, at most ``limit`` of them."""
    lines = [str(f) for f in findings[:limit]]
    if len(findings) > limit:
        lines.append(f"... and {len(findings) - limit} more")
    return "\n".join(lines)
