"""Emails to signatories, written in the language they signed in."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from undersigned.letters.selectors import letter_title


def _url(name: str, token: str) -> str:
    return settings.SITE_URL + reverse(name, kwargs={"token": token})


def _send(*, to: str, subject: str, template: str, context: dict) -> None:
    body = render_to_string(template, context)
    EmailMessage(subject=subject, body=body, to=[to]).send()


def send_confirmation(*, to, contact_name, letter, lang, org_name, confirm_token,
                      withdraw_token) -> None:
    with translation.override(lang):
        title = letter_title(letter, lang)
        _send(
            to=to,
            subject=_("Please confirm your sign-on: %(title)s") % {"title": title},
            template="letters/email/confirm.txt",
            context={
                "contact_name": contact_name, "org_name": org_name, "title": title,
                "confirm_url": _url("letters:confirm", confirm_token),
                "withdraw_url": _url("letters:withdraw", withdraw_token),
                "days": settings.CONFIRMATION_MAX_AGE // 86400,
            },
        )


def send_text_changed(*, to, contact_name, org_name, sign_lang, letter, lang, diff,
                      withdraw_token) -> None:
    if not to:
        return  # contact details already deleted (retention)
    with translation.override(sign_lang):
        title = letter_title(letter, sign_lang)
        _send(
            to=to,
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
