"""Emails to signatories, written in the language they signed in. Each is put in the
outbox (``undersigned.outbox``) inside the caller's transaction and sent by a worker: a
sign-on that rolls back sends nothing, and the request does not wait for a mail server."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from undersigned.letters.selectors import letter_title
from undersigned.outbox.services import message_queue


def _url(name: str, token: str) -> str:
    return settings.SITE_URL + reverse(name, kwargs={"token": token})


def _queue(*, to: str, subject: str, template: str, context: dict, kind: str,
           send: bool = True, message_id: str = ""):
    body = render_to_string(template, context)
    return message_queue(to=to, subject=subject, body=body, kind=kind, send=send,
                         message_id=message_id)


def send_confirmation(*, to, contact_name, letter, lang, org_name, confirm_token,
                      withdraw_token, title: str | None = None, receipt: str = "") -> None:
    """``title``: the letter's title in ``lang`` when the caller has it (read otherwise);
    ``receipt``: the server-signed receipt of the sign-on (``core.receipts``)."""
    with translation.override(lang):
        title = title or letter_title(letter, lang)
        _queue(
            to=to, kind="confirmation",
            subject=_("Please confirm your sign-on: %(title)s") % {"title": title},
            template="letters/email/confirm.txt",
            context={
                "contact_name": contact_name, "org_name": org_name, "title": title,
                "confirm_url": _url("letters:confirm", confirm_token),
                "withdraw_url": _url("letters:withdraw", withdraw_token),
                "days": settings.CONFIRMATION_MAX_AGE // 86400,
                "receipt": receipt, "verify_url": settings.SITE_URL + reverse(
                    "publishing:verify"),
            },
        )


def send_text_changed(*, to, contact_name, org_name, sign_lang, letter, lang, diff,
                      withdraw_token, message_id: str = ""):
    """Queue the message (the caller enqueues the sending of many at once); the outbox
    row, or None when the contact details were already deleted."""
    if not to:
        return None  # contact details already deleted (retention)
    with translation.override(sign_lang):
        title = letter_title(letter, sign_lang)
        return _queue(
            to=to, kind="text_changed", send=False, message_id=message_id,
            subject=_("The text you signed has changed: %(title)s") % {"title": title},
            template="letters/email/text_changed.txt",
            context={
                "contact_name": contact_name, "org_name": org_name,
                "title": title, "diff": diff, "changed_lang": lang,
                "letter_url": settings.SITE_URL + reverse(
                    "letters:letter-lang", kwargs={"slug": letter.slug, "lang": sign_lang}),
                "withdraw_url": _url("letters:withdraw", withdraw_token),
            },
        )


def send_withdrawn(*, to, contact_name, org_name, lang, letter, done: bool) -> None:
    """Tell the person who used a withdrawal link what happened: withdrawn, or (after
    publication) a request the coordinators will settle."""
    if not to:
        return
    with translation.override(lang):
        title = letter_title(letter, lang)
        _queue(
            to=to, kind="withdrawal",
            subject=_("Your withdrawal: %(title)s") % {"title": title},
            template="letters/email/withdrawn.txt",
            context={"contact_name": contact_name, "org_name": org_name, "title": title,
                     "done": done},
        )
