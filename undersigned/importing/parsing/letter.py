"""``parse_letter``: the stages put together.

1. ``layout.find_layout`` finds the list and recognises its shape;
2. ``layout.split_items`` cuts it into entries, sets individuals and the anonymous count
   apart;
3. ``frame.header_and_body`` reads the letter around it;
4. ``entry.parse_signatory`` reads each entry;
5. ``duplicates.find_possible_duplicates`` flags entries that may be one organisation.
"""

from __future__ import annotations

import re

from . import layout as layout_stage
from .entry import parse_signatory
from .frame import header_and_body
from .language import detect_language, normalise_lang
from .patterns import BULLET_RE
from .text import anomaly, clean

# Larger texts are refused by the readers (``errors.MAX_BYTES``); a paste is capped by the
# form.  The parser itself only needs every step to be linear.
_CONTROL_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85]")


def split_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    return _CONTROL_BREAKS.sub("\n", text).split("\n")


def _person(item) -> dict:
    text = clean(BULLET_RE.sub(r"\1", item.text) if BULLET_RE.match(item.text) else item.text)
    text = text.replace("\t", ", ")
    m = re.match(r"^([^,(]{2,80}?)\s*\((.+)\)$", text)
    if m:
        return {"name": m[1].strip(), "affiliation": m[2].strip() or None, "raw": item.raw}
    name, _, rest = text.partition(",")
    return {"name": name.strip(), "affiliation": rest.strip() or None, "raw": item.raw}


def parse_letter(text: str, lang: str | None = None, *, duplicates: bool = True) -> dict:
    """Parse a joint letter.  Returns::

        {"language": "zh-Hant", "date": "2023-02-27" | None, "title": str | None,
         "recipients": str | None, "paragraphs": [str], "asks": [str],
         "signatories": [{"number": int | None, "raw": str,
                          "names": [{"text", "script", "lang"}], "acronym": str | None,
                          "country": "CO" | None, "qualifier": str | None,
                          "printed": [str], "group": str | None}],
         "individuals": [{"name", "affiliation", "raw"}],
         "anonymous_count": int | None,
         "layout": {"kind", "heading", "separator", "column_roles", "groups", "entries",
                    "individuals", "anonymous_count", "start", "end"},
         "anomalies": [{"kind", "numbers", "detail"}]}

    ``lang`` overrides the detected language.  ``duplicates=False`` skips the
    duplicate search (the slowest step on very long lists).  Never raises on odd
    text: whatever cannot be read is reported or left in the paragraphs.
    """
    if not isinstance(text, str):
        raise TypeError("parse_letter expects text (str); use read_letter_file for files")
    lines = split_lines(text)
    layout = layout_stage.find_layout(lines)
    found = layout.kind != "none"
    start, end = (layout.start, layout.end) if found else (len(lines), len(lines))
    before_lines = lines[:start] if found else lines
    after_lines = lines[end:] if found else []
    if found and layout.kind != "inline" and start > 0 and layout_stage.is_heading(
            lines[start - 1]):
        before_lines = lines[:start - 1]

    out: dict = {"language": None, "date": None, "title": None, "recipients": None,
                 "paragraphs": [], "asks": [], "signatories": [], "individuals": [],
                 "anonymous_count": None, "layout": None, "anomalies": []}
    header_and_body(before_lines, out, after_lines)
    body = "\n".join(out["paragraphs"] + out["asks"])
    if lang:
        out["language"] = normalise_lang(lang)
    else:
        detected = detect_language(body) if body.strip() else "und"
        if detected == "und":
            detected = detect_language(text[:20000])
        out["language"] = detected

    items, anomalies, extras = layout_stage.split_items(lines, layout)
    out["layout"] = layout.as_dict()
    if not found:
        return out
    count = len(items)
    for item in items:
        signatory, notes = parse_signatory(
            item.text, item.number, raw=item.raw, count=count, letter_lang=out["language"],
            columns="\t" in item.text.strip())
        if signatory["country"] is None and item.group_country:
            signatory["country"] = item.group_country
        signatory["group"] = item.group
        if layout.kind != "numbered" or item.number is None:
            position = len(out["signatories"]) + 1
            for note in notes:
                if not note["numbers"]:
                    note["numbers"] = [position]
        out["signatories"].append(signatory)
        anomalies.extend(notes)
    _sections_keep_their_country(out["signatories"])
    out["individuals"] = [_person(it) for it in extras["individuals"]]
    if out["individuals"]:
        names = ", ".join(p["name"] for p in out["individuals"][:5])
        more = len(out["individuals"]) - 5
        anomalies.append(anomaly(
            "individual", [], f"{len(out['individuals'])} individual signatories set apart "
            f"from the organisations: {names}" + (f" and {more} more" if more > 0 else "")))
    out["anonymous_count"] = extras["anonymous_count"]
    if out["anonymous_count"]:
        anomalies.append(anomaly(
            "anonymous_count", [], f"{out['anonymous_count']} signatories are counted but not "
            "named (read from the letter's own sentence)"))
    anomalies = _numbering_anomalies(items) + anomalies
    if duplicates:
        from ..duplicates import find_possible_duplicates

        anomalies.extend(find_possible_duplicates(out["signatories"]))
    out["anomalies"] = anomalies
    return out


def _sections_keep_their_country(signatories: list[dict]) -> None:
    """"ACAT, GHANA" is the Ghanaian section of a network whose other sections the list
    names ("ACAT Belgium", "ACAT Italia"): its name keeps the country.  "HEBRAD, France",
    alone of its kind, is a name and a country."""
    first_words: dict[str, int] = {}
    for sig in signatories:
        for name in sig["names"][:1]:
            word = name["text"].split(" ", 1)[0].split("-", 1)[0].casefold()
            first_words[word] = first_words.get(word, 0) + 1
    for sig in signatories:
        bare = sig.pop("_bare", None)
        if bare and first_words.get(bare.split(" ", 1)[0].casefold(), 0) < 2 and sig["names"]:
            sig["names"][0]["text"] = bare


def _numbering_anomalies(items) -> list[dict]:
    out = []
    numbers = [it.number for it in items if it.number is not None]
    if not numbers:
        return out
    if numbers[0] > 1:
        missing = list(range(1, numbers[0]))
        out.append(anomaly("numbering_gap", missing[:100],
                           f"the list starts at {numbers[0]}, not 1"))
    for a, b in zip(numbers, numbers[1:], strict=False):
        if b == a + 1:
            continue
        if b > a + 1:
            missing = list(range(a + 1, b))
            shown = ", ".join(map(str, missing[:10])) + (" ..." if len(missing) > 10 else "")
            out.append(anomaly("numbering_gap", missing[:100],
                               f"no item numbered {shown} (between {a} and {b})"))
        else:
            out.append(anomaly("numbering_order", [a, b],
                               f"{b} comes after {a}" + (" (number repeated)" if a == b else "")))
    return out
