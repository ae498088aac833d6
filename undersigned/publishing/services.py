"""Publishing a letter: a new immutable edition of its text and numbered list.

Publishing goes through a confirmation page (``publishing.manage_views.publish_confirm``)
that shows ``selectors.edition_plan``: what the edition will contain and what it leaves out
(sign-ons awaiting approval or email confirmation, withdrawal requests). The coordinator
chooses to keep sign-on open (an interim edition: a later one adds the rest, "list updated
on …") or to close it; ``edition_publish`` checks, under lock, that nothing changed since
the page was read.

Its page's list is rendered once, in the background, in every language and layout, by
``edition_prerender``; its PDF is rendered once per language the first time one is needed
(a download, a delivery) and kept in the shared storage: editions never change."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from undersigned.audit.services import audit_record
from undersigned.letters import services as letter_services
from undersigned.letters.models import Letter, LetterStatus
from undersigned.outbox import tasks as task_queue
from undersigned.publishing import tasks
from undersigned.publishing.document import LAYOUTS
from undersigned.publishing.integrity import digest_of, file_hash
from undersigned.publishing.models import Edition, EditionEntry, EditionFile, EditionRender
from undersigned.publishing.renderers import render_bytes
from undersigned.publishing.renderers.pdf import FontsMissing
from undersigned.publishing.selectors import (
    PUBLIC,
    RECIPIENTS,
    edition_document,
    edition_languages,
    edition_list_html,
    edition_plan,
)


class PublishError(Exception):
    pass


class PlanChanged(PublishError):
    """The sign-ons or texts changed since the confirmation page was shown."""


@transaction.atomic
def edition_publish(*, letter: Letter, actor=None, close_sign_on: bool = True,
                    withdraw_requested: bool = False, expect: str | None = None
                    ) -> tuple[Edition, bool]:
    """Publish ``letter``: a new edition if anything changed since the last one.
    Returns (edition, created).

    ``close_sign_on``: an open letter becomes "published" (sign-on closes); with False it
    stays open and this edition is an interim one. A closed letter becomes published
    either way; a published one stays so. ``withdraw_requested``: the sign-ons whose
    withdrawal was asked for after an earlier edition are withdrawn (their history says
    so) and left out. ``expect``: the plan's fingerprint the coordinator confirmed;
    ``PlanChanged`` if the plan is no longer that."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status == LetterStatus.DRAFT:
        raise PublishError(_("A draft cannot be published; open it for sign-on first."))
    plan = edition_plan(letter, withdraw_requested=withdraw_requested)
    if expect is not None and plan.fingerprint != expect:
        raise PlanChanged(_("The sign-ons or the texts changed while you were reading. "
                            "Here is what the edition would contain now."))
    for sig in plan.withdrawal_requests if withdraw_requested else ():
        letter_services.signature_withdraw_by_coordinator(
            signature=sig, actor=actor, reason=_("Withdrawn as its signatory asked, when "
                                                 "edition %(n)d was published.")
            % {"n": plan.number})
    previous = letter.editions.order_by("-number").first()
    edition, created = previous, False
    if not plan.unchanged:
        texts = {tr.lang: {"title": tr.title, "recipients": tr.recipients,
                           "body_md": tr.body_md, "asks": list(tr.asks)}
                 for tr in letter.translations.all() if tr.lang in plan.languages}
        digest = digest_of(slug=letter.slug, number=plan.number,
                           text_version=letter.text_version, texts=texts,
                           entries=plan.entries, anonymous_count=plan.anonymous)
        edition = Edition.objects.create(
            letter=letter, number=plan.number, text_version=letter.text_version, texts=texts,
            anonymous_count=plan.anonymous, recipients_only=plan.recipients_only,
            changes=plan.diff, digest=digest, created_by=actor)
        EditionEntry.objects.bulk_create(
            [EditionEntry(edition=edition, **e) for e in plan.entries], batch_size=1000)
        created = True
    keep_open = letter.status == LetterStatus.OPEN and not close_sign_on
    if letter.status != LetterStatus.PUBLISHED and not keep_open:
        before = letter.status
        letter.status = LetterStatus.PUBLISHED
        letter.save(update_fields=["status", "updated_at"])
        audit_record(action="letter_status", object_type="letter", object_id=letter.public_id,
                     actor=actor, letter_id=letter.pk, before={"status": before},
                     after={"status": LetterStatus.PUBLISHED})
    if created:
        diff = plan.diff
        audit_record(action="edition_published", object_type="edition",
                     object_id=edition.public_id, actor=actor, letter_id=letter.pk,
                     after={"number": edition.number, "entries": len(plan.entries),
                            "anonymous": plan.anonymous, "added": len(diff["added"]),
                            "withdrawn": len(diff["withdrawn"]),
                            "renamed": len(diff["renamed"]), "sign_on_open": keep_open,
                            "left_out_awaiting_approval": len(plan.awaiting_approval),
                            "left_out_awaiting_confirmation": len(plan.awaiting_confirmation)})
        task_queue.enqueue(tasks.edition_prerender, edition.pk, priority=-10)
    return edition, created


def edition_pdf_name(edition: Edition, lang: str, audience: str = PUBLIC) -> str:
    """Where the PDF is kept. The recipients' copy (which also names those named to the
    recipients only) has a name of its own under a random folder no page links to."""
    suffix = "-recipients" if audience == RECIPIENTS and edition.recipients_only else ""
    return (f"editions/{edition.public_id}/{edition.letter.slug}-{edition.number}-{lang}"
            f"{suffix}.pdf")


def edition_pdf_stored(edition: Edition, lang: str, audience: str = PUBLIC) -> str:
    """The edition's PDF in ``lang`` (layout "both", the source numbering) in the shared
    storage, rendered the first time it is asked for; ``audience`` RECIPIENTS for the copy
    delivered to the missions. Returns its storage name. Raises FontsMissing on a server
    without the fonts."""
    name = edition_pdf_name(edition, lang, audience)
    if not default_storage.exists(name):
        with translation.override(lang):
            data = render_bytes("pdf", edition_document(edition, lang, audience=audience))
        if not default_storage.exists(name):  # another worker may have made it meanwhile
            default_storage.save(name, ContentFile(data))
        edition_file_record(edition=edition, lang=lang, fmt="pdf", data=data,
                            variant=audience)
    return name


def edition_file_record(*, edition: Edition, lang: str, fmt: str, data: bytes,
                        variant: str = "") -> None:
    """Remember the hash of a file made of ``edition``, for /verify/."""
    EditionFile.objects.get_or_create(edition=edition, sha256=file_hash(data), defaults={
        "lang": lang, "fmt": fmt, "variant": variant[:80]})


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

