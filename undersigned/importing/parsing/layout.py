"""Where the signatory list is, and how it is laid out: the parser's first-class step.

``find_layout(lines) -> Layout`` finds the list's lines and recognises its shape, one of
``LAYOUTS``; ``split_items(lines, layout) -> (items, anomalies, extras)`` cuts it into
entries the way that shape asks.  Each shape has its own tests
(``tests/importing/test_layouts.py``), and the recognised structure is written into the
parser's output (``parsed["layout"]``) so the preview can show a coordinator how the list
was read.

Finding the list, in order:

1. A signatory heading ("Signatories:", "Signed,", "Organisations signataires",
   "Firmantes", "الموقعون", "Подписавшие", "聯署團體") with a list after it.  The first
   such heading wins; later headings ("National organisations", "Individuals:") are the
   list's own sections.  A heading with the list on the same line ("Signed by: A, B and
   C.") starts an inline list.
2. The longest run of numbered lines (a run restarts when numbering goes back to 1; a
   run of sentences is a list of asks, not names).
3. The trailing block of name-like lines, stepping over a short closing block (a place
   and a date, a contact line).
4. A paragraph at the end made of comma- or semicolon-separated names.

Shapes (``Layout.kind``):

* ``numbered`` — "1. Name", "(2) Name", "3 - Name"; unnumbered lines right under an item
  continue it; an unnumbered line after a blank is reported (``unnumbered_item``).
* ``bulleted`` — "• Name", "- Name"; a line without a bullet continues the item above.
* ``lines`` — one name a line (or a paragraph); a line that starts in lower case or with
  "(" or follows a line ending in ",", "&", "-", "and" continues the entry; a line that
  is only a country, right under an entry, is that entry's country.
* ``table`` — rows with tab-separated cells (HTML and DOCX tables come out so); each
  column gets a role from its values: ``number``, ``name``, ``country``, ``acronym``,
  ``website`` or ``description`` (long sentences: not part of the entry).
* ``columns`` — two columns copied from a PDF: each line holds two entries apart by a
  wide gap; the left column is read top to bottom, then the right one.
* ``inline`` — one paragraph, hard-wrapped or not: "A, B, C … and Z." split on commas (or
  semicolons, when they separate), never inside brackets; a piece that is a country, an
  acronym of the piece before, a legal form ("Inc.") or that starts in lower case
  belongs to the piece before.
* ``none`` — no list.

In every shape, a line that names a section ("International organisations", "Africa",
"Organizaciones nacionales") or a country alone, set apart above entries, is a **group
heading**: entries under a country heading get that country unless they give their own.
Entries under an "Individuals" heading are people, set apart from the organisations
(``extras["individuals"]``); a sentence such as "and 12 organisations that cannot be
named" is the ``anonymous_count``, not an entry.

Every step is linear in the number of lines and in their length.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from .. import lexicon
from ..scripts import char_script
from . import anonymous
from .dates import find_date
from .patterns import (
    BULLET_RE,
    CLOSING_RE,
    INDIVIDUALS_INLINE_RE,
    INDIVIDUALS_RE,
    INLINE_HEADING_RE,
    LEGAL_SUFFIX_RE,
    NAME_FUNCTION,
    NUMBERED_RE,
    PAGE_MARKER_RE,
    QUALIFIER_RE,
    SALUTATION_RE,
    SECTION_RE,
    SIGNATORY_HEADING_RE,
)
from .text import anomaly, clean, initials_match, strongly_acronym

LAYOUTS = ("numbered", "bulleted", "lines", "table", "columns", "inline", "none")
MAX_LINE_FOR_SHAPES = 400  # longer lines are prose (or an inline list), never a heading


@dataclass
class Item:
    number: int | None
    raw: str
    text: str
    group: str | None = None
    group_country: str | None = None
    individual: bool = False
    columns: dict = field(default_factory=dict)


@dataclass
class Layout:
    kind: str = "none"
    start: int = 0
    end: int = 0
    heading: str | None = None
    inline_text: str | None = None  # the list itself, for an inline heading line
    separator: str | None = None
    column_roles: list[str] = field(default_factory=list)
    groups: list[dict] = field(default_factory=list)
    entries: int = 0
    individuals: int = 0
    anonymous_count: int | None = None

    def as_dict(self) -> dict:
        out = asdict(self)
        out.pop("inline_text")
        return out


# Line shapes ----------------------------------------------------------------------------

def numbered(line: str):
    m = NUMBERED_RE.match(line)
    if not m or not m[2].strip():
        return None
    return int(m[1]), m[2]


def is_heading(line: str) -> bool:
    return len(line.strip()) <= 80 and bool(SIGNATORY_HEADING_RE.match(line))


def group_heading(line: str) -> tuple[str, str | None] | None:
    """(title, country code) when a line names a section, a region or a country alone."""
    s = clean(line)
    if not s or len(s) > 80 or numbered(s) or (BULLET_RE.match(s) and not s.startswith("**")):
        return None
    bare = s.strip("*_#: ").strip()
    bare = re.sub(r"\s*\(\d+\)$", "", bare).rstrip(" :：")
    if not bare:
        return None
    code = lexicon.lookup_country(bare)
    if code:
        return bare, code
    if SECTION_RE.match(s) or lexicon.is_region(bare):
        return bare, None
    return None


def name_like(line: str) -> bool:
    s = clean(BULLET_RE.sub(r"\1", line))
    if not s or len(s) > 200:
        return False
    if s[-1] in ":;；：" or CLOSING_RE.match(s) or SALUTATION_RE.match(s):
        return False
    words = s.split()
    if len(words) > 25:
        return False
    if s[-1] in ".!?。！？" and len(words) > 6 and not LEGAL_SUFFIX_RE.search(words[-1]):
        return False
    if find_date(s) and len(words) <= 6:
        return False
    latin = [w for w in words if w[:1].isalpha() and char_script(w[0]) == "Latn"]
    if len(latin) >= 3:
        caps = sum(1 for w in latin if w[0].isupper() or lexicon.fold(w) in NAME_FUNCTION
                   or re.match(r"^[ldLD]['’]", w))
        if caps / len(latin) < 0.6:
            return False
    return True


def prose_like(line: str) -> bool:
    """A line that ends a list under a heading: long, or a sentence, or a closing."""
    s = clean(line)
    words = s.split()
    return (len(s) > 250 or len(words) > 30 or bool(CLOSING_RE.match(s))
            or (s[-1:] in ".!?。！？" and len(words) > 10))


def _nonblank(lines: list[str], start: int, end: int) -> list[int]:
    return [j for j in range(start, end) if lines[j].strip()]


# Finding the list -----------------------------------------------------------------------

def find_layout(lines: list[str]) -> Layout:
    """The list's lines and shape; see the module docstring."""
    n = len(lines)
    # 1. A heading, the first one with a list after it.
    for i, line in enumerate(lines):
        if not line.strip() or len(line) > 20000:
            continue
        if len(line) <= 80 and is_heading(line):
            after = _nonblank(lines, i + 1, n)
            if not after:
                continue
            layout = _shape(lines, i + 1, n, heading=clean(line).strip("#*_ "))
            if layout.kind != "none" and (layout.entries >= 2 or i == max(
                    k for k, x in enumerate(lines) if x.strip() and is_heading(x))):
                return layout
            continue
        m = INLINE_HEADING_RE.match(line.strip()) if ":" in line or "：" in line else None
        end = i + 1
        if m:
            while end < n and lines[end].strip() and not is_heading(lines[end]) and not \
                    INDIVIDUALS_RE.match(lines[end]) and not INDIVIDUALS_INLINE_RE.match(
                        lines[end].strip()) and len(lines[end]) < 20000:
                end += 1
        rest = " ".join([m["rest"].strip(), *(lines[j].strip() for j in range(i + 1, end))]) \
            if m else ""
        if m and _inline_pieces(rest, headed=True):
            layout = Layout(kind="inline", start=i, end=end,
                            heading=clean(line[:line.find(m["rest"].strip()[:10])]).strip(
                                " :：*_#") or None, inline_text=rest)
            layout.end = _with_individuals(lines, layout.end)
            return layout
    # 2. Runs of numbered lines.
    runs: list[list[int]] = []
    current: list[int] = []
    last_number = None
    last_index = -1
    for i, line in enumerate(lines):
        if len(line) > MAX_LINE_FOR_SHAPES * 3:
            continue
        num = numbered(line)
        if num is None:
            continue
        number, _ = num
        prose_between = sum(1 for j in range(last_index + 1, i) if lines[j].strip()
                            and not group_heading(lines[j])) if current else 0
        if current and (number == 1 and (last_number or 0) > 1 or prose_between > 3):
            runs.append(current)
            current = []
        current.append(i)
        last_number, last_index = number, i
    if current:
        runs.append(current)
    runs = [r for r in runs if len(r) >= 3
            and sum(1 for i in r if name_like(numbered(lines[i])[1])) * 2 >= len(r)]
    if runs:
        best = max(runs, key=lambda r: (len(r), r[0]))
        start = best[0]
        # Group headings right above the first item belong to the list.
        while start > 0 and lines[start - 1].strip() and group_heading(lines[start - 1]):
            start -= 1
        return _shape(lines, start, n, forced="numbered", last_numbered=best[-1])
    # 3. The trailing block of name-like lines.
    block = _trailing_block(lines)
    if block is not None:
        return _shape(lines, block[0], block[1])
    # 4. An inline list in the last paragraphs.
    for i in range(n - 1, max(-1, n - 40), -1):
        if lines[i].strip() and _inline_pieces(lines[i]) and len(_inline_pieces(lines[i])) >= 4:
            start = i
            while start > 0 and lines[start - 1].strip() and not prose_like(lines[start - 1]):
                start -= 1
            text = " ".join(lines[j].strip() for j in range(start, i + 1))
            if len(_inline_pieces(text) or []) >= 4:
                return Layout(kind="inline", start=start, end=i + 1, inline_text=text)
    return Layout(kind="none", start=n, end=n)


def _trailing_block(lines: list[str]) -> tuple[int, int] | None:
    n = len(lines)
    j = n - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    end = j + 1
    start = end
    items = 0
    skipped = 0
    while j >= 0:
        line = lines[j]
        if not line.strip():
            j -= 1
            continue
        if group_heading(line) and items:
            start = j
            j -= 1
            continue
        if not name_like(line):
            block_start = j
            while block_start > 0 and lines[block_start - 1].strip():
                block_start -= 1
            if items == 0 and skipped < 3 and j - block_start < 2 and len(clean(line)) <= 120:
                skipped += 1
                j = block_start - 1
                while j >= 0 and not lines[j].strip():
                    j -= 1
                end = j + 1
                start = end
                continue
            break
        start = j
        items += 1
        j -= 1
    return (start, end) if items >= 3 else None


def _with_individuals(lines: list[str], end: int) -> int:
    """Extend a list over an "Individuals" block and an anonymous-count line after it."""
    n = len(lines)
    j = end
    while j < n and not lines[j].strip():
        j += 1
    if j < n and (INDIVIDUALS_RE.match(lines[j]) or INDIVIDUALS_INLINE_RE.match(
            lines[j].strip())):
        end = j + 1
        while end < n:
            if not lines[end].strip():
                k = end
                while k < n and not lines[k].strip():
                    k += 1
                if k >= n or prose_like(lines[k]) or not name_like(lines[k]):
                    break
                end = k
                continue
            if prose_like(lines[end]) and anonymous.anonymous_count(clean(lines[end])) is None:
                break
            end += 1
    j = end
    while j < n and not lines[j].strip():
        j += 1
    if j < n and anonymous.anonymous_count(clean(lines[j])) is not None:
        end = j + 1
    return end


def _shape(lines: list[str], start: int, n: int, *, heading: str | None = None,
           forced: str | None = None, last_numbered: int | None = None) -> Layout:
    """Recognise the shape of the list starting at ``start`` and find where it ends."""
    body = _nonblank(lines, start, n)
    sample = [j for j in body[:400]]
    if not sample:
        return Layout(kind="none", start=n, end=n)
    # Inline: the list is one (wrapped) paragraph of comma-separated names.
    if forced is None:
        para_end = sample[0]
        while para_end < n and lines[para_end].strip():
            para_end += 1
        para = " ".join(lines[j].strip() for j in range(sample[0], para_end))
        pieces = _inline_pieces(para)
        lines_in_para = para_end - sample[0]
        if pieces and len(pieces) >= max(3, lines_in_para * 2) and not any(
                numbered(lines[j]) or BULLET_RE.match(lines[j]) or "\t" in lines[j].strip()
                for j in range(sample[0], para_end)):
            end = _with_individuals(lines, para_end)
            return Layout(kind="inline", start=sample[0], end=end, heading=heading,
                          inline_text=para, entries=len(pieces))
    counts = {"numbered": 0, "bulleted": 0, "table": 0, "columns": 0}
    shaped = 0
    for j in sample:
        line = lines[j]
        if len(line) > MAX_LINE_FOR_SHAPES or group_heading(line) or INDIVIDUALS_RE.match(line):
            continue
        shaped += 1
        if numbered(line):
            counts["numbered"] += 1
        elif BULLET_RE.match(line) and not re.match(r"^\s*[-–—*]{2,}", line):
            counts["bulleted"] += 1
        if "\t" in line.strip():
            counts["table"] += 1
        elif _two_columns(line):
            counts["columns"] += 1
    kind = forced
    if kind is None:
        if shaped and counts["table"] * 2 >= shaped:
            kind = "table"
        elif shaped and counts["numbered"] * 2 >= shaped:
            kind = "numbered"
        elif shaped and counts["bulleted"] * 2 >= shaped:
            kind = "bulleted"
        elif shaped >= 3 and counts["columns"] * 10 >= shaped * 6:
            kind = "columns"
        else:
            kind = "lines"
    if kind == "numbered" and counts["table"] * 2 >= max(1, shaped):
        kind = "table"
    end = _list_end(lines, start, kind, last_numbered, n)
    end = _with_individuals(lines, end)
    layout = Layout(kind=kind, start=start, end=end, heading=heading)
    layout.entries = sum(1 for j in _nonblank(lines, start, end)
                         if not group_heading(lines[j]) and not is_heading(lines[j]))
    return layout


def _list_end(lines: list[str], start: int, kind: str, last_numbered: int | None,
              n: int) -> int:
    if kind == "numbered":
        if last_numbered is None:
            found = [i for i in range(start, n) if numbered(lines[i])]
            last_numbered = found[-1] if found else start
        # Numbered items may go on after a group heading or a page break.
        end = last_numbered + 1
        while end < n and lines[end].strip() and not numbered(lines[end]) \
                and not prose_like(lines[end]):
            end += 1  # continuation lines of the last item
        return end
    if kind == "table":
        end = start
        for i in range(start, n):
            s = lines[i].strip()
            if not s:
                continue
            if "\t" in s or group_heading(s) or (name_like(s) and not prose_like(s)):
                end = i + 1
                continue
            if prose_like(s):
                break
        return end
    # Up to the last name-like line; closing prose after a blank line ends the list.
    end = n
    for i in range(start, n):
        s = lines[i]
        if s.strip() and prose_like(s) and i > start and not lines[i - 1].strip() \
                and anonymous.anonymous_count(clean(s)) is None:
            end = i
            break
    while end > start and not lines[end - 1].strip():
        end -= 1
    return end


_GAP = re.compile(r"\S(\s{3,})\S")


def _two_columns(line: str) -> tuple[str, str] | None:
    """The two entries of a line copied from a two-column PDF ("Org A      Org B")."""
    s = line.strip()
    if len(s) > MAX_LINE_FOR_SHAPES or "\t" in s:
        return None
    gaps = list(_GAP.finditer(s))
    if len(gaps) != 1:
        return None
    cut = gaps[0].start(1)
    left, right = s[:cut].strip(), s[gaps[0].end(1):].strip()
    if name_like(left) and name_like(right) and not numbered(right):
        return left, right
    return None


# Inline lists -----------------------------------------------------------------------------

_OPEN = "([{«“「（"
_CLOSE = ")]}»”」）"
_CONJ = re.compile(r"^(?:and|et|y|e|und|en|og|och|i|и|или|و|以及|及|和)\s+", re.IGNORECASE)
_LAST_CONJ = re.compile(r"\s+(?:and|et|y|e|und|&|и)\s+(?=\S)", re.IGNORECASE)


def _split_depth0(text: str, seps: str) -> list[str]:
    out, depth, current = [], 0, []
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        if depth == 0 and ch in seps:
            out.append("".join(current))
            current = []
            continue
        current.append(ch)
    out.append("".join(current))
    return [p.strip() for p in out]


def _belongs_to_previous(piece: str, previous: str) -> bool:
    bare = piece.rstrip(".").strip()
    if not bare:
        return True
    if lexicon.lookup_country(bare) or lexicon.fold(bare) in lexicon.INTERNATIONAL_WORDS:
        return True
    if strongly_acronym(bare) and initials_match(bare, previous):
        return True
    if LEGAL_SUFFIX_RE.match(bare) or LEGAL_SUFFIX_RE.match(piece):
        return True
    first = bare[:1]
    if first.isalpha() and first.islower() and char_script(first) == "Latn" \
            and not _CONJ.match(bare):
        return True
    return bool(QUALIFIER_RE.match(" " + bare))


def _inline_pieces(text: str, headed: bool = False) -> list[str] | None:
    """The entries of an inline list, or None when the text is not one.  After a heading
    ("Signed by:") two entries are enough ("A and B", "A, B and C")."""
    if len(text) < 8:
        return None
    semis = text.count(";") + text.count("；")
    commas = text.count(",") + text.count("，") + text.count("、") + text.count("،")
    least = 1 if headed else 2
    if semis >= least and (semis >= 2 or not commas):
        seps = ";；"
    elif commas >= least:
        seps = ",，、،"
    elif headed:
        seps = ",，、،"  # "A and B": the conjunction below splits it
    else:
        return None
    raw = [p for p in _split_depth0(text, seps)]
    pieces: list[str] = []
    for piece in raw:
        if not piece:
            continue
        if pieces and seps.startswith(",") and _belongs_to_previous(piece, pieces[-1]):
            pieces[-1] += ", " + piece
            continue
        pieces.append(piece)
    if len(pieces) < (1 if headed else 3):
        return None
    # The last named piece: "and Z", "Y and Z." (both sides names of two words or more);
    # an anonymous count may follow it ("…, and 4 organisations that cannot be named").
    k = len(pieces) - 1
    if k > 0 and anonymous.anonymous_count(pieces[k]) is not None:
        k -= 1
    tail = pieces[k + 1:]
    pieces = pieces[:k + 1]
    last = pieces[-1]
    if _CONJ.match(last):
        pieces[-1] = _CONJ.sub("", last, count=1)
    else:
        found = list(_LAST_CONJ.finditer(last))
        if found:
            m = found[-1]
            left, right = last[:m.start()].strip(), last[m.end():].strip()
            if (len(left.split()) >= 2 and len(right.split()) >= 2 and right[:1].isupper()
                    and lexicon.fold(left.split()[-1]) not in NAME_FUNCTION
                    and anonymous.anonymous_count(right) is None):
                pieces[-1:] = [left, right]
    pieces = [p.strip() for p in pieces + tail if p.strip()]
    if pieces:
        pieces[-1] = re.sub(r"(?<![A-Z]\.[A-Za-z])(?<!\b[A-Z])\.$", "", pieces[-1]).strip()
    named = [p for p in pieces if anonymous.anonymous_count(p) is None]
    good = sum(1 for p in named if 0 < len(p) <= 160 and (p[:1].isupper() or not p[:1].isalpha())
               and len(p.split()) <= 16)
    if len(named) < (2 if headed else 3) or good < len(named) * 0.8:
        return None
    return pieces


# Items ------------------------------------------------------------------------------------

def split_items(lines: list[str], layout: Layout) -> tuple[list[Item], list[dict], dict]:
    """The entries of the list; anomalies; extras ``individuals`` (raw texts of people)
    and ``anonymous_count``."""
    extras: dict = {"individuals": [], "anonymous_count": None}
    if layout.kind == "none":
        return [], [], extras
    if layout.kind == "inline":
        items, anomalies = _inline_items(lines, layout, extras)
    elif layout.kind == "table":
        items, anomalies = _table_items(lines, layout, extras)
    elif layout.kind == "columns":
        items, anomalies = _column_items(lines, layout, extras)
    else:
        items, anomalies = _line_items(lines, layout, extras)
    # The anonymous count, when it was read as the last entry or glued onto it.
    kept: list[Item] = []
    for item in items:
        text = clean(item.text)
        count = anonymous.anonymous_count(text)
        if count is None and len(text) > anonymous.MAX_SENTENCE:
            count = anonymous.anonymous_count(text[-anonymous.MAX_SENTENCE:])
        if count is not None:
            head, glued = anonymous.split_trailing(item.text)
            if glued is not None and head.strip():
                item.text = head  # "Zo Forum and 12 organisations that cannot be named"
                extras["anonymous_count"] = (extras["anonymous_count"] or 0) + glued
            else:
                extras["anonymous_count"] = (extras["anonymous_count"] or 0) + count
                continue
        kept.append(item)
    people = [it for it in kept if it.individual]
    extras["individuals"].extend(people)
    items = [it for it in kept if not it.individual]
    layout.entries = len(items)
    layout.individuals = len(extras["individuals"])
    layout.anonymous_count = extras["anonymous_count"]
    groups: dict[str, dict] = {}
    for it in items:
        if it.group:
            g = groups.setdefault(it.group, {"title": it.group, "country": it.group_country,
                                             "entries": 0})
            g["entries"] += 1
    layout.groups = list(groups.values())
    return items, anomalies, extras


def _section_line(line: str, state: dict, anomalies: list, items: list) -> bool:
    """Handle a heading inside the list (individuals, a group, the list heading again,
    a page marker); True when the line was one."""
    s = line.strip()
    if INDIVIDUALS_RE.match(s):
        state["individual"] = True
        state["group"] = state["country"] = None
        return True
    m = INDIVIDUALS_INLINE_RE.match(s)
    if m:
        state["individual"] = True
        state["group"] = state["country"] = None
        state["inline_people"] = m["rest"]
        return True
    if PAGE_MARKER_RE.match(s):
        anomalies.append(anomaly("page_marker", [items[-1].number] if items else [],
                                 f"'{s}' (a page number) was skipped"))
        return True
    if is_heading(s) and not group_heading(s):
        if items:
            state["individual"] = False
            state["group"] = state["country"] = None
        return True
    return False


def _line_items(lines: list[str], layout: Layout, extras: dict) -> tuple[list[Item], list]:
    items: list[Item] = []
    anomalies: list[dict] = []
    state = {"individual": False, "group": None, "country": None, "inline_people": None}
    blank_before = True
    mode = layout.kind
    for i in range(layout.start, layout.end):
        line = lines[i]
        if not line.strip():
            blank_before = True
            continue
        raw = line.rstrip("\r\n")
        if len(line) <= MAX_LINE_FOR_SHAPES and _section_line(line, state, anomalies, items):
            if state.get("inline_people"):
                for piece in _people_pieces(state.pop("inline_people")):
                    items.append(Item(None, piece, piece, individual=True))
                state["inline_people"] = None
            blank_before = True
            continue
        heading = group_heading(line) if len(line) <= 80 else None
        if heading and _opens_group(lines, i, layout, mode, blank_before, items):
            state["group"], state["country"] = heading
            blank_before = True
            continue
        count_before = len(items)
        if mode == "numbered":
            num = numbered(line)
            if num:
                items.append(Item(num[0], raw, num[1]))
            elif items and not blank_before:
                items[-1].raw += "\n" + raw
                items[-1].text = _joined(items[-1].text, line.strip())
            elif clean(line).endswith((":", "：")):
                pass  # a sub-heading
            else:
                text = BULLET_RE.sub(r"\1", line)
                items.append(Item(None, raw, text))
                anomalies.append(anomaly(
                    "unnumbered_item", [items[-2].number] if len(items) > 1 else [],
                    f"'{clean(text)}' has no number in a numbered list"))
        elif mode == "bulleted":
            bullet = BULLET_RE.match(line)
            if bullet:
                items.append(Item(None, raw, bullet[1]))
            elif items and not blank_before and not state["individual"]:
                items[-1].raw += "\n" + raw
                items[-1].text = _joined(items[-1].text, line.strip())
            elif clean(line).endswith((":", "：")):
                pass
            else:
                items.append(Item(None, raw, line))
        else:
            text = BULLET_RE.sub(r"\1", line) if BULLET_RE.match(line) else line
            stripped = clean(text)
            prev = items[-1].text.rstrip() if items else ""
            if items and stripped.endswith((":", "：")) and not BULLET_RE.match(line):
                blank_before = False
                continue
            if items and not BULLET_RE.match(line) and not blank_before and \
                    anonymous.anonymous_count(stripped) is None and (
                stripped[:1].islower() and char_script(stripped[0]) == "Latn"
                or stripped.startswith("(")
                or prev.endswith((",", "&", "-", "–", "/"))
                or re.search(r"\b(and|et|y|und|of|for|de|du|des)$", prev)
            ):
                items[-1].raw += "\n" + raw
                items[-1].text = _joined(items[-1].text, stripped)
            elif items and not BULLET_RE.match(line) and not blank_before \
                    and lexicon.lookup_country(stripped) and "\t" not in prev:
                items[-1].raw += "\n" + raw
                items[-1].text += "\t" + stripped
            else:
                items.append(Item(None, raw, text))
        if len(items) > count_before:
            items[-1].group = state["group"]
            items[-1].group_country = state["country"]
            items[-1].individual = state["individual"]
        blank_before = False
    return items, anomalies


def _joined(text: str, more: str) -> str:
    """An entry wrapped onto a second line; a word cut at a hyphen ("MROD-" / "BF)") is
    joined again."""
    if len(text) >= 2 and text.endswith("-") and text[-2].isalpha() and more[:1].isalpha():
        return text + more
    return text + " " + more


def _opens_group(lines, i, layout, mode, blank_before, items) -> bool:
    """A heading-like line is a group heading when entries follow it (and, in a list of
    plain lines, when it stands apart: a country right under an entry is its column)."""
    nxt = next((j for j in range(i + 1, layout.end) if lines[j].strip()), None)
    if nxt is None:
        return False
    if mode in ("numbered", "bulleted"):
        return True
    if not blank_before and items and lexicon.lookup_country(clean(lines[i])):
        return False  # "Centro ... (CELS)\nArgentina": the entry's country
    # Entries must follow, and the next line must not itself be a country column.
    return not group_heading(lines[nxt])


def _people_pieces(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"\s*[;；]\s*", text.strip().rstrip(".")) if p.strip()]
    return parts


def _inline_items(lines: list[str], layout: Layout, extras: dict) -> tuple[list[Item], list]:
    items: list[Item] = []
    anomalies: list[dict] = []
    text = layout.inline_text or ""
    pieces = _inline_pieces(text, headed=layout.heading is not None) or []
    layout.separator = ";" if text.count(";") + text.count("；") >= 1 and not text.count(",") \
        or text.count(";") >= 2 else ","
    for piece in pieces:
        items.append(Item(None, piece, piece))
    # Lines after the paragraph: individuals and the anonymous count.
    state = {"individual": False, "group": None, "country": None, "inline_people": None}
    para_lines = {j for j in range(layout.start, layout.end)}
    first_after = layout.start
    while first_after < layout.end and lines[first_after].strip():
        first_after += 1
    for i in range(first_after, layout.end):
        line = lines[i]
        if not line.strip() or i not in para_lines:
            continue
        if _section_line(line, state, anomalies, items):
            if state.get("inline_people"):
                for piece in _people_pieces(state.pop("inline_people")):
                    items.append(Item(None, piece, piece, individual=True))
                state["inline_people"] = None
            continue
        if state["individual"]:
            for piece in _people_pieces(line) if ";" in line else [line.strip()]:
                items.append(Item(None, piece, piece, individual=True))
        else:
            items.append(Item(None, line.rstrip(), line.strip()))
    return items, anomalies


_NUMBER_CELL = re.compile(r"^\(?\d{1,5}[.)]?$")
_URL_CELL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_HEADER_CELL = re.compile(
    r"^(?:no\.?|n°|nº|#|num(?:ber|éro|ero)?|organi[sz]ation(?:s)?(?:\s+name)?|name|nom|nombre|"
    r"organisme|organización|organizacion|organização|country|pays|país|pais|land|страна|"
    r"البلد|国家|國家|acronym|sigle|siglas|website|site|description|descripción|about)$",
    re.IGNORECASE)


def _table_roles(rows: list[list[str]]) -> list[str]:
    width = max((len(r) for r in rows), default=0)
    roles = []
    for c in range(width):
        values = [r[c].strip() for r in rows if c < len(r) and r[c].strip()]
        if not values:
            roles.append("empty")
            continue
        share = len(values)
        if sum(1 for v in values if _NUMBER_CELL.match(v)) >= share * 0.8:
            roles.append("number")
        elif sum(1 for v in values if lexicon.lookup_country(v) or lexicon.fold(v) in
                 lexicon.INTERNATIONAL_WORDS or lexicon.is_region(v)) >= share * 0.5:
            roles.append("country")
        elif sum(1 for v in values if _URL_CELL.match(v)) >= share * 0.5:
            roles.append("website")
        elif sum(1 for v in values if strongly_acronym(v)) >= share * 0.6 and "name" in roles:
            roles.append("acronym")
        elif sum(len(v) for v in values) / share > 70 and "name" in roles:
            roles.append("description")
        elif "name" not in roles:
            roles.append("name")
        else:
            roles.append("description")
    return roles


def _table_items(lines: list[str], layout: Layout, extras: dict) -> tuple[list[Item], list]:
    items: list[Item] = []
    anomalies: list[dict] = []
    # Column roles are read per table: a letter may print one table of international
    # networks with a description column and one of national groups with a country column.
    blocks: list[list[int]] = []
    for i in range(layout.start, layout.end):
        if "\t" in lines[i].strip():
            if not blocks or blocks[-1][-1] != i - 1 and any(
                    lines[j].strip() for j in range(blocks[-1][-1] + 1, i)):
                blocks.append([])
            blocks[-1].append(i)
    roles_of: dict[int, list[str]] = {}
    for block in blocks:
        rows = []
        for i in block:
            cells = [c.strip() for c in lines[i].strip("\r\n").split("\t")]
            if not all(_HEADER_CELL.match(c) or not c for c in cells):
                rows.append(cells)
        block_roles = _table_roles(rows)
        for i in block:
            roles_of[i] = block_roles
        for role in block_roles:
            if role not in layout.column_roles and role != "empty":
                layout.column_roles.append(role)
    state = {"individual": False, "group": None, "country": None, "inline_people": None}
    for i in range(layout.start, layout.end):
        line = lines[i]
        if not line.strip():
            continue
        raw = line.rstrip("\r\n")
        if "\t" not in line.strip():
            if _section_line(line, state, anomalies, items):
                continue
            heading = group_heading(line)
            if heading:
                state["group"], state["country"] = heading
                continue
            num = numbered(line)
            items.append(Item(num[0] if num else None, raw, num[1] if num else line.strip()))
        else:
            cells = [c.strip() for c in raw.split("\t")]
            if all(_HEADER_CELL.match(c) or not c for c in cells):
                continue  # the header row
            found: dict[str, str] = {}
            roles = roles_of.get(i, [])
            for c, value in enumerate(cells):
                role = roles[c] if c < len(roles) else "description"
                if role == "country" and value and not (
                        lexicon.lookup_country(value) or lexicon.is_region(value)
                        or lexicon.fold(value) in lexicon.INTERNATIONAL_WORDS):
                    # Not a country after all: a description is dropped, a short text
                    # stays with the entry (the entry's reader reports what it is).
                    role = "description" if len(value) > 40 else "other"
                if value and role not in found:
                    found[role] = value
            name = found.get("name") or next((v for v in cells if v and not _NUMBER_CELL.match(
                v)), "")
            if not name:
                continue
            heading = group_heading(name) if len([v for v in cells if v]) == 1 else None
            if heading:
                state["group"], state["country"] = heading
                continue
            number = None
            if "number" in found:
                digits = re.sub(r"\D", "", found["number"])
                number = int(digits) if digits else None
            text = name
            for role in ("country", "acronym", "other"):
                if role in found:
                    text += "\t" + found[role]
            items.append(Item(number, raw, text, columns=found))
        items[-1].group = state["group"]
        items[-1].group_country = state["country"]
        items[-1].individual = state["individual"]
    return items, anomalies


def _column_items(lines: list[str], layout: Layout, extras: dict) -> tuple[list[Item], list]:
    left: list[Item] = []
    right: list[Item] = []
    anomalies: list[dict] = []
    for i in range(layout.start, layout.end):
        line = lines[i]
        if not line.strip():
            continue
        pair = _two_columns(line)
        if pair:
            left.append(Item(None, pair[0], pair[0]))
            right.append(Item(None, pair[1], pair[1]))
        elif group_heading(line) or is_heading(line):
            continue
        else:
            left.append(Item(None, line.strip(), line.strip()))
    return left + right, anomalies
