"""Reading editions as documents the renderers print."""

import re

from undersigned.publishing.collation import sort_entries
from undersigned.publishing.document import Entry, LetterDocument, number_entries
from undersigned.publishing.models import Edition

_BLOCKS = re.compile(r"\n\s*\n")


def edition_languages(edition: Edition) -> list[str]:
    langs = list(edition.letter.languages)
    return [lang for lang in langs if lang in edition.texts] or list(edition.texts)


PUBLIC, RECIPIENTS = "public", "recipients"


def edition_document(edition: Edition, lang: str, *, layout: str = "both",
                     per_language_sort: bool = False, zh_order: str | None = None,
                     audience: str = PUBLIC) -> LetterDocument:
    """One language of an edition. Numbers are the source language's, so "signatory 27" is
    one organisation in every language; ``per_language_sort`` makes a separate list sorted
    and numbered the way ``lang`` sorts.

    ``audience`` RECIPIENTS is the copy delivered to the recipients (the missions): it also
    names the organisations that asked to be named to them only, sorted in among the
    others and numbered afresh. Every public page, export and API answer uses PUBLIC."""
    letter = edition.letter
    source = letter.source_lang
    text = edition.texts.get(lang) or edition.texts.get(source) or {}
    rows = edition.entries.order_by("number").values_list(
        "number", "name", "names", "acronym", "country")
    entries = [
        Entry(number=number, name=name,
              translation=(names.get(lang) if lang != source else None) or None,
              acronym=acronym or None, country=country or None)
        for number, name, names, acronym, country in rows
    ]
    anonymous = edition.anonymous_count
    if audience == RECIPIENTS and edition.recipients_only:
        entries += [Entry(number=0, name=e["name"],
                          translation=(e["names"].get(lang) if lang != source else None)
                          or None, acronym=e["acronym"] or None, country=e["country"] or None)
                    for e in edition.recipients_only]
        entries = number_entries(sort_entries(entries, source, key=lambda e: e.name))
        anonymous = max(0, anonymous - len(edition.recipients_only))
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
        anonymous_count=anonymous, layout=layout,
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


def entries_html(doc: LetterDocument) -> str:
    """The numbered list as HTML, built in one pass (a template loop over 10,000 entries
    costs seconds; this costs milliseconds). Every name is escaped."""
    from django.utils.html import escape

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
