"""Reading editions as documents the renderers print."""

import re

from django.utils.html import escape

from undersigned.publishing.collation import sort_entries
from undersigned.publishing.document import Entry, LetterDocument, number_entries
from undersigned.publishing.models import Edition, EditionRender

_BLOCKS = re.compile(r"\n\s*\n")


def edition_languages(edition: Edition) -> list[str]:
    langs = list(edition.letter.languages)
    return [lang for lang in langs if lang in edition.texts] or list(edition.texts)


def edition_document(edition: Edition, lang: str, *, layout: str = "both",
                     per_language_sort: bool = False, zh_order: str | None = None,
                     with_entries: bool = True) -> LetterDocument:
    """One language of an edition. Numbers are the source language's, so "signatory 27" is
    one organisation in every language; ``per_language_sort`` makes a separate list sorted
    and numbered the way ``lang`` sorts. ``with_entries=False``: the text alone (for a page
    whose list was rendered at publication, ``edition_list_html``)."""
    letter = edition.letter
    source = letter.source_lang
    text = edition.texts.get(lang) or edition.texts.get(source) or {}
    rows = edition.entries.order_by("number").values_list(
        "number", "name", "names", "acronym", "country") if with_entries else []
    entries = [
        Entry(number=number, name=name,
              translation=(names.get(lang) if lang != source else None) or None,
              acronym=acronym or None, country=country or None)
        for number, name, names, acronym, country in rows
    ]
    if lang == source or layout == "original":
        entries = [Entry(e.number, e.name, None, e.acronym, e.country) for e in entries]
    if per_language_sort:
        entries = number_entries(sort_entries(
            entries, lang, zh_order=zh_order,
            key=(lambda e: e.translation or e.name) if layout != "original" else None))
    return LetterDocument(
        lang=lang, title=text.get("title", letter.slug), recipients=text.get("recipients", ""),
        date=edition.created_at.date(),
        paragraphs=[b.strip() for b in _BLOCKS.split(text.get("body_md", "")) if b.strip()],
        asks=list(text.get("asks", [])), entries=entries,
        anonymous_count=edition.anonymous_count, layout=layout,
    )


def _lang_base(tag: str) -> str:
    return (tag or "").replace("_", "-").lower()


def document_from_parsed(parsed: dict, lang: str | None = None, *, layout: str = "both"
                         ) -> LetterDocument:
    """A document straight from ``importing.letter_parser.parse_letter`` output: the list in
    the order printed, numbered 1..n (the original numbers stay in the import report); the
    first name is the name, a name in the document's language its translation."""
    lang = lang or parsed.get("language") or "en"
    want = _lang_base(lang)
    entries = []
    for i, sig in enumerate(parsed.get("signatories", []), start=1):
        names = sig.get("names") or []
        if not names:
            continue
        primary = names[0]["text"]
        translation = next((n["text"] for n in names[1:]
                            if _lang_base(n.get("lang", "")) == want
                            or _lang_base(n.get("lang", "")).split("-")[0] == want.split("-")[0]),
                           None)
        entries.append(Entry(number=i, name=primary, translation=translation,
                             acronym=sig.get("acronym") or None, country=sig.get("country")))
    entries = number_entries(entries)
    return LetterDocument(
        lang=lang, title=parsed.get("title") or "", recipients=parsed.get("recipients") or "",
        date=parsed.get("date"), paragraphs=list(parsed.get("paragraphs", [])),
        asks=list(parsed.get("asks", [])), entries=entries, anonymous_count=0, layout=layout,
    )


def edition_render(edition: Edition, lang: str, layout: str) -> str | None:
    """The list rendered at publication (``publishing.services.edition_prerender``)."""
    return (EditionRender.objects.filter(edition=edition, lang=lang, layout=layout)
            .values_list("html", flat=True).first())


def edition_list_html(doc: LetterDocument) -> str:
    """What an edition page shows of its list: the numbered names, then the sentence on
    those who signed without their names."""
    out = entries_html(doc)
    if doc.anonymous_count:
        out += f'<p class="anonymous">{escape(doc.anonymous_sentence())}</p>'
    return out


def entries_html(doc: LetterDocument) -> str:
    """The numbered list as HTML, built in one pass (a template loop over 10,000 entries
    costs seconds; this costs milliseconds). Every name is escaped."""
    lang = escape(doc.lang)
    parts = ['<ol class="edition-list">']
    for e in doc.entries:
        name, translation = doc.entry_parts(e)
        line = f'<li value="{e.number}">{e.number}. <bdi>{escape(name)}</bdi>'
        if translation:
            line += f' <bdi lang="{lang}">{escape(translation)}</bdi>'
        parts.append(line + "</li>")
    parts.append("</ol>")
    return "".join(parts)
