"""The letter around its list: title, date, recipients, paragraphs, asks.

Bullets before the list are the asks (numbered lines too, when a block holds two or more);
a "To:"/"Dear ..." line is the recipients; a short first line (or "Re:"/"Objet :"/
"Asunto:") is the title; the first short line that is mostly a date ("Geneva, 27 February
2023", "Posted on Sept. 7, 2021") is the date; everything else is paragraphs, in order.
Text after the list (contact lines) is appended to the paragraphs."""

from __future__ import annotations

import re

from ..scripts import char_script
from .dates import date_line
from .layout import is_heading, numbered
from .patterns import (
    _LOOSE_TO_PREFIX,
    BULLET_RE,
    CLOSING_RE,
    SALUTATION_RE,
    SUBJECT_RE,
    TO_LOOSE_RE,
    TO_RE,
)
from .text import clean

_clean = clean
_numbered = numbered
_is_heading = is_heading


def _join(lines: list[str]) -> str:
    out = ""
    for line in lines:
        line = _clean(line)
        if not line:
            continue
        if out and not (char_script(out[-1]) in ("Hani", "Jpan") and
                        char_script(line[0]) in ("Hani", "Jpan")):
            out += " "
        out += line
    return out


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if _clean(line):
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def header_and_body(lines: list[str], out: dict, after: list[str]) -> None:
    """Fill title, date, recipients, paragraphs, asks from the text around the list."""
    blocks = _blocks(lines)
    paragraphs: list[str] = []
    asks: list[str] = []
    first_block = True
    seen_body = False
    title_from_heading = False
    for block in blocks:
        # Asks and numbered calls inside a block.
        rest: list[str] = []
        pending_ask: list[str] | None = None
        for line in block:
            bullet = BULLET_RE.match(line)
            numbered = _numbered(line)
            if bullet and not re.match(r"^\s*[-–—*]{2,}\s*$", line):
                if pending_ask is not None:
                    asks.append(_join(pending_ask))
                elif rest:
                    paragraphs.append(_join(rest))
                    rest = []
                pending_ask = [bullet[1]]
                continue
            if numbered and (pending_ask is not None or sum(
                    1 for x in block if _numbered(x)) >= 2):
                if pending_ask is not None:
                    asks.append(_join(pending_ask))
                elif rest:
                    paragraphs.append(_join(rest))
                    rest = []
                pending_ask = [numbered[1]]
                continue
            if pending_ask is not None and (line[:1].isspace() or not re.search(
                    r"[.;。；!?:]\s*$", pending_ask[-1])):
                pending_ask.append(line)
                continue
            if pending_ask is not None:
                asks.append(_join(pending_ask))
                pending_ask = None
            rest.append(line)
        if pending_ask is not None:
            asks.append(_join(pending_ask))
        if not rest:
            first_block = False
            continue
        text = _join(rest)
        single = len(rest) == 1
        if not seen_body:
            m = SUBJECT_RE.match(text)
            if m and (out["title"] is None or title_from_heading):
                # "Re: ..." says what the letter is about better than a heading such
                # as "JOINT NGO LETTER".
                out["title"] = _clean(m[1])
                title_from_heading = False
                first_block = False
                continue
            strict = TO_RE.match(rest[0])
            m = strict or TO_LOOSE_RE.match(rest[0])
            if m and out["recipients"] is None:
                who = m[1] if strict else _LOOSE_TO_PREFIX.sub("", m[1])
                out["recipients"] = _join([who, *rest[1:]])
                first_block = False
                continue
            if out["date"] is None and len(rest) <= 3:
                found = next((date_line(_clean(x)) for x in rest if date_line(_clean(x))), None)
                if found:
                    out["date"] = found
                    rest = [x for x in rest if not date_line(_clean(x))]
                    first_block = False
                    if not rest:
                        continue
                    text = _join(rest)
                    single = len(rest) == 1
            m = SALUTATION_RE.match(text) if len(text) <= 150 else None
            if m:
                if out["recipients"] is None:
                    who = m[2].strip(" ,，:：،")
                    out["recipients"] = who if m[1].lower() == "dear" and who else text.rstrip(
                        " ,，:：!،")
                seen_body = True
                first_block = False
                continue
            if first_block and single and out["title"] is None and _title_like(text):
                out["title"] = text.lstrip("# ").strip()
                title_from_heading = True
                first_block = False
                continue
        if _is_heading(text):
            continue
        seen_body = True
        first_block = False
        paragraphs.append(text)
    for block in _blocks(after):
        text = _join(block)
        if not text:
            continue
        if out["date"] is None and date_line(text):
            out["date"] = date_line(text)
            continue
        paragraphs.append(text)
    out["paragraphs"] = [p for p in paragraphs if p]
    out["asks"] = [a for a in asks if a]


def _title_like(text: str) -> bool:
    words = text.split()
    return (0 < len(text) <= 150 and len(words) <= 20 and text[-1] not in ".,;:，。；：、"
            and not CLOSING_RE.match(text) and not TO_RE.match(text))


