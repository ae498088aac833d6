"""Personal data over time: contact details deleted a set number of days after a letter is
published, and a person's own copy and erasure of their data."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from undersigned.audit.services import audit_record
from undersigned.core.crypto import search_hash
from undersigned.letters.models import DuplicateSignOn, Letter, Signature, SignatureState


def retention_days() -> int:
    return int(getattr(settings, "CONTACT_RETENTION_DAYS", 90))


@transaction.atomic
def contacts_purge(*, days: int | None = None, now=None) -> dict[str, int]:
    """Delete the contact details of every letter first published more than ``days`` ago.
    Returns {letter slug: sign-ons cleared}. Run daily by a scheduler."""
    days = retention_days() if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    done: dict[str, int] = {}
    letters = Letter.objects.filter(editions__number=1, editions__created_at__lte=cutoff).distinct()
    for letter in letters:
        sigs = Signature.objects.filter(letter=letter).exclude(contact_email="", contact_name="")
        count = sigs.update(contact_name="", contact_email="", contact_email_hash="")
        DuplicateSignOn.objects.filter(signature__letter=letter).update(
            contact_name="", contact_email="", contact_email_hash="")
        if count:
            audit_record(action="contacts_purged", object_type="letter",
                         object_id=letter.public_id, letter_id=letter.pk,
                         after={"signatures": count, "days": days})
            done[letter.slug] = count
    return done


def contact_data(email: str) -> list[dict]:
    """Everything kept about the person behind an email address (their own copy): their
    sign-ons, and their repeat sign-ons for an organisation that had signed already."""
    digest = search_hash(email)
    rows = Signature.objects.filter(contact_email_hash=digest).select_related("letter")
    repeats = [{
        "letter": d.signature.letter.slug, "organisation": d.name,
        "contact_name": d.contact_name, "contact_email": d.contact_email,
        "listed_by_name": d.publish_name, "language": d.lang, "repeat_sign_on": True,
        "signed_at": d.created_at.isoformat(),
        "confirmed_at": d.confirmed_at.isoformat() if d.confirmed_at else None,
        "withdrawn_at": d.withdrawn_at.isoformat() if d.withdrawn_at else None,
    } for d in DuplicateSignOn.objects.filter(contact_email_hash=digest).select_related(
        "signature__letter")]
    return [{
        "letter": s.letter.slug, "organisation": s.name, "acronym": s.acronym,
        "country": s.country, "website": s.website, "contact_name": s.contact_name,
        "contact_email": s.contact_email, "listed_by_name": s.publish_name, "state": s.state,
        "language": s.lang, "signed_at": s.created_at.isoformat(),
        "history": [{"at": e.at.isoformat(), "action": e.action, "state": e.to_state}
                    for e in s.events.all()],
    } for s in rows] + repeats


@transaction.atomic
def contact_erase(*, email: str, actor=None) -> int:
    """Erase a person's contact details and withdraw the sign-ons they made; a letter that
    was already published gets a new edition saying an organisation withdrew."""
    from undersigned.letters.services import _transition
    from undersigned.publishing.services import edition_publish

    sigs = list(Signature.objects.select_for_update().select_related("letter")
                .filter(contact_email_hash=search_hash(email)))
    republish = set()
    for sig in sigs:
        if sig.state not in (SignatureState.WITHDRAWN, SignatureState.REJECTED):
            _transition(sig, SignatureState.WITHDRAWN, action="erased_on_request", actor=actor)
            if sig.letter.editions.exists():
                republish.add(sig.letter)
        Signature.objects.filter(pk=sig.pk).update(contact_name="", contact_email="",
                                                   contact_email_hash="")
    repeats = list(DuplicateSignOn.objects.select_for_update().select_related("signature")
                   .filter(contact_email_hash=search_hash(email)))
    for dup in repeats:
        DuplicateSignOn.objects.filter(pk=dup.pk).update(
            contact_name="", contact_email="", contact_email_hash="", confirm_nonce="",
            withdrawn_at=dup.withdrawn_at or timezone.now())
        audit_record(action="repeat_sign_on_erased", object_type="signature",
                     object_id=dup.signature.public_id, actor=actor,
                     letter_id=dup.signature.letter_id)
    for letter in republish:
        edition_publish(letter=letter, actor=actor, close_sign_on=False)  # status kept
    return len(sigs) + len(repeats)
