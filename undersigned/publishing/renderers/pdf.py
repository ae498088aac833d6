"""PDF through typst (the ``typst`` Python binding): tagged, and PDF/UA-1 when possible.

Why typst: one in-process call typesets 10,000 bilingual names with real shaping (Arabic
joined and right to left, CJK line breaking) in about a second of CPU, embeds subsetted
fonts, and since typst 0.14 writes a tagged PDF (structure tree, reading order,
``/Lang``) by default. We also ask for PDF/UA-1, which typst verifies while exporting; if
some content ever fails a PDF/UA rule the letter is still published as a tagged PDF.
LibreOffice or a headless browser would be a much heavier runtime dependency (LibreOffice
alone needs about 2 s to start and convert a short letter).

Lists of up to ``ENUM_LIMIT`` entries are a real typst ``enum`` (tagged as a list);
longer ones are numbered paragraphs with a hanging indent, about 20% cheaper (see
``bench/bench_render.py``: 10,000 bilingual entries in 1.0-1.15 s CPU against 0.8 s for
the bare engine on the same data).

Safety: the template (``templates/publishing/letter.typ``) is fixed; the letter is passed as
one JSON string in ``sys.inputs`` and read with ``json()``. Names and paragraphs are
therefore typst *strings*, which are only ever placed as text, never evaluated as markup
or code; a name like ``#import "x"`` or ``*bold*`` prints literally. Markdown paragraphs
arrive as a sanitised node tree (``undersigned.publishing.markup``), rendered by a small
recursive function in the template.

Fonts: only the Noto fonts under /usr/share/fonts (Debian ``fonts-noto-core``,
``fonts-noto-cjk`` and ``fonts-noto-color-emoji``) are used — system and typst's bundled fonts are ignored so output is
the same on every server. The document's font list is Noto Sans (Latin, Greek, Cyrillic),
then the CJK face for the document's language (TC for zh-Hant, SC for zh-Hans, JP, KR),
then Noto Naskh Arabic, then emoji and symbols (``SYMBOL_FACES``: Noto Color Emoji, then
the monochrome symbol faces, which stand in for emoji on a server without the colour
font); any other script falls back to whichever Noto font covers it. The
font index is built once per process (about 0.2 s) and reused.
"""

from __future__ import annotations

import json
import logging
import threading
import unicodedata
from functools import cache
from pathlib import Path

import typst
from django.conf import settings

from undersigned.publishing.document import LetterDocument, label_separator
from undersigned.publishing.markup import to_inline_nodes, to_nodes

from ._common import one_line

# Under templates/ so the package data rule in pyproject.toml ships it with the wheel.
TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "publishing" / "letter.typ"
DEFAULT_FONT_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto")

CJK_FACES = {
    "zh-hant": "Noto Sans CJK TC", "zh-tw": "Noto Sans CJK TC", "zh-hk": "Noto Sans CJK HK",
    "zh-hans": "Noto Sans CJK SC", "zh-cn": "Noto Sans CJK SC", "zh": "Noto Sans CJK SC",
    "ja": "Noto Sans CJK JP", "ko": "Noto Sans CJK KR",
}
# typst picks CJK glyph variants from lang + region.
REGIONS = {"zh-hant": "TW", "zh-tw": "TW", "zh-hk": "HK", "zh-hans": "CN", "zh-cn": "CN"}

# PDF/UA-1 (ISO 14289-1, accessible PDF): typst verifies it while exporting, at no
# measurable cost. Set to () for a plain tagged PDF.
PDF_STANDARDS: tuple[str, ...] = ("ua-1",)

logger = logging.getLogger(__name__)
_lock = threading.Lock()


def font_dirs() -> list[str]:
    dirs = getattr(settings, "PUBLISHING_FONT_DIRS", None) or DEFAULT_FONT_DIRS
    return [d for d in dirs if Path(d).is_dir()]


class FontsMissing(RuntimeError):
    """The machine has no Noto fonts: a PDF cannot be made (the other formats can)."""


@cache
def _fonts(dirs: tuple[str, ...]) -> typst.Fonts:
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                       font_paths=list(dirs))


def fonts() -> typst.Fonts:
    dirs = tuple(font_dirs())
    if not dirs:
        raise FontsMissing(
            "no Noto fonts for the PDF: install the Debian packages fonts-noto-core and "
            "fonts-noto-cjk, or set PUBLISHING_FONT_DIRS to folders holding Noto fonts")
    with _lock:
        found = _fonts(dirs)
    _warn_missing_faces(found)
    return found


@cache
def missing_faces(families: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(face for face in SYMBOL_FACES if face not in families)


def _warn_missing_faces(found: typst.Fonts) -> None:
    missing = missing_faces(tuple(sorted(found.families())))
    if missing and not getattr(_warn_missing_faces, "said", False):
        _warn_missing_faces.said = True
        logger.warning("PDF fonts missing: %s (emoji print in monochrome where Noto Sans "
                       "Symbols covers them; install fonts-noto-color-emoji)",
                       ", ".join(missing))


def font_list(lang: str) -> list[str]:
    code = lang.replace("_", "-").lower()
    primary_cjk = CJK_FACES.get(code) or CJK_FACES.get(code.split("-")[0]) or "Noto Sans CJK TC"
    cjk = [primary_cjk] + [f for f in ("Noto Sans CJK TC", "Noto Sans CJK SC",
                                       "Noto Sans CJK JP", "Noto Sans CJK KR")
                           if f != primary_cjk]
    arabic = ["Noto Naskh Arabic", "Noto Sans Arabic"]
    if code.split("-")[0] in {"ar", "fa", "ur"}:
        return [*arabic, "Noto Sans", *cjk, *SYMBOL_FACES]
    return ["Noto Sans", *cjk, *arabic, *SYMBOL_FACES]


# Emoji and symbols after the text faces, in every language: colour emoji (Debian
# ``fonts-noto-color-emoji``), then the monochrome symbol faces of ``fonts-noto-core``,
# which also stand in for the emoji they cover on a server without the colour font.
SYMBOL_FACES = ("Noto Color Emoji", "Noto Sans Symbols 2", "Noto Sans Symbols",
                "Noto Sans Math")


# Up to this many entries the list is a typst enum (a tagged PDF list); longer lists are
# numbered paragraphs. Measured on 10,000 bilingual entries (CPU seconds, busy 2-CPU
# host): enum 1.28, paragraphs 1.07, bare engine floor 0.81.
ENUM_LIMIT = 2000


def first_strong(text: str) -> str | None:
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def isolate(text: str, direction: str) -> str:
    """A name written against the document's direction is wrapped in Unicode isolates
    (FSI ... PDI), typst's equivalent of HTML's ``<bdi>``: ``Правозащитный центр
    «Мемориал»`` in an Arabic list keeps its own direction and its brackets the right way
    round, and cannot reorder the number or its neighbours. Names already in the
    document's direction are left alone, so their text layer has no invisible marks."""
    own = first_strong(text)
    if own is None or own == direction:
        return text
    return f"\u2068{text}\u2069"


def typst_data(doc: LetterDocument, *, enum_limit: int = ENUM_LIMIT) -> dict:
    """The JSON handed to the template (public so tests and the benchmark can reuse it)."""
    code = doc.lang.replace("_", "-").lower()
    paragraphs = [node for p in doc.paragraphs for node in to_nodes(p)]
    _level_headings(paragraphs)
    entries = []
    for entry in doc.entries:
        primary, secondary = doc.entry_parts(entry)
        row = [int(entry.number), isolate(one_line(primary), doc.direction)]
        if secondary:
            row.append(isolate(one_line(secondary), doc.direction))
        entries.append(row)
    return {
        "lang": doc.base_lang,
        "region": REGIONS.get(code),
        "dir": doc.direction,
        "fonts": font_list(doc.lang),
        "title": one_line(doc.title),
        "to": doc.recipients_label(),
        "to_sep": label_separator(doc.lang),
        "recipients": one_line(doc.recipients),
        "date": doc.date_text(),
        "paragraphs": paragraphs,
        "asks": [to_inline_nodes(a) for a in doc.asks],
        "heading": doc.signatories_heading(),
        "entries": entries,
        "enum_limit": enum_limit,
        "closing": doc.anonymous_sentence(),
        "verification": doc.verification_line(),
    }


def _level_headings(nodes: list, deepest: int = 1) -> int:
    """Markdown headings renumbered so no level is skipped (PDF/UA forbids a jump from the
    letter's title, level 1, straight to level 3); returns the deepest level in use."""
    for node in nodes:
        if isinstance(node, dict):
            tag = node["t"]
            if tag in {"h2", "h3", "h4"}:
                level = min(int(tag[1]), deepest + 1)
                node["t"] = f"h{level}"
                deepest = level
            else:
                deepest = _level_headings(node["c"], deepest)
    return deepest


def compile_typst(source: bytes | Path, data: dict, **options) -> bytes:
    """Compile ``source`` with ``data`` as ``sys.inputs.data``. The document date is unset
    and the timestamp fixed, so one edition always gives the same bytes."""
    source_bytes = source.read_bytes() if isinstance(source, Path) else source
    return typst.compile(
        source_bytes,
        font_paths=fonts(),
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        timestamp=0,
        **options,
    )


def render(doc: LetterDocument, *, enum_limit: int = ENUM_LIMIT,
           standards: tuple[str, ...] = PDF_STANDARDS) -> bytes:
    """The letter as a tagged PDF, PDF/UA-1 when typst can certify it.

    Typst checks PDF/UA rules at export; should some user content ever break one, the
    letter is still published as an ordinary tagged PDF rather than not at all."""
    data = typst_data(doc, enum_limit=enum_limit)
    if standards:
        try:
            return compile_typst(TEMPLATE, data, pdf_standards=list(standards))
        except typst.TypstError as error:
            logger.warning("PDF/UA export refused (%s); publishing a tagged PDF", error)
    return compile_typst(TEMPLATE, data)
