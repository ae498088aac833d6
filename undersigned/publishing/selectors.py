"""Reading editions as documents the renderers print."""

import hashlib
import json
import re
from dataclasses import dataclass, field

from django.utils.html import escape

from undersigned.letters.models import Letter, LetterStatus, Signature, SignatureState
from undersigned.letters.selectors import letter_texts_status
from undersigned.publishing.collation import sort_entries
from undersigned.publishing.document import Entry, LetterDocument, number_entries
from undersigned.publishing.integrity import digests_named_in, file_hash
from undersigned.publishing.models import Edition, EditionFile, EditionRender

_BLOCKS = re.compile(r"\n\s*\n")


# --- what the next edition of a letter would be ------------------------------------------


def _names_in(sig: Signature, languages) -> dict[str, str]:
    """The signature's names in the letter's other languages, as this letter prints them
    (its own translators' or its import's: another letter never changes them)."""
    return {lang: text for lang, text in (sig.names or {}).items()
            if lang in languages and text}


def edition_entries(letter: Letter, *, leave_out=()) -> tuple[list[dict], int]:
    """The numbered entries an edition of ``letter`` would print now (approved, named,
    active signatures, sorted with the source language's collation and the organisations'
    ``sort_key``), and the count of those signed without their names. Signatures whose pk
    is in ``leave_out`` are not counted (withdrawal requests about to be honoured)."""
    leave_out = set(leave_out)
    signatures = [s for s in Signature.public.filter(letter=letter).select_related(
        "organization") if s.pk not in leave_out]
    anonymous = Signature.objects.filter(letter=letter, state=SignatureState.APPROVED,
                                         active=True, publish_name=False).exclude(
        pk__in=leave_out).count()
    sort_keys = {s.name: s.organization.sort_key for s in signatures if s.organization.sort_key}
    ordered = sort_entries(signatures, letter.source_lang, key=lambda s: s.name,
                           sort_keys=sort_keys)
    entries = [{"number": i, "organization_id": s.organization_id, "name": s.name,
                "acronym": s.acronym, "country": s.country,
                "names": _names_in(s, letter.languages)}
               for i, s in enumerate(ordered, start=1)]
    return entries, anonymous


def edition_recipients_only(letter: Letter, *, leave_out=()) -> list[dict]:
    """Organisations that asked to be named to the recipients only: counted among the
    unnamed on every public surface, named in the copy delivered to the missions."""
    return [{"organization_id": s.organization_id, "name": s.name, "acronym": s.acronym,
             "country": s.country, "names": _names_in(s, letter.languages)}
            for s in Signature.objects.filter(
                letter=letter, state=SignatureState.APPROVED, active=True,
                publish_name=False, name_to_recipients=True).exclude(
                pk__in=list(leave_out)).order_by("pk")]


def edition_diff(previous: Edition | None, entries: list[dict], anonymous: int) -> dict:
    """What changed since ``previous``: names added, withdrawn, renamed, translated, and
    the anonymous count before and after."""
    if previous is None:
        return {"added": [e["name"] for e in entries], "withdrawn": [], "renamed": [],
                "translated": [], "anonymous": [0, anonymous]}
    old_entries = list(previous.entries.all())
    before = {e.organization_id: e.name for e in old_entries}
    before_names = {e.organization_id: e.names for e in old_entries}
    after = {e["organization_id"]: e["name"] for e in entries}
    after_names = {e["organization_id"]: e["names"] for e in entries}
    return {
        "added": [after[k] for k in after if k not in before],
        "withdrawn": [before[k] for k in before if k not in after],
        "renamed": [[before[k], after[k]] for k in after if k in before and before[k] != after[k]],
        "translated": [after[k] for k in after
                       if k in before and before_names[k] != after_names[k]],
        "anonymous": [previous.anonymous_count, anonymous],
    }


def edition_unchanged(previous: Edition | None, letter: Letter, diff: dict) -> bool:
    return previous is not None and previous.text_version == letter.text_version and not (
        diff["added"] or diff["withdrawn"] or diff["renamed"] or diff.get("translated")
    ) and diff["anonymous"][0] == diff["anonymous"][1]


@dataclass
class EditionPlan:
    """What publishing ``letter`` now would print, and what it would leave out: shown on
    the confirmation page and checked again, under lock, by ``edition_publish``."""

    letter: Letter
    number: int  # the number the new edition would get
    entries: list[dict]
    anonymous: int
    diff: dict
    unchanged: bool
    languages: list[str]  # published in these (their text exists)
    missing: list[str]  # offered, but no text: not published in these
    stale: list[str]  # published with a translation of an earlier text
    awaiting_approval: list[Signature] = field(default_factory=list)
    awaiting_confirmation: list[Signature] = field(default_factory=list)
    withdrawal_requests: list[Signature] = field(default_factory=list)
    withdraw_requested: bool = True
    recipients_only: list[dict] = field(default_factory=list)

    @property
    def can_keep_open(self) -> bool:
        return self.letter.status == LetterStatus.OPEN

    @property
    def fingerprint(self) -> str:
        """A digest of what the page showed (the sign-ons, their states and names, the
        texts), whatever is chosen about withdrawal requests: if any of it changes before
        the coordinator presses "Publish", the edition is not made and the page shows the
        new state instead."""
        return _plan_basis(self.letter)


def _plan_basis(letter: Letter) -> str:
    rows = list(Signature.objects.filter(letter=letter, active=True).order_by("pk").values_list(
        "pk", "state", "name", "names", "publish_name", "acronym", "organization_id",
        "withdrawal_requested_at"))
    texts = sorted(letter.translations.values_list("lang", "source_version", "updated_at"))
    data = [letter.text_version, letter.status, rows, texts]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True,
                                     default=str).encode()).hexdigest()[:32]


def edition_plan(letter: Letter, *, withdraw_requested: bool = True) -> EditionPlan:
    """The next edition of ``letter`` as it would be published now. With
    ``withdraw_requested`` the signatures whose withdrawal was asked for are left out
    (publishing withdraws them); without, they stay on the list."""
    active = Signature.objects.filter(letter=letter, active=True).order_by("name")
    requests = list(active.filter(withdrawal_requested_at__isnull=False).exclude(
        state__in=[SignatureState.WITHDRAWN, SignatureState.REJECTED]))
    leave_out = [s.pk for s in requests] if withdraw_requested else []
    entries, anonymous = edition_entries(letter, leave_out=leave_out)
    recipients_only = edition_recipients_only(letter, leave_out=leave_out)
    previous = letter.editions.order_by("-number").first()
    diff = edition_diff(previous, entries, anonymous)
    status = letter_texts_status(letter)
    unchanged = edition_unchanged(previous, letter, diff) and (
        previous.recipients_only == recipients_only)
    return EditionPlan(
        letter=letter, number=(previous.number + 1) if previous else 1, entries=entries,
        anonymous=anonymous, diff=diff, unchanged=unchanged, recipients_only=recipients_only,
        languages=[lang for lang, st in status.items() if st != "missing"],
        missing=[lang for lang, st in status.items() if st == "missing"],
        stale=[lang for lang, st in status.items() if st == "stale"],
        awaiting_approval=list(active.filter(state=SignatureState.CONFIRMED)),
        awaiting_confirmation=list(active.filter(state=SignatureState.PENDING)),
        withdrawal_requests=requests, withdraw_requested=withdraw_requested,
    )


def edition_languages(edition: Edition) -> list[str]:
    langs = list(edition.letter.languages)
    return [lang for lang in langs if lang in edition.texts] or list(edition.texts)


PUBLIC, RECIPIENTS = "public", "recipients"


def edition_document(edition: Edition, lang: str, *, layout: str = "both",
                     per_language_sort: bool = False, zh_order: str | None = None,
                     with_entries: bool = True, audience: str = PUBLIC) -> LetterDocument:
    """One language of an edition. Numbers are the source language's, so "signatory 27" is
    one organisation in every language; ``per_language_sort`` makes a separate list sorted
    and numbered the way ``lang`` sorts. ``with_entries=False``: the text alone (for a page
    whose list was rendered at publication, ``edition_list_html``).

    ``audience`` RECIPIENTS is the copy delivered to the recipients (the missions): it also
    names the organisations that asked to be named to them only, sorted in among the
    others and numbered afresh. Every public page, export and API answer uses PUBLIC."""
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
    anonymous = edition.anonymous_count
    if audience == RECIPIENTS and with_entries and edition.recipients_only:
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
        edition_number=edition.number, digest=edition.digest,
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


@dataclass
class Verification:
    """What /verify/ found: ``outcome`` is "file" (a file this server made, unchanged),
    "digest" (an edition's digest), "altered" (names an edition, but is not a file made of
    it), or "unknown"."""

    outcome: str
    edition: Edition | None = None
    file: object = None


def verification_of(*, text: str = "", data: bytes | None = None) -> Verification:
    """Check a pasted digest, or an uploaded file, against the editions published here."""
    if data is not None:
        row = (EditionFile.objects.select_related("edition__letter")
               .filter(sha256=file_hash(data)).first())
        if row is not None:
            return Verification("file", row.edition, row)
        named = digests_named_in(data)
        edition = Edition.objects.select_related("letter").filter(digest__in=named).first()
        return Verification("altered" if edition else "unknown", edition)
    match = re.search(r"[0-9a-f]{64}", (text or "").lower())
    edition = (Edition.objects.select_related("letter").filter(digest=match.group(0)).first()
               if match else None)
    return Verification("digest" if edition else "unknown", edition)
