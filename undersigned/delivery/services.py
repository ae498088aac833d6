"""Writes for deliveries: the recipient directory, a delivery and its mail merge, what comes
back (bounces and replies, read from a mailbox or a file) and the board's "asked" status.

Layering: this app sits above ``publishing`` (it sends an edition and its PDF) and
``advocacy`` (states, campaigns, the board and the outreach log, written through their
services), and below the URLs; neither of those knows about deliveries. Mail goes through
the ``outbox``: a delivery's messages are rows there, sent by workers, once each.

Bounces are recognised with flufl.bounce (GNU Mailman's DSN and MTA-report detectors,
maintained since 2002) and matched to their message by the original Message-ID the report
carries; replies by In-Reply-To/References."""

from __future__ import annotations

import csv
import email
import hashlib
import io
import logging
import mailbox
import re
from dataclasses import dataclass, field
from email import policy
from email.parser import HeaderParser
from email.utils import getaddresses, parsedate_to_datetime

from babel.languages import get_official_languages
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from flufl.bounce import all_failures

from undersigned.advocacy import services as advocacy
from undersigned.advocacy.models import AskStatus, Status
from undersigned.advocacy.reference import all_states, get_state
from undersigned.advocacy.resolver import resolve_state
from undersigned.audit.services import audit_record
from undersigned.delivery import tasks
from undersigned.delivery.models import (
    Delivery,
    DeliveryMessage,
    InboundMail,
    Office,
    Outcome,
    Recipient,
)
from undersigned.outbox import services as outbox
from undersigned.outbox import tasks as outbox_tasks
from undersigned.publishing.selectors import RECIPIENTS, edition_languages
from undersigned.publishing.services import edition_pdf_stored

logger = logging.getLogger(__name__)

# The UN's six languages, as the project's language codes.
UN_LANGUAGES = ("en", "fr", "es", "ru", "zh-hans", "ar")
_CLDR_TO_UN = {"en": "en", "fr": "fr", "es": "es", "ru": "ru", "zh": "zh-hans", "ar": "ar"}


class DeliveryError(Exception):
    """A refusal with a message for the user."""


# --- the recipient directory -----------------------------------------------------------


def default_language(iso2: str) -> str:
    """The first of the state's official languages (CLDR, de facto ones included) that is a
    UN language; English when none is."""
    for lang in get_official_languages(iso2, de_facto=True):
        if lang in _CLDR_TO_UN:
            return _CLDR_TO_UN[lang]
    return "en"


@transaction.atomic
def recipients_ensure(*, actor=None) -> int:
    """Make the directory's template: one row per UN member and observer State, language
    from its official languages, no address (none is shipped). Returns rows made."""
    have = set(Recipient.objects.values_list("state_code", flat=True))
    new = [Recipient(state_code=s.iso3, language=default_language(s.iso2))
           for s in all_states() if s.iso3 not in have]
    Recipient.objects.bulk_create(new)
    if new:
        audit_record(action="recipients_created", object_type="recipient", actor=actor,
                     after={"states": len(new)})
    return len(new)


def _clean_email(value: str, label: str) -> str:
    value = (value or "").strip()
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise DeliveryError(_("%(label)s is not an email address: %(value)s")
                                % {"label": label, "value": value}) from None
    return value


@transaction.atomic
def recipient_update(*, recipient: Recipient, language: str, geneva_email: str = "",
                     new_york_email: str = "", notes: str = "", actor=None) -> Recipient:
    if language not in UN_LANGUAGES:
        raise DeliveryError(_("Choose one of the six UN languages."))
    row = Recipient.objects.select_for_update().get(pk=recipient.pk)
    before = {"language": row.language, "geneva": row.geneva_email,
              "new_york": row.new_york_email}
    row.language = language
    row.geneva_email = _clean_email(geneva_email, _("The Geneva address"))
    row.new_york_email = _clean_email(new_york_email, _("The New York address"))
    row.notes = (notes or "").strip()[:300]
    row.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    row.save()
    audit_record(action="recipient_changed", object_type="recipient", object_id=row.state_code,
                 actor=actor, before=before,
                 after={"language": row.language, "geneva": row.geneva_email,
                        "new_york": row.new_york_email})
    return row


_HEADERS = {
    "state": ("state", "country", "name", "iso3", "code", "état", "estado"),
    "language": ("language", "lang", "langue", "idioma"),
    "geneva": ("geneva", "genève", "geneve", "ginebra", "geneva email", "geneva_email"),
    "new_york": ("new york", "new_york", "ny", "new york email", "new_york_email", "nueva york"),
    "notes": ("notes", "source", "note"),
}


def _column(header: str) -> str | None:
    h = header.strip().lower()
    for key, names in _HEADERS.items():
        if h in names or any(h.startswith(n) for n in names if len(n) > 3):
            return key
    return None


@dataclass
class RecipientsReport:
    rows: list[dict] = field(default_factory=list)  # {iso3, name, language, geneva, new_york}
    errors: list[str] = field(default_factory=list)  # rows left out, and why
    changed: int = 0


def recipients_parse(text: str) -> RecipientsReport:
    """Read a CSV of mission addresses (a header row naming the columns: state or ISO3
    code, language, Geneva, New York, notes). Nothing is saved; each row left out is said
    with its line number and why."""
    report = RecipientsReport()
    text = (text or "").lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    columns = [_column(h) for h in header or []]
    if "state" not in columns:
        report.errors.append(_("The first line must name the columns; one must be the state "
                               "(its name or ISO code)."))
        return report
    seen = set()
    for line, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        row = {key: values[i].strip() for i, key in enumerate(columns)
               if key and i < len(values)}
        resolved = resolve_state(row.get("state", ""))
        if resolved is None:
            report.errors.append(_("Line %(n)d: %(state)s is not a UN member or observer "
                                   "State.") % {"n": line, "state": row.get("state", "")})
            continue
        iso3 = resolved.iso3
        if iso3 in seen:
            report.errors.append(_("Line %(n)d: %(state)s is listed twice; the first line is "
                                   "kept.") % {"n": line, "state": row.get("state", "")})
            continue
        language = row.get("language", "").lower().replace("_", "-")
        language = {"zh": "zh-hans", "zh-cn": "zh-hans"}.get(language, language)
        if language and language not in UN_LANGUAGES:
            report.errors.append(_("Line %(n)d: %(lang)s is not a UN language (en, fr, es, ru, "
                                   "zh-hans, ar).") % {"n": line, "lang": language})
            continue
        try:
            geneva = _clean_email(row.get("geneva", ""), _("The Geneva address"))
            new_york = _clean_email(row.get("new_york", ""), _("The New York address"))
        except DeliveryError as exc:
            report.errors.append(_("Line %(n)d: %(error)s") % {"n": line, "error": exc})
            continue
        seen.add(iso3)
        report.rows.append({"iso3": iso3, "name": get_state(iso3).name, "language": language,
                            "geneva": geneva, "new_york": new_york,
                            "notes": row.get("notes", "")[:300]})
    return report


@transaction.atomic
def recipients_import(*, text: str, actor=None) -> RecipientsReport:
    """Apply a CSV read by ``recipients_parse``: every good row, in one transaction. An
    empty cell leaves what the directory had."""
    recipients_ensure(actor=actor)
    report = recipients_parse(text)
    by_code = {r.state_code: r for r in Recipient.objects.select_for_update().filter(
        state_code__in=[row["iso3"] for row in report.rows])}
    for row in report.rows:
        rec = by_code[row["iso3"]]
        before = (rec.language, rec.geneva_email, rec.new_york_email, rec.notes)
        rec.language = row["language"] or rec.language
        rec.geneva_email = row["geneva"] or rec.geneva_email
        rec.new_york_email = row["new_york"] or rec.new_york_email
        rec.notes = row["notes"] or rec.notes
        if before != (rec.language, rec.geneva_email, rec.new_york_email, rec.notes):
            rec.updated_by = actor if getattr(actor, "is_authenticated", False) else None
            rec.save()
            report.changed += 1
    audit_record(action="recipients_imported", object_type="recipient", actor=actor,
                 after={"rows": len(report.rows), "changed": report.changed,
                        "left_out": len(report.errors)})
    return report


# --- the messages ------------------------------------------------------------------------


def message_lang(edition, lang: str) -> str:
    """The recipient's language where the edition has it, else the letter's source."""
    return lang if lang in edition_languages(edition) else edition.letter.source_lang


def message_text(*, edition, lang: str, office: str) -> dict:
    """Subject and body of the delivery's message in ``lang``: a salutation fit for a
    mission, a short cover note, then the letter as published."""
    letter = edition.letter
    text = edition.texts.get(lang) or edition.texts.get(letter.source_lang) or {}
    count = edition.entries.count() + edition.anonymous_count
    with translation.override(lang):
        office_name = (pgettext("the mission in", "Geneva") if office == Office.GENEVA
                       else pgettext("the mission in", "New York"))
        body = render_to_string("delivery/email/letter.txt", {
            "title": text.get("title", letter.slug), "recipients": text.get("recipients", ""),
            "body_md": text.get("body_md", ""), "asks": text.get("asks", []),
            "count": count, "office": office_name,
            "url": f"{settings.SITE_URL}/{letter.slug}/edition/{edition.number}/{lang}/",
        })
        subject = _("Joint letter: %(title)s") % {"title": text.get("title", letter.slug)}
    return {"subject": subject, "body": body, "lang": lang}


# --- deliveries --------------------------------------------------------------------------


def delivery_targets(*, edition, states: list[str], office: str) -> dict:
    """Who a delivery would reach: [{"iso3", "name", "lang", "email"}] and the states left
    out for want of an address for that office."""
    recipients = {r.state_code: r for r in Recipient.objects.filter(state_code__in=states)}
    targets, missing = [], []
    for code in states:
        rec = recipients.get(code)
        state = get_state(code)
        address = rec.email_for(office) if rec else ""
        if not address:
            missing.append({"iso3": code, "name": state.name})
            continue
        lang = message_lang(edition, rec.language)
        targets.append({"iso3": code, "name": state.name, "lang": lang, "email": address})
    return {"targets": targets, "missing": missing}


@transaction.atomic
def delivery_create(*, letter, edition, states: list[str], office: str, reply_to: str,
                    campaign=None, selection: dict | None = None, actor=None) -> Delivery:
    """A delivery of ``edition`` to the missions of ``states``; its mail merge runs in the
    background (queued in this transaction)."""
    if edition.letter_id != letter.pk:
        raise DeliveryError(_("That edition belongs to another letter."))
    if campaign is not None and campaign.letter_id != letter.pk:
        raise DeliveryError(_("That campaign belongs to another letter."))
    if office not in Office.values:
        raise DeliveryError(_("Choose Geneva or New York."))
    reply_to = _clean_email(reply_to, _("The reply address"))
    if not reply_to:
        raise DeliveryError(_("Give the coalition's address for replies."))
    plan = delivery_targets(edition=edition, states=states, office=office)
    if not plan["targets"]:
        raise DeliveryError(_("None of the chosen states has an address for this office yet."))
    delivery = Delivery.objects.create(
        letter=letter, edition=edition, campaign=campaign, office=office,
        selection=selection or {}, states=[t["iso3"] for t in plan["targets"]],
        reply_to=reply_to, created_by=actor if getattr(actor, "is_authenticated", False)
        else None)
    audit_record(action="delivery_created", object_type="delivery",
                 object_id=delivery.public_id, actor=actor, letter_id=letter.pk,
                 after={"edition": edition.number, "office": office,
                        "states": len(delivery.states), "left_out": len(plan["missing"]),
                        "selection": selection or {}})
    outbox_tasks.enqueue(tasks.delivery_merge, delivery.pk)
    return delivery


def delivery_merge(*, delivery_id: int) -> int:
    """The mail merge (a background task, safe to run twice): one outbox message per
    chosen mission that has none yet, in its language, with the edition's PDF in that
    language. PDFs are rendered first, outside the transaction; the messages are written
    and their sending queued in one transaction. Returns the messages made."""
    delivery = Delivery.objects.select_related("edition__letter").get(pk=delivery_id)
    if delivery.merged_at is not None:
        return 0
    edition = delivery.edition
    plan = delivery_targets(edition=edition, states=delivery.states, office=delivery.office)
    # The recipients' copy: it also names those who asked to be named to the missions only.
    pdfs = {lang: edition_pdf_stored(edition, lang, RECIPIENTS)
            for lang in {t["lang"] for t in plan["targets"]}}
    texts = {lang: message_text(edition=edition, lang=lang, office=delivery.office)
             for lang in pdfs}
    letter = edition.letter
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        if delivery.merged_at is not None:
            return 0
        done = set(delivery.messages.values_list("state_code", flat=True))
        ids = []
        for target in plan["targets"]:
            if target["iso3"] in done:
                continue
            lang, text = target["lang"], texts[target["lang"]]
            row = outbox.message_queue(
                to=target["email"], subject=text["subject"], body=text["body"], kind="delivery",
                reply_to=delivery.reply_to, priority=0, send=False,
                headers={"X-Undersigned-Delivery": str(delivery.public_id),
                         "Content-Language": lang},
                attachments=[{"storage": pdfs[lang], "mimetype": "application/pdf",
                              "filename": f"{letter.slug}-{edition.number}-{lang}.pdf"}])
            DeliveryMessage.objects.create(delivery=delivery, state_code=target["iso3"],
                                           lang=lang, to_email=target["email"], message=row)
            ids.append(row.pk)
        delivery.merged_at = timezone.now()
        delivery.save(update_fields=["merged_at"])
        outbox.messages_send(ids, priority=0)
        audit_record(action="delivery_merged", object_type="delivery",
                     object_id=delivery.public_id, letter_id=letter.pk,
                     after={"messages": len(ids), "languages": sorted(pdfs)})
    return len(ids)


def _ask_state(dm: DeliveryMessage, *, when) -> None:
    """A letter delivered: "asked" on every ask of the campaign the state had not been
    asked yet (statuses further on, or set from the record, are left as they are)."""
    delivery = dm.delivery
    if delivery.campaign_id is None:
        return
    campaign = delivery.campaign
    office = Office(delivery.office).label
    current = dict(AskStatus.objects.filter(ask__campaign=campaign, state_code=dm.state_code)
                   .values_list("ask_id", "status"))
    for ask in campaign.asks.all():
        ask.campaign = campaign
        if current.get(ask.pk, Status.NOT_ASKED) != Status.NOT_ASKED:
            continue
        if dm.state_code not in {s.iso3 for s in advocacy.ask_universe(ask)}:
            continue
        advocacy.set_status(ask, dm.state_code, Status.ASKED, by=delivery.created_by,
                            evidence=f"letter delivered ({office}) on {when:%Y-%m-%d}")


def delivery_message_sent(message) -> None:
    """After-send hook of the outbox: the board learns the state was asked."""
    with transaction.atomic():
        dm = (DeliveryMessage.objects.select_for_update(of=("self",))
              .select_related("delivery__campaign")
              .filter(message_id=message.pk, asked_at=None).first())
        if dm is None:
            return
        now = timezone.now()
        _ask_state(dm, when=now)
        dm.asked_at = now
        dm.save(update_fields=["asked_at"])
        audit_record(action="delivery_sent", object_type="delivery",
                     object_id=dm.delivery.public_id, letter_id=dm.delivery.letter_id,
                     after={"state": dm.state_code})


@transaction.atomic
def deliveries_sync() -> int:
    """Tell the board about sent messages it has not heard of (a worker that stopped
    between a message's sending and its hook); run with every mailbox read. Returns how
    many."""
    pending = list(DeliveryMessage.objects.select_for_update(of=("self",)).filter(
        asked_at=None, message__state="sent").select_related("delivery__campaign", "message"))
    for dm in pending:
        _ask_state(dm, when=dm.message.sent_at or timezone.now())
        dm.asked_at = timezone.now()
        dm.save(update_fields=["asked_at"])
        audit_record(action="delivery_sent", object_type="delivery",
                     object_id=dm.delivery.public_id, letter_id=dm.delivery.letter_id,
                     after={"state": dm.state_code, "late": True})
    return len(pending)


# --- what comes back -----------------------------------------------------------------------

_MSGID = re.compile(r"<[^<>\s]+@[^<>\s]+>")


def _original_ids(msg) -> list[str]:
    """Message-IDs the mail points back to: the original's headers inside a delivery
    report, then In-Reply-To and References."""
    ids = []
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype in ("message/rfc822", "message/global"):
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            if hasattr(inner, "get"):
                ids += _MSGID.findall(str(inner.get("Message-ID", "")))
        elif ctype in ("text/rfc822-headers", "message/rfc822-headers"):
            payload = part.get_payload(decode=True) or b""
            headers = HeaderParser().parsestr(payload.decode("utf-8", "replace"))
            ids += _MSGID.findall(str(headers.get("Message-ID", "")))
    for name in ("In-Reply-To", "References"):
        ids += _MSGID.findall(str(msg.get(name, "")))
    return list(dict.fromkeys(ids))


def _diagnostic(msg) -> str:
    """Status and diagnostic of a delivery report, as the reporting server wrote them."""
    for part in msg.walk():
        if part.get_content_type() == "message/delivery-status":
            blocks = part.get_payload()
            blocks = blocks if isinstance(blocks, list) else [blocks]
            out = []
            for block in blocks:
                for name in ("Action", "Status", "Diagnostic-Code"):
                    if block.get(name):
                        out.append(f"{name}: {block.get(name)}")
            if out:
                return "; ".join(out)[:2000]
    return str(msg.get("Subject", ""))[:2000]


def _is_report(msg) -> bool:
    return (msg.get_content_type() == "multipart/report"
            and msg.get_param("report-type", "").lower() == "delivery-status")


def _reply_text(msg) -> str:
    """The reply's own words: its plain text without the quoted original."""
    part = msg.get_body(preferencelist=("plain", "html"))
    text = part.get_content() if part is not None else ""
    lines = []
    for line in text.splitlines():
        if line.startswith(">"):
            continue
        if re.match(r"^(On .+ wrote:|Le .+ a écrit|El .+ escribió)", line.strip()):
            break
        lines.append(line)
    return "\n".join(lines).strip()[:4000]


@dataclass
class Inbound:
    kind: str  # bounce, reply, delay, unmatched, seen
    state_code: str = ""
    delivery: Delivery | None = None


@transaction.atomic
def inbound_record(*, raw: bytes, actor=None, only_delivery: Delivery | None = None) -> Inbound:
    """Read one mail that came back (a delivery report or a reply) and record it on the
    delivery message it answers: "bounced" with the report's diagnostic, or "replied" with
    the reply in the state's outreach log. Reading the same mail twice records it once.
    With ``only_delivery`` (a file fed back on that delivery's page), a mail answering any
    other delivery is left alone, as unmatched."""
    msg = email.message_from_bytes(raw, policy=policy.default)
    own_id = (_MSGID.findall(str(msg.get("Message-ID", ""))) or
              [f"<sha256.{hashlib.sha256(raw).hexdigest()}@inbound>"])[0]
    if InboundMail.objects.filter(message_id=own_id).exists():
        return Inbound("seen")
    refs = _original_ids(msg)
    dms = {dm.message.message_id: dm for dm in DeliveryMessage.objects.select_related(
        "message", "delivery__campaign").filter(message__message_id__in=refs)}
    dm = next((dms[r] for r in refs if r in dms), None)
    if only_delivery is not None and dm is not None and dm.delivery_id != only_delivery.pk:
        return Inbound("unmatched")
    temporary, permanent = all_failures(msg)
    report = _is_report(msg)
    subject = str(msg.get("Subject", ""))[:500]
    if report or permanent or temporary:
        if dm is None and permanent:
            addresses = {a.decode() if isinstance(a, bytes) else a for a in permanent}
            candidates = DeliveryMessage.objects.select_related(
                "message", "delivery__campaign").filter(to_email__in=addresses,
                                                        message__state="sent")
            if only_delivery is not None:
                candidates = candidates.filter(delivery=only_delivery)
            dm = candidates.order_by("-message__sent_at").first()
        kind = "bounce" if (permanent or (report and not temporary)) else "delay"
        if dm is not None and kind == "bounce" and dm.outcome != Outcome.REPLIED:
            dm.outcome, dm.outcome_at = Outcome.BOUNCED, timezone.now()
            dm.outcome_detail = _diagnostic(msg)
            dm.save(update_fields=["outcome", "outcome_at", "outcome_detail"])
    elif dm is not None:
        kind = "reply"
        when = timezone.now()
        try:
            when = parsedate_to_datetime(str(msg.get("Date")))
        except (TypeError, ValueError):
            pass
        dm.outcome, dm.outcome_at = Outcome.REPLIED, timezone.now()
        dm.outcome_detail = subject
        dm.save(update_fields=["outcome", "outcome_at", "outcome_detail"])
        campaign = dm.delivery.campaign
        if campaign is not None:
            sender = ", ".join(f"{n} <{a}>" if n else a
                               for n, a in getaddresses([str(msg.get("From", ""))]))
            advocacy.outreach_add(
                campaign, dm.state_code, happened_on=when.date(), channel="email",
                contact=sender[:200], by=None,
                note=_("Reply to the delivered letter: %(subject)s") % {"subject": subject}
                + "\n\n" + _reply_text(msg))
    else:
        kind = "unmatched"
    if kind in ("bounce", "delay") and dm is None:
        kind = "unmatched"
    InboundMail.objects.create(message_id=own_id[:250], kind=kind, delivery_message=dm,
                               subject=subject)
    if dm is not None:
        audit_record(action=f"delivery_{kind}", object_type="delivery",
                     object_id=dm.delivery.public_id, actor=actor,
                     letter_id=dm.delivery.letter_id,
                     after={"state": dm.state_code, "detail": dm.outcome_detail[:200]})
    return Inbound(kind, dm.state_code if dm else "", dm.delivery if dm else None)


def maildir_read(path: str, *, actor=None) -> dict:
    """Read every new mail of a Maildir folder (what fetchmail, getmail or mbsync fill from
    IMAP or POP), record it, and move it to cur/ so the next read skips it."""
    box = mailbox.Maildir(path, factory=None, create=False)
    counts: dict[str, int] = {}
    for key in list(box.iterkeys()):
        msg = box.get_message(key)
        if "S" in msg.get_flags():
            continue
        result = inbound_record(raw=box.get_bytes(key), actor=actor)
        counts[result.kind] = counts.get(result.kind, 0) + 1
        msg.set_subdir("cur")
        msg.add_flag("S")
        box[key] = msg
    return counts
