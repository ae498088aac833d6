"""Publishing a letter: a new immutable edition of its text and numbered list. Its page's
list is rendered once, in the background, in every language and layout, by
``edition_prerender``; its PDF is rendered once per language the first time one is needed
(a download, a delivery) and kept in the shared storage: editions never change."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from undersigned.audit.services import audit_record
from undersigned.letters.models import Letter, LetterStatus, Signature, SignatureState
from undersigned.outbox import tasks as task_queue
from undersigned.publishing import tasks
from undersigned.publishing.collation import sort_entries
from undersigned.publishing.document import LAYOUTS
from undersigned.publishing.models import Edition, EditionEntry, EditionRender
from undersigned.publishing.renderers import render_bytes
from undersigned.publishing.renderers.pdf import FontsMissing
from undersigned.publishing.selectors import edition_document, edition_languages, edition_list_html


class PublishError(Exception):
    pass


def _names_in(sig: Signature, languages) -> dict[str, str]:
    """The signature's names in the letter's other languages, as this letter prints them
    (its own translators' or its import's: another letter never changes them)."""
    return {lang: text for lang, text in (sig.names or {}).items()
            if lang in languages and text}


def _diff(previous: Edition | None, entries: list[dict], anonymous: int) -> dict:
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


def _unchanged(previous: Edition | None, letter: Letter, diff: dict) -> bool:
    return previous is not None and previous.text_version == letter.text_version and not (
        diff["added"] or diff["withdrawn"] or diff["renamed"] or diff.get("translated")
    ) and diff["anonymous"][0] == diff["anonymous"][1]


@transaction.atomic
def edition_publish(*, letter: Letter, actor=None) -> tuple[Edition, bool]:
    """Publish ``letter``: a new edition if anything changed since the last one.
    Returns (edition, created)."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status == LetterStatus.DRAFT:
        raise PublishError(_("A draft cannot be published; open it for sign-on first."))
    signatures = list(Signature.public.filter(letter=letter).select_related("organization"))
    anonymous = Signature.objects.filter(letter=letter, state=SignatureState.APPROVED,
                                         active=True, publish_name=False).count()
    sort_keys = {s.name: s.organization.sort_key for s in signatures if s.organization.sort_key}
    ordered = sort_entries(signatures, letter.source_lang, key=lambda s: s.name,
                           sort_keys=sort_keys)
    entries = [{"number": i, "organization_id": s.organization_id, "name": s.name,
                "acronym": s.acronym, "country": s.country,
                "names": _names_in(s, letter.languages)}
               for i, s in enumerate(ordered, start=1)]
    previous = letter.editions.order_by("-number").first()
    diff = _diff(previous, entries, anonymous)
    if _unchanged(previous, letter, diff):
        return previous, False
    texts = {tr.lang: {"title": tr.title, "recipients": tr.recipients, "body_md": tr.body_md,
                       "asks": list(tr.asks)} for tr in letter.translations.all()}
    edition = Edition.objects.create(
        letter=letter, number=(previous.number + 1) if previous else 1,
        text_version=letter.text_version, texts=texts, anonymous_count=anonymous,
        changes=diff, created_by=actor)
    EditionEntry.objects.bulk_create([EditionEntry(edition=edition, **e) for e in entries],
                                     batch_size=1000)
    if letter.status != LetterStatus.PUBLISHED:
        before = letter.status
        letter.status = LetterStatus.PUBLISHED
        letter.save(update_fields=["status", "updated_at"])
        audit_record(action="letter_status", object_type="letter", object_id=letter.public_id,
                     actor=actor, letter_id=letter.pk, before={"status": before},
                     after={"status": LetterStatus.PUBLISHED})
    audit_record(action="edition_published", object_type="edition",
                 object_id=edition.public_id, actor=actor, letter_id=letter.pk,
                 after={"number": edition.number, "entries": len(entries),
                        "anonymous": anonymous, "added": len(diff["added"]),
                        "withdrawn": len(diff["withdrawn"]), "renamed": len(diff["renamed"])})
    task_queue.enqueue(tasks.edition_prerender, edition.pk, priority=-10)
    return edition, True


def edition_pdf_name(edition: Edition, lang: str) -> str:
    return f"editions/{edition.public_id}/{edition.letter.slug}-{edition.number}-{lang}.pdf"


def edition_pdf_stored(edition: Edition, lang: str) -> str:
    """The edition's PDF in ``lang`` (layout "both", the source numbering) in the shared
    storage, rendered the first time it is asked for. Returns its storage name. Raises
    FontsMissing on a server without the fonts."""
    name = edition_pdf_name(edition, lang)
    if not default_storage.exists(name):
        with translation.override(lang):
            data = render_bytes("pdf", edition_document(edition, lang))
        if not default_storage.exists(name):  # another worker may have made it meanwhile
            default_storage.save(name, ContentFile(data))
    return name


def edition_prerender(*, edition_id: int, pdfs: bool = False) -> dict:
    """Render an edition's list for its page in every language and layout (a background
    task, safe to run twice: what exists is kept); with ``pdfs``, its PDF in every
    language too."""
    edition = Edition.objects.select_related("letter").get(pk=edition_id)
    done = set(EditionRender.objects.filter(edition=edition).values_list("lang", "layout"))
    lists = made_pdfs = 0
    for lang in edition_languages(edition):
        with translation.override(lang):
            for layout in LAYOUTS:
                if (lang, layout) in done:
                    continue
                html = edition_list_html(edition_document(edition, lang, layout=layout))
                with transaction.atomic():
                    _row, created = EditionRender.objects.get_or_create(
                        edition=edition, lang=lang, layout=layout, defaults={"html": html})
                lists += created
        if not pdfs:
            continue
        try:
            edition_pdf_stored(edition, lang)
            made_pdfs += 1
        except FontsMissing:
            pass  # the download says so; the page and other formats work
    with transaction.atomic():
        audit_record(action="edition_rendered", object_type="edition",
                     object_id=edition.public_id, letter_id=edition.letter_id,
                     after={"lists": lists, "pdfs": made_pdfs})
    return {"lists": lists, "pdfs": made_pdfs}
