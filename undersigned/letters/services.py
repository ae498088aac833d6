"""Writes for letters and sign-ons. Views, commands and the API call these; each is one
transaction and leaves the database as it was when it raises."""

import difflib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from undersigned.audit.services import audit_record
from undersigned.core import receipts
from undersigned.core.crypto import search_hash
from undersigned.core.languages import is_supported_language
from undersigned.core.text import clean_line, normalize_name
from undersigned.letters import emails, permissions, selectors, tasks, tokens
from undersigned.letters.models import (
    ACTIVE_STATES,
    DuplicateSignOn,
    Letter,
    LetterRole,
    LetterStatus,
    LetterTranslation,
    LetterVersion,
    Partner,
    Signature,
    SignatureEvent,
    SignatureState,
)
from undersigned.orgs import services as org_services
from undersigned.outbox import services as outbox
from undersigned.outbox import tasks as outbox_tasks


class ServiceError(Exception):
    """A refusal with a message meant for the user, in the active language."""


# --- letters ----------------------------------------------------------------------------


RESERVED_SLUGS = frozenset({"admin", "manage", "login", "logout", "confirm", "withdraw",
                            "static", "api", "media", "editions", "campaigns", "account", "verify"})


@transaction.atomic
def letter_create(
    *, slug: str, source_lang: str, languages: list[str], title: str, recipients: str = "",
    body_md: str = "", asks: list[str] | None = None, deadline=None, created_by=None,
) -> Letter:
    languages = list(dict.fromkeys([source_lang, *languages]))
    _check_languages(languages)
    if slug in RESERVED_SLUGS:
        raise ServiceError(_("This address is reserved; choose another one."))
    letter = Letter(
        slug=slug, source_lang=source_lang, languages=languages, deadline=deadline,
        created_by=created_by,
    )
    letter.full_clean()
    letter.save()
    audit_record(action="letter_created", object_type="letter", object_id=letter.public_id,
                 actor=created_by, letter_id=letter.pk,
                 after={"slug": slug, "languages": languages, "deadline": str(deadline or "")})
    if created_by is not None and created_by.is_authenticated:
        LetterRole.objects.create(letter=letter, user=created_by, role=LetterRole.OWNER)
    translation_save(
        letter=letter, lang=source_lang, title=title, recipients=recipients, body_md=body_md,
        asks=asks or [], actor=created_by,
    )
    return letter


def _check_languages(languages) -> None:
    bad = [lang for lang in languages if not is_supported_language(lang)]
    if bad:
        raise ServiceError(_("%(tags)s: not a language a letter can be offered in.")
                           % {"tags": ", ".join(repr(t)[:40] for t in bad)})


def translation_staleness(letter: Letter) -> dict[str, str]:
    """{lang: diff of the source text since the translation was made} for every translation
    that is out of date."""
    trs = {tr.lang: tr for tr in letter.translations.all()}
    source = trs.get(letter.source_lang)
    if source is None:
        return {}
    return {lang: text_diff(tr.based_on or {}, _text_of(source))
            for lang, tr in trs.items()
            if lang != letter.source_lang and tr.source_version < source.source_version}


def _text_of(tr: LetterTranslation) -> dict:
    return {"title": tr.title, "recipients": tr.recipients, "body_md": tr.body_md,
            "asks": list(tr.asks)}


def _snapshot(letter: Letter, *, actor=None) -> LetterVersion:
    letter.text_version += 1
    letter.save(update_fields=["text_version", "updated_at"])
    texts = {tr.lang: _text_of(tr) for tr in letter.translations.all()}
    return LetterVersion.objects.create(
        letter=letter, number=letter.text_version, texts=texts, created_by=actor
    )


def text_diff(old: dict, new: dict) -> str:
    """A readable unified diff of two texts of one language."""

    def lines(text: dict) -> list[str]:
        out = [text.get("title", ""), text.get("recipients", ""), ""]
        out += (text.get("body_md", "") or "").splitlines()
        out += [""] + [f"- {ask}" for ask in text.get("asks", [])]
        return out

    return "\n".join(
        difflib.unified_diff(lines(old), lines(new), "before", "after", lineterm="", n=1)
    )


@transaction.atomic
def translation_save(
    *, letter: Letter, lang: str, title: str, recipients: str = "", body_md: str = "",
    asks: list[str] | None = None, actor=None,
) -> tuple[LetterTranslation, int]:
    """Create or change one language's text. Once sign-on has opened, a change makes a new
    text version and every organisation that signed an earlier one is emailed the change.
    Returns the translation and the number of signatories notified."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if lang not in letter.languages:
        _check_languages([lang])
        letter.languages = [*letter.languages, lang]
        letter.save(update_fields=["languages", "updated_at"])
    tr = LetterTranslation.objects.filter(letter=letter, lang=lang).first()
    before = _text_of(tr) if tr else None
    if tr is None:
        tr = LetterTranslation(letter=letter, lang=lang)
    tr.title = clean_line(title)
    tr.recipients = clean_line(recipients)
    tr.body_md = body_md.replace("\r\n", "\n")
    tr.asks = [clean_line(a) for a in (asks or []) if clean_line(a)]
    if lang == letter.source_lang:
        if before != _text_of(tr):
            tr.source_version += 1  # a new revision of the source text
    else:
        source = LetterTranslation.objects.filter(letter=letter, lang=letter.source_lang).first()
        if source is not None:  # the translator worked from the source as it is now
            tr.source_version = source.source_version
            tr.based_on = _text_of(source)
    tr.full_clean()
    tr.save()
    after = _text_of(tr)
    if before != after:
        audit_record(action="text_changed", object_type="translation", object_id=lang,
                     actor=actor, letter_id=letter.pk, before=before, after=after)
    if letter.status == LetterStatus.DRAFT or before == after:
        return tr, 0
    version = _snapshot(letter, actor=actor)
    notified = _notify_text_change(letter=letter, version=version, lang=lang,
                                   before=before or {}, after=after)
    return tr, notified


def _text_change_recipients(letter, version):
    signatures = (Signature.objects.filter(letter=letter, active=True, state__in=ACTIVE_STATES)
                  .exclude(letter_version=version))
    repeats = DuplicateSignOn.objects.filter(
        signature__letter=letter, signature__active=True, withdrawn_at__isnull=True)
    return signatures, repeats


def _notify_text_change(*, letter, version, lang, before, after) -> int:
    """Email the change to everyone who signed an earlier version: signatories, and the
    people behind repeat sign-ons too, so that who gets this message says nothing about who
    had signed before them. The messages are written by a background task queued in this
    transaction (thousands of them do not hold up the coordinator's request); returns how
    many people will be told."""
    signatures, repeats = _text_change_recipients(letter, version)
    outbox_tasks.enqueue(tasks.text_change_notify, version.pk, lang, text_diff(before, after),
                         priority=outbox.PRIORITY_PERSONAL)
    return signatures.count() + repeats.count()


def text_change_notify(*, version_id: int, lang: str, diff: str) -> int:
    """The task behind ``_notify_text_change``: one outbox message per person, in one
    transaction, each with a Message-ID made from the version and the signature, so a
    second run adds nothing. Returns the messages queued."""
    version = LetterVersion.objects.select_related("letter").get(pk=version_id)
    letter = version.letter
    domain = outbox.message_id_domain()
    with transaction.atomic():
        signatures, repeats = _text_change_recipients(letter, version)
        people = [(sig, "s") for sig in signatures] + [(dup, "d") for dup in repeats]
        ids = {obj.public_id: f"<undersigned.text_changed.{version.pk}.{obj.public_id.hex}"
                              f"@{domain}>" for obj, _kind in people}
        done = outbox.message_ids_existing(list(ids.values()))
        queued = []
        for obj, kind in people:
            if ids[obj.public_id] in done:
                continue
            queued.append(emails.send_text_changed(
                to=obj.contact_email, contact_name=obj.contact_name, org_name=obj.name,
                sign_lang=obj.lang, letter=letter, lang=lang, diff=diff,
                withdraw_token=tokens.make_withdraw_token(obj.public_id, kind=kind),
                message_id=ids[obj.public_id]))
        queued = [m.pk for m in queued if m is not None]
        outbox.messages_send(queued, priority=outbox.PRIORITY_PERSONAL)
        if queued:
            audit_record(action="text_change_notified", object_type="letter",
                         object_id=letter.public_id, letter_id=letter.pk,
                         after={"version": version.number, "lang": lang,
                                "messages": len(queued)})
    return len(queued)


def _set_status(letter: Letter, status: str, *, allowed_from: tuple[str, ...], actor=None):
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status not in allowed_from:
        raise ServiceError(
            _("This letter is %(status)s; that step is not possible now.")
            % {"status": letter.get_status_display()}
        )
    before = letter.status
    letter.status = status
    letter.save(update_fields=["status", "updated_at"])
    audit_record(action="letter_status", object_type="letter", object_id=letter.public_id,
                 actor=actor, letter_id=letter.pk, before={"status": before},
                 after={"status": status})
    return letter


class TextsIncomplete(ServiceError):
    """Opening refused until the coordinator accepts that some languages' texts are
    missing or out of date (the message names them)."""


@transaction.atomic
def letter_open(*, letter: Letter, actor=None, accept_incomplete: bool = False) -> Letter:
    """Open (or reopen) sign-on. A language without its text, or with a translation of an
    earlier source text, refuses with ``TextsIncomplete`` naming it, unless
    ``accept_incomplete``: then the letter opens and languages without text are not
    offered publicly until written (``selectors.public_languages``)."""
    if not letter.translations.filter(lang=letter.source_lang).exists():
        raise ServiceError(_("Write the letter's text before opening it for sign-on."))
    warnings = selectors.letter_texts_warnings(letter)
    if warnings and not accept_incomplete:
        raise TextsIncomplete(" ".join(warnings))
    letter = _set_status(letter, LetterStatus.OPEN,
                         allowed_from=(LetterStatus.DRAFT, LetterStatus.CLOSED), actor=actor)
    if not letter.versions.exists():
        _snapshot(letter, actor=actor)
    if letter.deadline and letter.deadline <= timezone.now():
        letter.deadline = None
        letter.save(update_fields=["deadline"])
    return letter


@transaction.atomic
def letter_close(*, letter: Letter, actor=None) -> Letter:
    return _set_status(letter, LetterStatus.CLOSED, allowed_from=(LetterStatus.OPEN,), actor=actor)


@transaction.atomic
def letter_publish(*, letter: Letter, actor=None) -> Letter:
    return _set_status(letter, LetterStatus.PUBLISHED,
                       allowed_from=(LetterStatus.OPEN, LetterStatus.CLOSED), actor=actor)


def letter_close_if_past_deadline(letter: Letter) -> Letter:
    """A deadline closes sign-on by itself: called wherever a letter is read for signing."""
    if (letter.status == LetterStatus.OPEN and letter.deadline
            and letter.deadline <= timezone.now()):
        with transaction.atomic():
            updated = Letter.objects.filter(pk=letter.pk, status=LetterStatus.OPEN).update(
                status=LetterStatus.CLOSED, updated_at=timezone.now()
            )
            if updated:
                audit_record(action="letter_status", object_type="letter",
                             object_id=letter.public_id, letter_id=letter.pk,
                             before={"status": "open"},
                             after={"status": "closed", "why": "deadline"})
        if updated:
            letter.status = LetterStatus.CLOSED
    return letter


# --- sign-ons ---------------------------------------------------------------------------


@dataclass
class SignOn:
    """What an organisation's representative submits (already validated by the form)."""

    name: str
    contact_name: str
    contact_email: str
    acronym: str = ""
    country: str = ""
    website: str = ""
    publish_name: bool = True
    # Not named publicly, but named in the copy delivered to the recipients.
    name_to_recipients: bool = False
    via: "Partner | None" = None  # the partner whose referral code brought it
    share_with_partner: bool = False


def _event(sig: Signature, *, to_state: str, action: str, actor=None, reason: str = "",
           from_state: str = "") -> None:
    SignatureEvent.objects.create(
        signature=sig, from_state=from_state, to_state=to_state, action=action, actor=actor,
        reason=reason,
    )
    audit_record(action=f"signature_{action}", object_type="signature", object_id=sig.public_id,
                 actor=actor, letter_id=sig.letter_id,
                 before={"state": from_state} if from_state else None,
                 after={"state": to_state, "name": sig.name, "reason": reason})


def _lock_name(letter: Letter, name: str) -> None:
    """Serialise concurrent sign-ons for one name on PostgreSQL (SQLite's write transactions
    are already serial), so two simultaneous submits make one organisation and one
    signature."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{letter.pk}:{name}"])


def signature_submit(*, letter: Letter, lang: str, data: SignOn, source: dict | None = None,
                     verified: bool = False, imported: bool = False, organization=None) -> None:
    """Record a sign-on and email its confirmation link.

    Returns nothing on purpose: the caller's response must be the same whether or not the
    organisation had signed already. A repeat sign-on is recorded for the coordinators and
    the email goes to the address given, as any other."""
    letter = letter_close_if_past_deadline(letter)
    allowed = (LetterStatus.OPEN, LetterStatus.CLOSED) if imported else (LetterStatus.OPEN,)
    if letter.status not in allowed:
        raise ServiceError(_("This letter is not open for sign-on."))
    for attempt in range(3):
        try:
            with transaction.atomic():
                _signature_submit(letter=letter, lang=lang, data=data, source=source or {},
                                  verified=verified, imported=imported,
                                  organization=organization)
            return
        except IntegrityError:
            # Someone signed for the same organisation at the same instant: try again, and
            # the second pass records this one as a repeat of theirs.
            if attempt == 2:
                raise


def _signature_submit(*, letter, lang, data: SignOn, source, verified, imported,
                      organization=None) -> None:
    _lock_name(letter, normalize_name(data.name))
    if organization is not None:  # the caller already matched it (an import)
        org = organization
    else:
        org, _created = org_services.organization_find_or_create(
            name=data.name, acronym=data.acronym, country=data.country, lang=lang,
            source=f"sign-on:{letter.slug}",
        )
    existing = (
        Signature.objects.select_for_update().filter(letter=letter, organization=org, active=True)
        .first()
    )
    if existing is not None and existing.state == SignatureState.PENDING:
        stale = existing.created_at < timezone.now() - timedelta(
            seconds=settings.CONFIRMATION_MAX_AGE
        )
        same_person = existing.contact_email_hash == search_hash(data.contact_email)
        if stale or same_person:
            # A lapsed sign-on gives way; the same person signing again gets a fresh link.
            existing.active = False
            existing.state = SignatureState.WITHDRAWN
            existing.confirm_nonce = ""
            existing.save(update_fields=["active", "state", "confirm_nonce", "updated_at"])
            _event(existing, from_state=SignatureState.PENDING, to_state=SignatureState.WITHDRAWN,
                   action="superseded", reason="signed again" if same_person else "lapsed")
            existing = None
    # The current text version: the signature refers to it, and its frozen texts give the
    # mail its title (what the signer saw) without another query.
    version = letter.versions.order_by("-number").first()
    title = ((version.texts.get(lang) or {}).get("title") if version else None) or None
    if existing is not None:
        dup = DuplicateSignOn.objects.create(
            signature=existing, name=clean_line(data.name), contact_name=data.contact_name,
            contact_email=data.contact_email, contact_email_hash=search_hash(data.contact_email),
            publish_name=data.publish_name, lang=lang, confirm_nonce=tokens.new_nonce(),
        )
        # The same rows as a first sign-on writes (an event and its audit entry), so the
        # answer takes as long whether or not the organisation had signed already.
        _event(existing, from_state=existing.state, to_state=existing.state,
               action="repeat_sign_on", reason=f"{dup.name} signed again "
               f"(repeat sign-on {dup.public_id})")
        token = tokens.make_confirm_token(kind="d", public_id=dup.public_id,
                                          nonce=dup.confirm_nonce)
        withdraw = tokens.make_withdraw_token(dup.public_id, kind="d")
        emails.send_confirmation(
            to=data.contact_email, contact_name=data.contact_name, letter=letter, lang=lang,
            org_name=dup.name, confirm_token=token, withdraw_token=withdraw, title=title,
            receipt=_receipt(letter, version, dup.name, lang, dup),
        )
        return
    sig = Signature(
        letter=letter, organization=org, name=clean_line(data.name), acronym=data.acronym,
        country=data.country, website=data.website, contact_name=data.contact_name,
        contact_email=data.contact_email, contact_email_hash=search_hash(data.contact_email),
        publish_name=data.publish_name, lang=lang, letter_version=version, source=source,
        name_to_recipients=data.name_to_recipients and not data.publish_name,
        via=data.via if data.via is not None and data.via.letter_id == letter.pk else None,
        share_with_partner=data.share_with_partner and data.via is not None,
        state=SignatureState.CONFIRMED if verified else SignatureState.PENDING,
        confirm_nonce="" if verified else tokens.new_nonce(),
        confirmed_at=timezone.now() if verified else None,
    )
    # Field validation only: uniqueness is the database's job (one_active_signature_per_org).
    sig.full_clean(exclude=["organization", "letter", "letter_version"], validate_unique=False,
                   validate_constraints=False)
    sig.save()
    _event(sig, to_state=sig.state, action="imported" if imported else "submitted")
    if verified:
        return
    confirm = tokens.make_confirm_token(kind="s", public_id=sig.public_id, nonce=sig.confirm_nonce)
    withdraw = tokens.make_withdraw_token(sig.public_id)
    emails.send_confirmation(
        to=sig.contact_email, contact_name=sig.contact_name, letter=letter, lang=lang,
        org_name=sig.name, confirm_token=confirm, withdraw_token=withdraw, title=title,
        receipt=_receipt(letter, version, sig.name, lang, sig),
    )


def _receipt(letter: Letter, version, name: str, lang: str, obj) -> str:
    """A receipt the server signs: this organisation's name was given for this letter and
    text version at this time. Whoever holds it can prove the sign-on at /verify/, and an
    organisation shown no receipt can deny one, even after the contacts were purged."""
    return receipts.receipt_make({
        "v": 1, "letter": letter.slug, "version": version.number if version else 0,
        "name": name, "lang": lang, "id": str(obj.public_id),
        "signed_at": obj.created_at.replace(microsecond=0).isoformat()})


@dataclass
class TokenTarget:
    letter: Letter
    lang: str
    org_name: str
    already_done: bool = False


def confirmation_lookup(token: str) -> TokenTarget:
    """What a confirmation link is for (raises TokenError): shown on the confirm page."""
    payload = tokens.read_confirm_token(token)
    model = DuplicateSignOn if payload.get("k") == "d" else Signature
    obj = model.objects.select_related(
        "signature__letter" if model is DuplicateSignOn else "letter"
    ).filter(public_id=payload.get("id")).first()
    if obj is None:
        raise tokens.TokenError("invalid")
    letter = obj.signature.letter if model is DuplicateSignOn else obj.letter
    if not obj.confirm_nonce or obj.confirm_nonce != payload.get("n"):
        still = (obj.withdrawn_at is None if model is DuplicateSignOn
                 else obj.active and obj.state in (SignatureState.CONFIRMED,
                                                   SignatureState.APPROVED))
        if obj.confirmed_at is not None and still:  # the link did its work: say so
            return TokenTarget(letter=letter, lang=obj.lang, org_name=obj.name,
                               already_done=True)
        raise tokens.TokenError("used")
    return TokenTarget(letter=letter, lang=obj.lang, org_name=obj.name)


@transaction.atomic
def signature_confirm(*, token: str) -> TokenTarget:
    """Confirm a sign-on from its emailed link (the POST of the confirm page)."""
    payload = tokens.read_confirm_token(token)
    now = timezone.now()
    if payload.get("k") == "d":
        dup = DuplicateSignOn.objects.select_for_update().select_related(
            "signature__letter").filter(public_id=payload.get("id")).first()
        if dup is None:
            raise tokens.TokenError("invalid")
        if not dup.confirm_nonce or dup.confirm_nonce != payload.get("n"):
            raise tokens.TokenError("used")
        dup.confirm_nonce = ""
        dup.confirmed_at = now
        dup.save(update_fields=["confirm_nonce", "confirmed_at"])
        _event(dup.signature, from_state=dup.signature.state, to_state=dup.signature.state,
               action="repeat_sign_on_confirmed",
               reason=f"{dup.name} signed again (repeat sign-on {dup.public_id})")
        return TokenTarget(letter=dup.signature.letter, lang=dup.lang, org_name=dup.name)
    sig = Signature.objects.select_for_update().select_related("letter").filter(
        public_id=payload.get("id")).first()
    if sig is None:
        raise tokens.TokenError("invalid")
    if not sig.confirm_nonce or sig.confirm_nonce != payload.get("n"):
        raise tokens.TokenError("used")
    if not sig.active or sig.state != SignatureState.PENDING:
        raise tokens.TokenError("used")
    sig.confirm_nonce = ""
    sig.state = SignatureState.CONFIRMED
    sig.confirmed_at = now
    sig.save(update_fields=["confirm_nonce", "state", "confirmed_at", "updated_at"])
    _event(sig, from_state=SignatureState.PENDING, to_state=SignatureState.CONFIRMED,
           action="email_confirmed")
    return TokenTarget(letter=sig.letter, lang=sig.lang, org_name=sig.name)


def withdrawal_lookup(token: str) -> TokenTarget:
    """What a withdrawal link is for (raises TokenError): shown on the withdrawal page."""
    kind, public_id = tokens.read_withdraw_token(token)
    if kind == "d":
        dup = DuplicateSignOn.objects.select_related("signature__letter").filter(
            public_id=public_id).first()
        if dup is None:
            raise tokens.TokenError("invalid")
        return TokenTarget(letter=dup.signature.letter, lang=dup.lang, org_name=dup.name,
                           already_done=dup.withdrawn_at is not None)
    sig = Signature.objects.select_related("letter").filter(public_id=public_id).first()
    if sig is None:
        raise tokens.TokenError("invalid")
    done = sig.state in (SignatureState.WITHDRAWN, SignatureState.REJECTED) or (
        sig.withdrawal_requested_at is not None)
    return TokenTarget(letter=sig.letter, lang=sig.lang, org_name=sig.name, already_done=done)


@transaction.atomic
def signature_withdraw(*, token: str) -> tuple[TokenTarget, bool]:
    """Withdraw from an emailed link. Before publication the signature is withdrawn at once;
    after it, a request is left for the coordinators. Returns (target, done_now)."""
    kind, public_id = tokens.read_withdraw_token(token)
    if kind == "d":
        dup = DuplicateSignOn.objects.select_for_update().select_related(
            "signature__letter").filter(public_id=public_id).first()
        if dup is None:
            raise tokens.TokenError("invalid")
        target = TokenTarget(letter=dup.signature.letter, lang=dup.lang, org_name=dup.name)
        # After publication a signature's withdrawal is a request: say the same here.
        done = dup.signature.letter.status != LetterStatus.PUBLISHED
        if dup.withdrawn_at is None:
            dup.withdrawn_at = timezone.now()
            dup.confirm_nonce = ""
            dup.save(update_fields=["withdrawn_at", "confirm_nonce"])
            emails.send_withdrawn(to=dup.contact_email, contact_name=dup.contact_name,
                                  org_name=dup.name, lang=dup.lang, letter=target.letter,
                                  done=done)
        return target, done
    sig = Signature.objects.select_for_update().select_related("letter").filter(
        public_id=public_id).first()
    if sig is None:
        raise tokens.TokenError("invalid")
    target = TokenTarget(letter=sig.letter, lang=sig.lang, org_name=sig.name)
    if sig.state in (SignatureState.WITHDRAWN, SignatureState.REJECTED):
        return target, True
    if sig.letter.status == LetterStatus.PUBLISHED:
        if sig.withdrawal_requested_at is None:
            sig.withdrawal_requested_at = timezone.now()
            sig.save(update_fields=["withdrawal_requested_at", "updated_at"])
            _event(sig, from_state=sig.state, to_state=sig.state, action="withdrawal_requested")
            emails.send_withdrawn(to=sig.contact_email, contact_name=sig.contact_name,
                                  org_name=sig.name, lang=sig.lang, letter=sig.letter,
                                  done=False)
        return target, False
    _transition(sig, SignatureState.WITHDRAWN, action="withdrawn_by_signatory")
    emails.send_withdrawn(to=sig.contact_email, contact_name=sig.contact_name,
                          org_name=sig.name, lang=sig.lang, letter=sig.letter, done=True)
    return target, True


def _transition(sig: Signature, to_state: str, *, action: str, actor=None, reason: str = ""):
    from_state = sig.state
    sig.state = to_state
    fields = ["state", "updated_at"]
    if to_state in (SignatureState.WITHDRAWN, SignatureState.REJECTED):
        sig.active = False
        sig.confirm_nonce = ""
        fields += ["active", "confirm_nonce"]
    sig.save(update_fields=fields)
    _event(sig, from_state=from_state, to_state=to_state, action=action, actor=actor,
           reason=reason)


@transaction.atomic
def signature_approve(*, signature: Signature, actor) -> Signature:
    sig = Signature.objects.select_for_update().get(pk=signature.pk)
    if sig.state not in (SignatureState.CONFIRMED, SignatureState.PENDING, SignatureState.REJECTED):
        raise ServiceError(_("Only a pending, confirmed or rejected sign-on can be approved."))
    if sig.state == SignatureState.REJECTED:
        if Signature.objects.filter(letter=sig.letter_id, organization=sig.organization_id,
                                    active=True).exists():
            raise ServiceError(_("This organisation has another active sign-on on this letter."))
        sig.active = True
        sig.save(update_fields=["active"])
    _transition(sig, SignatureState.APPROVED, action="approved", actor=actor)
    if sig.publish_name:  # now public: what it gave may fill the registry's empty fields
        org_services.organization_fill_fields(organization=sig.organization,
                                              acronym=sig.acronym, country=sig.country,
                                              website=sig.website)
    return sig


@transaction.atomic
def signature_reject(*, signature: Signature, actor, reason: str) -> Signature:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Give a reason for the rejection; it is kept in the history."))
    sig = Signature.objects.select_for_update().get(pk=signature.pk)
    if sig.state in (SignatureState.REJECTED, SignatureState.WITHDRAWN):
        raise ServiceError(_("This sign-on is already %(state)s.")
                           % {"state": sig.get_state_display()})
    _transition(sig, SignatureState.REJECTED, action="rejected", actor=actor, reason=reason)
    return sig


MODERATION_ACTIONS = ("approve", "reject")


@transaction.atomic
def signatures_moderate(*, letter: Letter, public_ids, action: str, actor,
                        reason: str = "") -> tuple[list[Signature], list[tuple[str, str]]]:
    """Approve or reject several sign-ons of ``letter`` at once (the moderation list's
    selected rows, after one confirmation). Each goes through ``signature_approve`` or
    ``signature_reject``, so its history and audit entry are those of a single action;
    one that cannot be (already approved, withdrawn meanwhile) is skipped and said why,
    and the others are still done. Returns (done, [(name, why not)])."""
    if action not in MODERATION_ACTIONS:
        raise ServiceError(_("Unknown action."))
    if action == "reject" and not (reason or "").strip():
        raise ServiceError(_("Give a reason for the rejection; it is kept in the history."))
    done, skipped = [], []
    for sig in Signature.objects.filter(letter=letter, public_id__in=list(public_ids)
                                        ).order_by("name"):
        try:
            with transaction.atomic():
                if action == "approve":
                    done.append(signature_approve(signature=sig, actor=actor))
                else:
                    done.append(signature_reject(signature=sig, actor=actor, reason=reason))
        except ServiceError as exc:
            skipped.append((sig.name, str(exc)))
    return done, skipped


@transaction.atomic
def signature_withdraw_by_coordinator(*, signature: Signature, actor, reason: str = ""):
    sig = Signature.objects.select_for_update().get(pk=signature.pk)
    if sig.state in (SignatureState.REJECTED, SignatureState.WITHDRAWN):
        raise ServiceError(_("This sign-on is already %(state)s.")
                           % {"state": sig.get_state_display()})
    _transition(sig, SignatureState.WITHDRAWN, action="withdrawn_by_coordinator", actor=actor,
                reason=reason)
    return sig


@transaction.atomic
def signature_rename(*, signature: Signature, name: str, actor) -> Signature:
    """Correct the name an organisation is shown under on this letter. Other letters keep
    theirs; the registry learns the name (keeping the old one as an alias) only when
    ``actor`` moderates every letter the organisation signed, since its names steer
    matching everywhere."""
    name = clean_line(name)
    if not name:
        raise ServiceError(_("The name cannot be empty."))
    if len(name) > 300:
        raise ServiceError(_("The name is too long (300 characters at most)."))
    sig = Signature.objects.select_for_update().select_related("organization").get(
        pk=signature.pk)
    old = sig.name
    sig.name = name
    sig.save(update_fields=["name", "updated_at"])
    if permissions.may_change_everywhere(actor, [sig.organization_id]):
        org_services.organization_rename(organization=sig.organization, name=name, actor=actor)
    _event(sig, from_state=sig.state, to_state=sig.state, action="renamed", actor=actor,
           reason=f"{old} → {name}")
    return sig


@transaction.atomic
def signature_name_set(*, signature: Signature, lang: str, text: str, actor=None,
                       learn: bool = True) -> Signature:
    """Set (or clear, with an empty ``text``) the organisation's name in ``lang`` as this
    letter prints it. Only this letter changes; the registry learns the name as an alias
    (for matching) when ``learn`` and ``actor`` moderates every letter the organisation
    signed."""
    text = clean_line(text)
    if len(text) > 300:
        raise ServiceError(_("A name has 300 characters at most."))
    if lang not in signature.letter.languages:
        raise ServiceError(_("This letter is not offered in that language."))
    sig = Signature.objects.select_for_update().select_related("organization", "letter").get(
        pk=signature.pk)
    names = dict(sig.names or {})
    before = names.get(lang, "")
    if text == before:
        return sig
    if text:
        names[lang] = text
    else:
        names.pop(lang, None)
    sig.names = names
    sig.save(update_fields=["names", "updated_at"])
    if text and learn and permissions.may_change_everywhere(actor, [sig.organization_id]):
        org_services.organization_add_name(organization=sig.organization, text=text, lang=lang,
                                           source="translator")
    audit_record(action="signature_name_set", object_type="signature",
                 object_id=sig.public_id, actor=actor, letter_id=sig.letter_id,
                 before={"lang": lang, "name": before}, after={"lang": lang, "name": text})
    return sig


def validate_signon_text(value: str, *, field_label: str, max_length: int) -> str:
    """Shared rules for every free-text sign-on field (raises ValidationError)."""
    from undersigned.core.text import has_bidi_controls, has_control_characters

    if has_bidi_controls(value) or has_control_characters(value):
        raise ValidationError(
            _("%(field)s contains invisible control characters; please type it again.")
            % {"field": field_label}
        )
    cleaned = clean_line(value)
    if "<" in cleaned or ">" in cleaned:
        raise ValidationError(_("%(field)s cannot contain < or >.") % {"field": field_label})
    if len(cleaned) > max_length:
        raise ValidationError(
            _("%(field)s is too long (%(max)d characters at most).")
            % {"field": field_label, "max": max_length}
        )
    return cleaned


@transaction.atomic
def signature_record_published(*, letter: Letter, organization, name: str, acronym: str = "",
                               country: str = "", lang: str = "", names: dict | None = None,
                               source: dict | None = None, actor=None) -> Signature | None:
    """Record an organisation found on a letter's published list (an import): approved at
    once, no contact details, with its ``names`` in the letter's other languages as the
    list printed them. None when the organisation already has an active signature on the
    letter, so importing twice adds nothing twice."""
    if Signature.objects.filter(letter=letter, organization=organization, active=True).exists():
        return None
    lang = lang or letter.source_lang
    sig = Signature.objects.create(
        letter=letter, organization=organization, name=clean_line(name)[:300],
        acronym=(acronym or "")[:50], country=country or "", lang=lang,
        names={k: clean_line(v)[:300] for k, v in (names or {}).items() if clean_line(v)},
        state=SignatureState.APPROVED, publish_name=True, source=source or {},
        letter_version=letter.versions.order_by("-number").first(),
        confirmed_at=timezone.now())
    _event(sig, to_state=SignatureState.APPROVED, action="imported_from_published_list",
           actor=actor)
    org_services.organization_fill_fields(organization=organization, acronym=sig.acronym,
                                          country=sig.country)
    return sig


@transaction.atomic
def letter_role_set(*, letter: Letter, user, role: str, partner: Partner | None = None,
                    actor=None) -> LetterRole:
    """Give ``user`` a role on the letter; a partner coordinator's role names its partner."""
    if role not in dict(LetterRole.CHOICES):
        raise ServiceError(_("Unknown role."))
    if role == LetterRole.PARTNER and (partner is None or partner.letter_id != letter.pk):
        raise ServiceError(_("Choose the partner this coordinator works for."))
    if role != LetterRole.PARTNER:
        partner = None
    current = LetterRole.objects.filter(letter=letter, user=user).first()
    if current and current.role == LetterRole.OWNER and role != LetterRole.OWNER and \
            not LetterRole.objects.filter(letter=letter, role=LetterRole.OWNER).exclude(
                pk=current.pk).exists():
        raise ServiceError(_("A letter keeps at least one owner."))
    obj, _created = LetterRole.objects.update_or_create(
        letter=letter, user=user, defaults={"role": role, "partner": partner})
    audit_record(action="role_set", object_type="role", object_id=user.get_username(),
                 actor=actor, letter_id=letter.pk,
                 before={"role": current.role} if current else None,
                 after={"role": role, **({"partner": partner.name} if partner else {})})
    return obj


@transaction.atomic
def letter_role_remove(*, letter: Letter, user, actor=None) -> None:
    current = LetterRole.objects.filter(letter=letter, user=user).first()
    if current is None:
        return
    if current.role == LetterRole.OWNER and not LetterRole.objects.filter(
            letter=letter, role=LetterRole.OWNER).exclude(pk=current.pk).exists():
        raise ServiceError(_("A letter keeps at least one owner."))
    current.delete()
    audit_record(action="role_removed", object_type="role", object_id=user.get_username(),
                 actor=actor, letter_id=letter.pk, before={"role": current.role})


# --- registry curation: signatures moved between registry organisations ------------------


def signature_event_record(*, signature: Signature, action: str, actor=None,
                           reason: str = "") -> None:
    """Write a change that keeps the signature's state to its history and the audit log."""
    _event(signature, from_state=signature.state, to_state=signature.state, action=action,
           actor=actor, reason=reason)


@transaction.atomic
def signatures_relink(*, signatures, organization, actor=None,
                      reason: str = "") -> tuple[list[int], list[int]]:
    """Point these signatures at another registry organisation (a merge). Where that
    organisation already has an active signature on the same letter, the moved one is set
    aside (inactive, its state kept, its history saying why): the letter lists it once.
    Returns (moved pks, set-aside pks). Callers check who may (``curation.services``)."""
    signatures = list(Signature.objects.select_for_update().filter(
        pk__in=[s.pk for s in signatures]).order_by("pk"))
    kept = set(Signature.objects.filter(organization=organization, active=True,
                                        letter_id__in={s.letter_id for s in signatures})
               .values_list("letter_id", flat=True))
    moved, aside = [], []
    for sig in signatures:
        fields = ["organization", "updated_at"]
        if sig.active and sig.letter_id in kept:
            sig.active = False
            fields.append("active")
            aside.append(sig.pk)
        sig.organization = organization
        sig.save(update_fields=fields)
        moved.append(sig.pk)
        signature_event_record(
            signature=sig, action="set_aside_by_merge" if sig.pk in aside else "merged",
            actor=actor, reason=reason)
    return moved, aside


@transaction.atomic
def signatures_relink_back(*, signature_ids, set_aside_ids, organization, actor=None,
                           reason: str = "") -> int:
    """Undo ``signatures_relink``: the signatures point at ``organization`` again, and
    those set aside are listed again where nothing else of it is. Returns how many moved."""
    count = 0
    for sig in Signature.objects.select_for_update().filter(pk__in=list(signature_ids)):
        fields = ["organization", "updated_at"]
        sig.organization = organization
        if sig.pk in set_aside_ids and sig.state in ACTIVE_STATES and not sig.active and not (
                Signature.objects.filter(letter_id=sig.letter_id, organization=organization,
                                         active=True).exists()):
            sig.active = True
            fields.append("active")
        sig.save(update_fields=fields)
        signature_event_record(signature=sig, action="merge_undone", actor=actor, reason=reason)
        count += 1
    return count


# --- partners and embeds ------------------------------------------------------------------

_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")


@transaction.atomic
def partner_save(*, letter: Letter, name: str, code: str = "", listed: bool = True,
                 partner: Partner | None = None, actor=None) -> Partner:
    """Add a partner to the letter's core group (or change one). Its referral code is
    given or made from its name; it goes in links anyone can read, so it is short and
    plain (letters, digits, dashes)."""
    name = clean_line(name)
    if not name or len(name) > 300:
        raise ServiceError(_("A partner needs a name (300 characters at most)."))
    code = (code or "").strip().lower() or (slugify(name)[:24].strip("-") + "-"
                                            + secrets.token_hex(2))
    if not _CODE.match(code):
        raise ServiceError(_("A referral code has 2 to 40 lower-case letters, digits or "
                             "dashes."))
    clash = Partner.objects.filter(letter=letter, code=code)
    if partner is not None:
        clash = clash.exclude(pk=partner.pk)
    if clash.exists():
        raise ServiceError(_("Another partner of this letter has this referral code."))
    before = None
    if partner is None:
        partner = Partner(letter=letter)
    else:
        before = {"name": partner.name, "code": partner.code, "listed": partner.listed}
    partner.name, partner.code, partner.listed = name, code, listed
    partner.full_clean(validate_constraints=False)
    partner.save()
    audit_record(action="partner_saved", object_type="partner", object_id=partner.code,
                 actor=actor, letter_id=letter.pk, before=before,
                 after={"name": name, "code": code, "listed": listed})
    return partner


def _origin(value: str) -> str:
    parts = urlsplit(value.strip())
    local = parts.hostname in ("localhost", "127.0.0.1", "::1")
    if parts.scheme not in ("https", "http") or (parts.scheme == "http" and not local) \
            or not parts.hostname or parts.path not in ("", "/") or parts.query \
            or parts.fragment or parts.username or parts.password:
        raise ServiceError(_("%(value)s is not a site address such as https://partner.org "
                             "(plain http only for localhost).") % {"value": value[:80]})
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname.lower()}{port}"


@transaction.atomic
def letter_embed_origins_set(*, letter: Letter, origins, actor=None) -> Letter:
    """The sites that may show the letter's embeddable sign-on form and counter."""
    cleaned = list(dict.fromkeys(_origin(o) for o in origins if o.strip()))[:50]
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    before = list(letter.embed_origins)
    letter.embed_origins = cleaned
    letter.save(update_fields=["embed_origins", "updated_at"])
    audit_record(action="embed_origins_set", object_type="letter", object_id=letter.public_id,
                 actor=actor, letter_id=letter.pk, before={"origins": before},
                 after={"origins": cleaned})
    return letter
