"""Find the numbers in published text that could be counts of children.

The publication gate (:mod:`cpanalysis.publish.gate`) asks two questions of every
piece of text on a page: which whole numbers in it read as counts, and which
percentages come with a denominator that reveals their numerator. Both are
answered here with regular expressions and short look-behind / look-ahead
windows, so every rule can be read and tested on its own.

A whole number is **not** read as a count when it is (the "safe shapes"):

* part of an identifier or code, i.e. touching a letter: ``Q3``, ``KS4``,
  ``P3.7``, ``E4A``, ``3rd``;
* a decimal (``2.5``), a percentage (``14%``, handled separately), a time or
  ratio (``10:30``), part of a date written with slashes (refused elsewhere);
* one end of a range or ratio: ``1 to 4``, ``1-4``, ``3–4``, ``2024-25``, ``between 1 and 4``,
  ``1 in 3``;
* a threshold: ``fewer than 5``, ``under 3``, ``at least 2``, ``aged 4``,
  ``3 or more``, ``5+``;
* followed by a unit or a thing that is not people: days, weeks, months,
  years, hours, miles, km, times, percentage points; measures, indicators,
  pledges, quarters, sections, tables, charts, bands, councils, regions;
* a day of a month: ``1 April``, ``March 31``;
* a label: ``table 2``, ``pledge 3``, ``key stage 2``, ``grade 4``, ``year 6``,
  ``bands 1, 2, 3-4 and 5+``;
* a difference: ``3 more than``, ``2 fewer children than``, ``rose by 3``, ``+3``;
* money: ``£3``; a code with a leading zero: ``Council 004``;
* the council's own name for cared for children: ``cared 4 children``.

Anything else from 1 to ``threshold - 1`` is a count. Numbers written as words
and idioms (``three children``, ``a single child``, ``a couple of pupils``,
``both children``, ``one of the care leavers``) are counts only when a word for
people follows them (or a number word stands alone in brackets, ``(four)``),
and not in a caveat about what one child is worth (``one child = 4.8
percentage points``, ``a single pupil is worth``, ``where one child moves the
figure by``, ``if one child``) or a ratio (``one in three care leavers``).

Bases a percentage may be of are found three ways: stated with it
(:func:`denominators`), stated in a sentence that gives no percentage
(:func:`sentence_bases`: "There were 6 pupils in the cohort."), or given by a
note of what one person is worth (:func:`point_bases`: "one child = 20
percentage points" is a group of 5). :func:`all_or_none` finds statements
about all or none of a small group ("0 of 6", "none of the 6", "all 6").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "Base",
    "Percentage",
    "all_or_none",
    "counts_a_reader_can_tell",
    "denominators",
    "implied_small_counts",
    "is_suppression_symbol",
    "people_counts",
    "percentages",
    "point_bases",
    "sentence_bases",
    "sentences",
    "share_of_things",
    "small_counts",
]

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_PEOPLE = (
    r"(?:child|children|young\s+people|young\s+person|care\s+leavers?|individuals?|boys?|girls?|"
    r"pupils?|learners?|students?|persons?|people|babies|baby|siblings?|mothers?|fathers?|parents?|"
    r"adopters?|carers?|families|family|cases?|referrals?|UASC|CLA|CiC|brothers?|sisters?|sons?|daughters?|"
    r"twins|teenagers?|infants?|toddlers?|newborns?|adolescents?|youngsters?|kids|offenders?|residents?|"
    r"service\s+users?|women|men|males?|females?)"
)
# A whole number, with thousands separators, not touching a letter, digit, decimal
# point, slash or colon on either side.
_INT = re.compile(r"(?<![\w.,/:£$€])(\d{1,3}(?:,\d{3})+|\d+)(?![\w/:]|[.,]\d)")
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "a single": 1, "a lone": 1,
          "a sole": 1, "just one": 1, "only one": 1, "a couple of": 2, "a pair of": 2, "both": 2, "a dozen": 12,
          # vague, but said of a group too small to count: read as the most they usually mean
          "a few": 3, "a handful of": 4, "very few": 3, "only a few": 3, "just a few": 3}
_NUMBER_WORD = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
                r"|sixteen|seventeen|eighteen|nineteen|twenty")
# Words that may stand between a number and the people it counts: "three looked after
# children", "two more pupils", "one of the pupils". Not "or more", "in", "to".
_PEOPLE_ADJECTIVES = (
    r"(?:(?:more|other|further|additional|new|separate|different|older|younger|eligible|male|female"
    r"|looked[\s\-]+after|cared[\s\-]+for|unaccompanied|asylum[\s\-]+seeking|disabled|white|black|asian"
    r"|mixed|primary|secondary|nursery|reception|year\s+\d{1,2}|ks\d|key\s+stage\s+\d|post[\s\-]?16"
    r"|sen|send|ehcp|of\s+the|of\s+these|of\s+our|of\s+its)\s+){0,2}"
)
_WORD_COUNT = re.compile(
    r"(?<![\w\-])(" + _NUMBER_WORD + r"|a\s+single|a\s+lone|a\s+sole|just\s+one|only\s+one|a\s+couple\s+of"
    r"|a\s+pair\s+of|both|a\s+dozen|(?:only\s+|just\s+)?a\s+few|very\s+few|a\s+handful\s+of)\s+"
    + _PEOPLE_ADJECTIVES
    + _PEOPLE
    + r"\b(?!\s*(?:=|equals|represents|is\s+worth|would|could|changes|moves|shifts|alters|adds|counts\s+for"
    r"|makes|in\s+a\s+cohort))",
    re.IGNORECASE,
)
# "the only child placed in...", "the single care leaver who...": one, singular.
_THE_ONLY = re.compile(
    r"\bthe\s+(?:single|sole|lone|only|one)\s+" + _PEOPLE_ADJECTIVES
    + r"(child|young\s+person|pupil|care\s+leaver|girl|boy|baby|student|learner|person|individual|sibling"
    r"|mother|father|UASC)(?![\w\-'’])(?!\s*(?:=|equals|represents|is\s+worth))",
    re.IGNORECASE,
)
# A number word alone in brackets: "children in secure homes (four)".
_BRACKETED_WORD = re.compile(r"\(\s*(" + _NUMBER_WORD + r")\s*\)", re.IGNORECASE)

# "if one child moved ...", "where one child moves the figure by ...": a caveat, not a count.
_HYPOTHETICAL = re.compile(r"\b(?:if|where|when|each|every|per|any)\s+$|(?:\b(?:one|a|" + _NUMBER_WORD + r")|\d)\s+in\s+$",
                           re.IGNORECASE)
_SAFE_AFTER = re.compile(
    r"^\s*(?:"
    r"%|per\s*cent|percent"  # percentages: checked by the percentage rule
    r"|(?:-|–|—|to)\s*\d"  # start of a range
    r"|in\s+\d"  # a ratio: 1 in 3
    r"|\+|plus\b|or\s+(?:more|fewer|less|over|above|under|older|younger|higher|lower)\b"
    r"|(?:(?:working|return|school|academic|financial|calendar|full|whole|complete|reporting)\s+)?(?:days?|weeks?|months?|years?|yrs?|hours?|hrs?|minutes?|mins?|seconds?"
    r"|miles?|km|kilometres?|metres?|times|percentage\s+points?|pp|points?)\b"
    # things that are not people: "3 measures stand out", "2 pledges", "4 quarters"
    r"|(?:measures?|indicators?|pledges?|priorities|quarters?|sections?|tables?|charts?|figures?"
    r"|briefings?|pages?|categories|bands?|councils?|authorities|regions?|steps?|rules?|checks?"
    r"|decimal\s+places?|significant\s+figures?)\b"
    r"|(?:" + _MONTHS + r")\b"
    r"|(?:more|fewer|less|higher|lower)\s+(?:\w+\s+){0,2}than\b"
    r")",
    re.IGNORECASE,
)
_LABELS = (
    r"table|tables|figure|figures|chart|charts|section|sections|pledge|pledges|stage|stages|step|steps"
    r"|page|pages|version|appendix|annex|note|notes|footnote|level|levels|grade|grades|band|bands"
    r"|tier|tiers|phase|year|years|question|part|chapter|priority|schedule|article|regulation"
    # not "quarter": quarters are written Q3, and "in the quarter 3 children left" is a count
    r"|rule|wave|item|row|column|no\.|option|indicator|q|group|groups|category"
    r"|categories|sdq|attainment|progress"
)
_SAFE_BEFORE = re.compile(
    r"(?:"
    r"\d\s*(?:-|–|—|to)\s*$"  # end of a range
    r"|\d\s+in\s+$"  # a ratio: 1 in 3
    r"|\bbetween\s+$|\bbetween\s+\d+\s+and\s+$|\bfrom\s+\d+\s+to\s+$"
    r"|\b(?:fewer|less|more|greater|higher|lower|other)\s+than\s+$"
    r"|\b(?:under|over|above|below|at\s+least|at\s+most|up\s+to|aged|age|ages|within|than)\s+$"
    r"|\b(?:rose|fell|increased|decreased|risen|fallen|dropped|grew|grown|change|changed|up|down|difference)"
    r"\s+(?:by|of)\s+$"
    r"|(?:^|[\s(])[+−]$|(?:^|\s)-$"  # signed differences
    r"|[£$€]$"
    r"|\bcared\s+$"  # the council's own "cared 4 children" (cared for children)
    r"|\b(?:" + _MONTHS + r")\s+$"
    r"|\b(?:" + _LABELS + r")\s*\(?(?:[\d\-–+]+\s*(?:,|and|or|&)\s*)*$"
    r")",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?)\s*(?:%|per\s*cent\b|percent\b)", re.IGNORECASE)
# Denominators stated in words next to a percentage. "of N" alone is too common
# ("a score of 17", "the end of 2024") to be a base unless people follow it or
# a count (or c) comes before it: "of 21 children", "3 of 21", "c of 21".
_DENOMINATOR = re.compile(
    r"(?:(?:\bout\s+of|\bcohort\s+of|\bgroup\s+of|\btotal\s+of|\bamong)\s+|\bn\s*=\s*)"
    r"(\d{1,3}(?:,\d{3})+|\d+)(?![\w.%]|\s*%)"
    r"|\bof\s+(?:the\s+|all\s+|these\s+)?(\d{1,3}(?:,\d{3})+|\d+)(?=\s+(?:[\w\-]+\s+){0,2}" + _PEOPLE + r"\b)"
    r"|(?:\d|\bc)\s+of\s+(?:the\s+)?(\d{1,3}(?:,\d{3})+|\d+)(?![\w.%]|\s*%)"
    r"|(?:%|\bper\s*cent|\bpercent)\s+of\s+(?:the\s+|all\s+|these\s+)?(\d{1,3}(?:,\d{3})+|\d+)(?![\w.%]|\s*%)",
    re.IGNORECASE,
)
# Percentages that are not a share of the group: levels of confidence and limits,
# and the ends of an interval ("95% confidence interval 18% to 51%").
_NOT_A_SHARE_AFTER = re.compile(
    r"^\s*(?:confidence|ci\b|limits?|control|credible|interval|significance|level|(?:to|-|–)\s*\d+(?:\.\d+)?\s*%)",
    re.IGNORECASE,
)
_NOT_A_SHARE_BEFORE = re.compile(r"(?:\d\s*%\s*(?:to|-|–)\s*|\binterval\s*(?:of\s+|:\s*|\(\s*)?|\bci\s*[:(]?\s*)$",
                                 re.IGNORECASE)
_SYMBOLS = {"c", "[c]", "c*", "*", "low", "supp", "suppressed", "<5", "< 5", "fewer than 5", "less than 5"}


def is_suppression_symbol(text: str) -> bool:
    """Whether a table cell holds a suppression mark (``c`` and its common variants)."""
    return text.strip().lower() in _SYMBOLS


def _as_int(token: str) -> int:
    return int(token.replace(",", ""))


def people_counts(text: str, threshold: int) -> list[tuple[int, int]]:
    """The counts of :func:`small_counts` that are plainly of people: ``3 children``, ``(3)``, ``n = 3``.

    Used for header cells, which are labels (``1 move``, ``Year 1``, ``3-4``)
    unless they say how many people they hold.
    """
    out = []
    for value, offset in small_counts(text, threshold):
        after, before = text[offset:], text[:offset]
        number = re.match(r"\d+", after)
        rest = after[number.end():] if number else after
        if (not number  # a number written as a word is only ever found before people
                or re.match(r"\s+(?:[\w\-]+\s+){0,2}" + _PEOPLE + r"\b", rest, re.IGNORECASE)
                or (re.search(r"\(\s*$", before) and re.match(r"\s*\)", rest))
                or re.search(r"\bn\s*[=:]\s*$", before, re.IGNORECASE)):
            out.append((value, offset))
    return out


def small_counts(text: str, threshold: int) -> list[tuple[int, int]]:
    """Counts from 1 to ``threshold - 1`` that ``text`` shows.

    Parameters
    ----------
    text : str
        One block of text (a paragraph, a table cell, alt text).
    threshold : int
        Smallest count that may be published.

    Returns
    -------
    list of (int, int)
        ``(value, offset)`` of each count found, ``offset`` into ``text``.

    Examples
    --------
    >>> small_counts("3 of 21 children (14%) in 2024-25 Q3", 5)
    [(3, 0)]
    >>> small_counts("Counts from 1 to 4 are shown as c", 5)
    []
    """
    found = []
    for m in _INT.finditer(text):
        value = _as_int(m.group(1))
        if not 1 <= value < threshold or m.group(1).startswith("0"):
            continue  # "004" is a code (Synthetic Council 004), not a count
        before, after = text[max(0, m.start() - 60) : m.start()], text[m.end() : m.end() + 40]
        if _SAFE_AFTER.match(after) or _SAFE_BEFORE.search(before):
            continue
        found.append((value, m.start()))
    for m in _WORD_COUNT.finditer(text):
        if _HYPOTHETICAL.search(text[max(0, m.start() - 20) : m.start()]):
            continue
        word = " ".join(m.group(1).lower().split())
        if word == "both" and re.match(r"\s*(?:and|or|&)\b", text[m.end():]):
            continue  # "both boys and girls"
        value = _WORDS[word]
        if value < threshold:
            found.append((value, m.start()))
    whole = re.fullmatch(r"\s*(" + _NUMBER_WORD + r")\s*[.;:]?\s*", text, re.IGNORECASE)
    if whole and _WORDS[whole.group(1).lower()] < threshold:
        found.append((_WORDS[whole.group(1).lower()], whole.start(1)))  # a cell that reads "three"
    if threshold > 1:
        found += [(1, m.start()) for m in _THE_ONLY.finditer(text)]
    for m in _BRACKETED_WORD.finditer(text):
        value = _WORDS[m.group(1).lower()]
        if value < threshold:
            found.append((value, m.start()))
    return sorted(found, key=lambda vo: vo[1])


@dataclass(frozen=True)
class Percentage:
    """A percentage as printed: its value, decimal places and offset in the text."""

    value: Decimal
    places: int
    offset: int
    end: int = -1  #: where the percentage ends in the text (-1: not known)


# Shares in words: "half of the 6 pupils", "A third met the standard". Not times: "the
# first half of the year", "half of 2024", "a quarter of the year".
_FRACTIONS = {"half": 50, "third": 33, "thirds": 67, "quarter": 25, "quarters": 75, "fifth": 20}
_FRACTION = re.compile(
    r"(?<![\w\-])(?:(?:a|one)\s+)?(half|third|quarter|fifth)(?![\w\-])|(?<![\w\-])(?:two[\s\-]+(thirds)"
    r"|three[\s\-]+(quarters))(?![\w\-])"
)
_FRACTION_AFTER = re.compile(
    r"\s+(?:of\b(?!\s+(?:the\s+|this\s+|that\s+|a\s+)?(?:year|quarter|month|term|period|time|day|week|decade"
    r"|century|(?:19|20)\d\d)\b)|(?:met|were|was|had|have|are|is|did|achieved|moved|left|got|reached|attended"
    r"|took|passed)\b)",
    re.IGNORECASE,
)


def _fractions(text: str) -> list[Percentage]:
    out = []
    for m in _FRACTION.finditer(text.lower()):
        if not _FRACTION_AFTER.match(text, m.end()):
            continue
        if re.search(r"\b(?:first|second|last|latter|former|final|next|each|every|per)\s+$", text[max(0, m.start() - 12):m.start()],
                     re.IGNORECASE):
            continue  # "the first half of", "each quarter"
        word = next(g for g in m.groups() if g)
        out.append(Percentage(Decimal(_FRACTIONS[word]), 0, m.start(), m.end()))
    return out


# "33% of the reviews", "half of the placements": a share of things the text names, not of people.
_OF_THINGS = re.compile(
    r"\s+of\s+(?:the\s+|these\s+|those\s+|their\s+|all\s+|its\s+)?(?:[\w\-]+\s+){0,2}?(?!" + _PEOPLE
    + r"\b)(?:reviews?|placements?|moves?|visits?|plans?|peps?|assessments?|checks?|episodes?|days?|hours?|sessions?"
    r"|cases?\s+notes?|records?|returns?|referrals?|figures?|measures?|schools?|homes?|councils?|offences?"
    r"|exclusions?|absences?|contacts?|appointments?|meetings?|hearings?|orders?)\b",
    re.IGNORECASE,
)


def share_of_things(text: str, pct: Percentage) -> bool:
    """Whether ``pct`` is said to be of things, not people: "33% of the reviews were late"."""
    return pct.end >= 0 and _OF_THINGS.match(text, pct.end) is not None


def percentages(text: str) -> list[Percentage]:
    """Every percentage written in ``text`` as a share of a group (``14%``, ``14.3 per cent``, ``a third``).

    Confidence levels and interval ends (``95% confidence interval 18% to 51%``)
    are left out: they are not a count divided by the group. Fractions in words
    ("half of", "a third met") are read as whole-number percentages (50, 33).
    """
    out = _fractions(text) if _FRACTION.search(text.lower()) else []
    for m in _PERCENT.finditer(text):
        if _NOT_A_SHARE_AFTER.match(text[m.end() : m.end() + 40]) or _NOT_A_SHARE_BEFORE.search(
            text[max(0, m.start() - 40) : m.start()]
        ):
            continue
        token = m.group(1)
        places = len(token.split(".")[1]) if "." in token else 0
        out.append(Percentage(Decimal(token), places, m.start(), m.end()))
    return sorted(out, key=lambda p: p.offset)


def denominators(text: str) -> list[int]:
    """Whole numbers stated as a base: ``of 21 children``, ``3 of 21``, ``c of 21``, ``out of 21``,
    ``n = 21``, ``cohort of 21``.

    Years (a bare 1900-2100, as in "the end of 2024") are not bases.
    """
    out = []
    for m in _DENOMINATOR.finditer(text):
        token = next(g for g in m.groups() if g)
        if not re.fullmatch(r"(?:19|20)\d\d|2100", token):
            out.append(_as_int(token))
    return out


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def implied_small_counts(pct: Percentage, denominator: int, threshold: int, *,
                         either_rounding: bool = False) -> list[int]:
    """Counts from 1 to ``threshold - 1`` out of ``denominator`` that print as ``pct``.

    A percentage of a known base reveals its numerator: with a base of 21,
    14% can only be 3 (3/21 = 14.29%). Rounding is half away from zero, as
    DfE's ``round_five_up`` (1/8 = 12.5% -> 13%). With ``either_rounding`` (the
    gate, which reads pages it did not print) half to even counts too (Python's
    format prints 1/8 as 12%): a reader of either can tell the count.

    Examples
    --------
    >>> from decimal import Decimal
    >>> implied_small_counts(Percentage(Decimal(14), 0, 0), 21, 5)
    [3]
    >>> implied_small_counts(Percentage(Decimal(16), 0, 0), 500, 5)
    []
    """
    if denominator <= 0 or pct.value == 0:
        # 0% is a true zero by convention (a count that rounds to zero is shown as k).
        return []
    return [
        k
        for k in range(1, min(threshold, denominator + 1))
        if (_prints_as(Decimal(100 * k) / Decimal(denominator), pct) if either_rounding
            else _round(Decimal(100 * k) / Decimal(denominator), pct.places) == pct.value)
    ]


def _prints_as(exact: Decimal, pct: Percentage) -> bool:
    """Whether ``exact`` rounds to ``pct`` at its places, half up or half to even."""
    return abs(exact - pct.value) <= Decimal(5).scaleb(-pct.places - 1)


# -- bases stated near a percentage ---------------------------------------------------


@dataclass(frozen=True)
class Base:
    """The size of a group as a reader can work it out: exactly (``lo == hi``) or within a range.

    A range comes from a rounded statement: "about 540 reviews", or "one child =
    2 percentage points" (any group of 41 to 66).
    """

    lo: int
    hi: int

    @property
    def exact(self) -> bool:
        return self.lo == self.hi

    def __str__(self) -> str:
        return str(self.lo) if self.exact else f"{self.lo} to {self.hi}"


_APPROXIMATE = re.compile(r"\b(?:about|around|approximately|approx\.?|roughly|nearly|almost|some|over|more\s+than"
                          r"|c\.|circa|~)\s*$", re.IGNORECASE)
_PEOPLE_NUMBER = re.compile(
    r"(?<![\w.,/:£$€\-])(\d{1,3}(?:,\d{3})+|\d+|" + _NUMBER_WORD + r")\s+" + _PEOPLE_ADJECTIVES + _PEOPLE + r"\b",
    re.IGNORECASE,
)
# "The cohort was 6", "the year group numbered six", "6 were eligible", "6 in the cohort".
_GROUP_NUMBER = re.compile(
    r"\b(?:cohort|year\s+group|group|denominator|base|total)(?:\s+(?:was|is|were|numbered|totalled|of)|\s*[:=])\s*"
    r"(\d{1,3}(?:,\d{3})+|\d+|" + _NUMBER_WORD + r")\b(?!\s*(?:%|per\s*cent|percent|\.\d))"
    r"|(?<![\w.,/:£$€\-])(\d{1,3}(?:,\d{3})+|\d+|" + _NUMBER_WORD + r")\s+(?:were\s+|are\s+|was\s+|is\s+)?"
    r"(?:in\s+(?:the|this|that)\s+(?:cohort|year\s+group|group)|eligible)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9(])")


def sentences(text: str) -> list[str]:
    """``text`` split into sentences (after ``.``, ``!``, ``?`` or ``;`` and a space)."""
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def _number(token: str) -> int:
    word = token.lower()
    return _WORDS[word] if word in _WORDS else _as_int(token)


def sentence_bases(text: str) -> list[Base]:
    """Groups stated in sentences of ``text`` that give no percentage: "There were 6 pupils in the cohort."

    A sentence that gives a number of people and no percentage tells the reader
    the size of a group that a percentage near it may be of. A sentence with a
    percentage in it ("25 children (8%)") is not read this way: there the number
    is the count and the percentage its share of another group. Numbers after
    "about" and the like are ranges (plus or minus 5, or 5%, whichever is wider).
    """
    out = []
    for sentence in sentences(text):
        if _PERCENT.search(sentence):
            continue
        matches = [(m, m.group(1), m.start(1)) for m in _PEOPLE_NUMBER.finditer(sentence)]
        matches += [(m, m.group(1) or m.group(2), m.start(1) if m.group(1) else m.start(2))
                    for m in _GROUP_NUMBER.finditer(sentence)]
        for m, token, start in matches:
            before = sentence[max(0, start - 30):start]
            if _SAFE_BEFORE.search(before) or _HYPOTHETICAL.search(before[-20:]):
                continue  # "more than 5 children", "aged 4 children", "if 20 pupils"
            n = _number(token)
            if n < 1 or (token.isdigit() and re.fullmatch(r"(?:19|20)\d\d", token)):
                continue
            if _APPROXIMATE.search(before):
                margin = max(5, n // 20)
                out.append(Base(max(1, n - margin), n + margin))
            else:
                out.append(Base(n, n))
    return out


_POINTS = re.compile(
    r"\b(?:one|each|every|a\s+single|a|1)\s+(?:(?:more|additional|extra)\s+)?" + _PEOPLE_ADJECTIVES + _PEOPLE
    + r"\s*(?:=|equals|is\s+worth|represents|counts\s+for|is|adds|(?:moves|changes|shifts|alters)\s+"
    r"(?:the\s+)?(?:figure|percentage|rate|share|result)s?\s+by)\s*(?:about\s+|around\s+|roughly\s+)?"
    r"(\d+(?:\.\d+)?)\s*(?:percentage\s+points?|pp\b|points?\b|%)",
    re.IGNORECASE,
)


# A note about a made-up group, not this one: "100/n", "in a year group of 20", "for example".
_POINTS_HYPOTHETICAL = re.compile(
    r"(?:100\s*/\s*n\b|\bin\s+a\s+(?:year\s+)?(?:group|cohort|class)\s+of\b|\bfor\s+(?:example|instance)\b"
    r"|\be\.g\.|\bif\b|\bwhere\b|\bsay\b)[^.;]*$",
    re.IGNORECASE,
)


def point_bases(text: str) -> list[Base]:
    """Groups given by a note of what one person is worth: "one child = 20 percentage points" is a group of 5.

    One child is ``100/n`` points of a group of ``n``; the note, rounded as
    printed, gives every ``n`` it could be (2 points: 41 to 66; 20 points: 5).
    """
    out = []
    for m in _POINTS.finditer(text):
        if _POINTS_HYPOTHETICAL.search(text[:m.start()]):
            continue  # "in a year group of 20, a single pupil moves the percentage by 5 points"
        token = m.group(1)
        places = len(token.split(".")[1]) if "." in token else 0
        value = Decimal(token)
        half = Decimal(5).scaleb(-places - 1)
        if value - half <= 0:
            continue
        hi = int(Decimal(100) / (value - half)) + 1
        lo = max(1, int(Decimal(100) / (value + half)))
        # inclusive at both ends: the note may have been rounded half up or half to even
        ns = [n for n in range(lo, hi + 1) if abs(Decimal(100) / Decimal(n) - value) <= half]
        if ns:
            out.append(Base(min(ns), max(ns)))
    return out


def counts_a_reader_can_tell(pct: Percentage, base: Base, threshold: int) -> list[int]:
    """The counts from 1 to ``threshold - 1`` a reader can tell ``pct`` of ``base`` is.

    For an exact base, every small count that prints as ``pct`` (as
    :func:`implied_small_counts`). For a range, the counts that print as ``pct``
    for some group in the range, when all of them are small: "8%" of a group of
    41 to 66 could be 4 or 5, which does not tell the reader the count is small.
    """
    if base.exact:
        return implied_small_counts(pct, base.lo, threshold, either_rounding=True)
    if pct.value == 0 or base.hi - base.lo > 5000:
        return []
    # |100k/n - pct| <= half a unit, in whole numbers: |100 k scale - v n| <= 5 n
    scale = 10 ** (pct.places + 1)
    v = int(pct.value * scale)
    ks: set[int] = set()
    for n in range(base.lo, base.hi + 1):
        k0 = v * n // (100 * scale)
        for k in (k0 - 1, k0, k0 + 1, k0 + 2):
            if 0 <= k <= n and abs(100 * k * scale - v * n) <= 5 * n:
                if not 1 <= k < threshold:
                    return []  # a count the reader cannot tell from a publishable one
                ks.add(k)
    return sorted(ks)


_ALL_OR_NONE = re.compile(
    r"\b(?P<none>0|zero|none|no\s+one|not\s+one|nobody|neither)\s+(?:out\s+)?of\s+(?:the\s+|these\s+|those\s+|its\s+"
    r"|our\s+|all\s+)?(?P<n1>\d+|" + _NUMBER_WORD + r")\b"
    r"|\b(?P<k>\d+|" + _NUMBER_WORD + r")\s+(?:out\s+)?of\s+(?:the\s+|these\s+|those\s+|all\s+)?(?P<n2>\d+|"
    + _NUMBER_WORD + r")\b"
    r"|\b(?:all|every\s+one\s+of|each\s+of)\s+(?:of\s+)?(?:the\s+|these\s+|those\s+|its\s+|our\s+)?(?P<n3>\d+|"
    + _NUMBER_WORD + r")\b(?!\s*(?:%|per\s*cent|percent))",
    re.IGNORECASE,
)


_OF_PEOPLE_AFTER = re.compile(r"\s+" + _PEOPLE_ADJECTIVES + r"(?:[\w\-]+\s+)?" + _PEOPLE + r"\b", re.IGNORECASE)
_VERB_AFTER = re.compile(
    r"\s+(?:met|were|was|are|is|had|have|has|achieved|did|didn't|left|moved|attended|passed|got|reached|went"
    r"|stayed|returned|remain(?:ed)?|took|received|sat|completed|failed)\b",
    re.IGNORECASE,
)


def all_or_none(text: str, small_group: int) -> list[tuple[str, int, int]]:
    """Statements about every member, or none, of a group smaller than ``small_group``.

    "0 of 6", "6 of 6", "none of the 6", "all 6 children", "all six pupils":
    each tells the reader something about every child in the group (attribute
    disclosure). Returns ``(phrase, group size, offset)``. Groups of things that
    are not people ("all 4 quarters", "all 3 measures", "all 8 return years")
    and years ("none of 2024") are left out.
    """
    out = []
    for m in _ALL_OR_NONE.finditer(text):
        token = m.group("n1") or m.group("n2") or m.group("n3")
        if token.isdigit() and (token.startswith("0") or re.fullmatch(r"(?:19|20)\d\d", token)):
            continue
        n = _number(token)
        if m.group("k") is not None and _number(m.group("k")) != n:
            continue  # "3 of 21": a count, read by small_counts
        if not 1 <= n < small_group:
            continue
        after = text[m.end():m.end() + 40]
        if _SAFE_AFTER.match(after) or re.match(r"\s*(?:-|–|—|to|and|or)\s*\d", after):
            continue  # "all 4 quarters", "all 3 measures", "none of 1 to 4"
        if re.match(r"\s*(?:%|per\s*cent|percent)", after):
            continue
        if (re.match(r"\s+[a-z]", after, re.IGNORECASE) and not _OF_PEOPLE_AFTER.match(after)
                and not _VERB_AFTER.match(after)):
            continue  # "all 4 key stages", "none of the 6 notebooks": not people
        out.append((m.group(0), n, m.start()))
    for sentence_start, sentence in _sentences_with_offsets(text):
        groups = [n for n in denominators(sentence) if 1 <= n < small_group]
        if not groups:
            continue
        for m in _NONE_OR_ALL.finditer(sentence):
            out.append((m.group(0), groups[0], sentence_start + m.start()))
    return out


# "Of the 6 pupils with 5+ moves, 0 achieved" / "none achieved" / "all of them achieved".
_NONE_OR_ALL = re.compile(
    r"(?<![\w.,%\-])0(?![\w.,%]|\s*(?:%|per\s*cent|-|–|to\b))"
    r"|\b(?:none|nobody|no\s+one|not\s+one)\b(?!\s+(?:of|is|are)\b)|\ball\s+of\s+them\b|\bevery\s+one\s+of\s+them\b",
    re.IGNORECASE,
)


def _sentences_with_offsets(text: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append((start, text[start:m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return [(o, s) for o, s in out if s.strip()]
