"""Read what a reader sees: every table (caption, header row, body rows) and number sentences."""

from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["Table", "sentences", "tables"]


@dataclass
class Table:
    page: str
    caption: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    index: int = 0

    def col(self, name: str) -> int:
        return self.header.index(name)


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[tuple[str, list[list[str]]]] = []
        self.stack: list[dict] = []
        self.text: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.stack.append({"caption": None, "rows": [], "row": None})
        elif not self.stack:
            return
        elif tag == "caption":
            self.stack[-1]["caption"] = ""
            self.text = ""
        elif tag == "tr":
            self.stack[-1]["row"] = []
        elif tag in ("td", "th"):
            self.text = ""
        elif tag == "br" and self.text is not None:
            self.text += " "

    def handle_endtag(self, tag):
        if not self.stack:
            return
        t = self.stack[-1]
        if tag == "caption":
            t["caption"] = _clean(self.text or "")
            self.text = None
        elif tag in ("td", "th") and t["row"] is not None and self.text is not None:
            t["row"].append(_clean(self.text))
            self.text = None
        elif tag == "tr" and t["row"] is not None:
            t["rows"].append(t["row"])
            t["row"] = None
        elif tag == "table":
            self.stack.pop()
            self.out.append((t["caption"] or "", t["rows"]))

    def handle_data(self, data):
        if self.text is not None:
            self.text += data


def _clean(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\xa0", " ")).strip()


def tables(page: str, text: str) -> list[Table]:
    """Every table of a page, header row first, in page order."""
    p = _TableParser()
    p.feed(text)
    out = []
    for i, (cap, rows) in enumerate(p.out):
        if not rows:
            continue
        out.append(Table(page, cap, rows[0], [r for r in rows[1:] if r], i))
    return out


def sentences(text: str) -> list[str]:
    """Paragraph-like text outside tables that holds a digit."""
    t = re.sub(r"(?is)<(script|style|table)\b.*?</\1>", " ", text)
    out = []
    for block in re.findall(r"(?is)<(?:p|li|figcaption|h[1-6]|dd|dt|span)\b[^>]*>(.*?)</", t):
        s = _clean(_html.unescape(re.sub(r"<[^>]+>", " ", block)))
        if re.search(r"\d", s):
            out.append(s)
    return out
