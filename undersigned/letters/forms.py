"""Forms parse and validate input; the services do the work."""

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from undersigned.core.countries import ISO_CODES, country_choices
from undersigned.core.languages import language_direction
from undersigned.letters.services import SignOn, validate_signon_text
from undersigned.orgs.models import INTERNATIONAL

PUBLISH = "publish"
COUNTRY_CODES = frozenset(ISO_CODES | {INTERNATIONAL})


class CountryField(forms.ChoiceField):
    """~250 localised choices, built only when the field is rendered; validated by a set
    lookup (the sign-on POST is the hot path)."""

    def valid_value(self, value):
        return value in COUNTRY_CODES

ANONYMOUS = "anonymous"
RECIPIENTS = "recipients"


# The longest value each sign-on field keeps (characters, after cleaning). The browser is
# told the same limits (``maxlength``), so nobody types 2,000 characters to be refused.
LIMITS = {"name": 300, "acronym": 50, "website": 300, "contact_name": 200,
          "contact_email": 254}
# What the server accepts before cleaning (invisible characters are removed first).
_RAW = 2000


def _limited(limit: int, **attrs) -> forms.TextInput:
    """A text input whose ``maxlength`` is ``limit`` (set again after the field's own)."""
    widget = forms.TextInput(attrs=attrs)
    widget.limit = limit
    return widget


class SignOnForm(forms.Form):
    name = forms.CharField(label=_("Organisation name"), max_length=_RAW,
                           widget=_limited(LIMITS["name"], dir="auto"),
                           help_text=_("In any language or script, as it should appear."))
    acronym = forms.CharField(label=_("Acronym"), max_length=_RAW, required=False,
                              widget=_limited(LIMITS["acronym"], dir="auto"))
    country = CountryField(label=_("Country"))
    website = forms.CharField(label=_("Website"), max_length=_RAW, required=False,
                              widget=_limited(LIMITS["website"], dir="ltr",
                                              inputmode="url", autocomplete="url"))
    contact_name = forms.CharField(label=_("Your name"), max_length=_RAW,
                                   widget=_limited(LIMITS["contact_name"], dir="auto",
                                                   autocomplete="name"),
                                   help_text=_("Private: only the coordinators see it."))
    contact_email = forms.EmailField(label=_("Your email"), max_length=LIMITS["contact_email"],
                                     widget=forms.EmailInput(attrs={"dir": "ltr",
                                                                    "autocomplete": "email"}),
                                     help_text=_("Private: we send the confirmation link here."))
    visibility = forms.ChoiceField(
        label=_("How should we list you?"),
        choices=[(PUBLISH, _("Publish our organisation's name")),
                 (RECIPIENTS, _("Name us only to the recipients (the states), not in public")),
                 (ANONYMOUS, _("Count us without naming us (for groups at risk)"))],
        widget=forms.RadioSelect, initial=PUBLISH,
    )
    # The partner whose referral code brought the signer (``?via=``), and the signer's
    # consent to share their contact details with it (asked only when there is one).
    via = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    # A field people never see: robots fill it in.
    homepage = forms.CharField(label=_("Leave this empty"), required=False)

    def __init__(self, *args, lang: str = "en", suggest_url: str = "", partner=None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.partner = partner
        if partner is not None:
            self.fields["via"].initial = partner.code
            self.fields["share_with_partner"] = forms.BooleanField(
                required=False, label=_("Share my contact details with %(partner)s, who "
                                        "brought me here") % {"partner": partner.name})
        for field in self.fields.values():
            if getattr(field.widget, "limit", None):
                field.widget.attrs["maxlength"] = str(field.widget.limit)
        if suggest_url:
            self.fields["name"].widget.attrs.update({
                "hx-get": suggest_url, "hx-trigger": "input changed delay:300ms",
                "hx-target": "#suggestions", "hx-swap": "innerHTML", "autocomplete": "off",
                "aria-controls": "suggestions",
            })
        self.fields["country"].choices = lambda: [
            ("", _("Choose…")), (INTERNATIONAL, _("International or regional")),
            *country_choices(lang),
        ]

    def clean_name(self):
        value = validate_signon_text(self.cleaned_data["name"], field_label=_("Organisation name"),
                                     max_length=LIMITS["name"])
        if len(value) < 2 or not any(ch.isalnum() for ch in value):
            raise forms.ValidationError(_("Please give your organisation's name."))
        return value

    def clean_acronym(self):
        return validate_signon_text(self.cleaned_data["acronym"], field_label=_("Acronym"),
                                    max_length=LIMITS["acronym"])

    def clean_contact_name(self):
        value = validate_signon_text(self.cleaned_data["contact_name"], field_label=_("Your name"),
                                     max_length=LIMITS["contact_name"])
        if not value:
            raise forms.ValidationError(_("Please give your name."))
        return value

    def clean_website(self):
        value = validate_signon_text(self.cleaned_data["website"], field_label=_("Website"),
                                     max_length=LIMITS["website"])
        if not value:
            return ""
        if "://" not in value:
            value = "https://" + value
        try:
            URLValidator(schemes=["http", "https"])(value)
        except forms.ValidationError as exc:
            raise forms.ValidationError(
                _("This does not look like a web address (example: https://example.org).")
            ) from exc
        return value

    def signon(self) -> SignOn:
        data = self.cleaned_data
        return SignOn(
            name=data["name"], acronym=data["acronym"], country=data["country"],
            website=data["website"], contact_name=data["contact_name"],
            contact_email=data["contact_email"].strip(),
            publish_name=data["visibility"] == PUBLISH,
            name_to_recipients=data["visibility"] == RECIPIENTS,
            via=self.partner,
            share_with_partner=bool(self.partner and data.get("share_with_partner")),
        )

    def is_bot(self) -> bool:
        return bool(self.data.get("homepage"))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason (kept in the history)"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Name shown on the list"), max_length=300)


class LetterForm(forms.Form):
    slug = forms.SlugField(
        label=_("Address (letters, digits and dashes)"), max_length=80,
        help_text=_("The end of the letter's web address, for example hrc-2026-defenders."),
        error_messages={"invalid": _("An address may contain only letters, digits and dashes "
                                     "(no spaces or accents), for example hrc-2026-defenders.")})
    source_lang = forms.ChoiceField(label=_("Language of the original text"))
    languages = forms.MultipleChoiceField(label=_("Offered in"), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    deadline = forms.DateTimeField(label=_("Sign-on deadline (UTC)"), required=False,
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        choices = [(code, str(name)) for code, name in settings.LANGUAGES]
        self.fields["source_lang"].choices = choices
        self.fields["languages"].choices = choices


class TranslationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    recipients = forms.CharField(label=_("Recipients"), max_length=300, required=False)
    body_md = forms.CharField(label=_("Text (Markdown)"), max_length=200_000, required=False,
                              widget=forms.Textarea(attrs={"rows": 18}))
    asks = forms.CharField(label=_("Asks, one per line"), required=False, max_length=20_000,
                           widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, lang: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # Typed in the language's direction (Arabic right to left) and marked as such; a
        # text whose language is not known yet follows what is typed.
        attrs = {"lang": lang, "dir": language_direction(lang)} if lang else {"dir": "auto"}
        for field in self.fields.values():
            field.widget.attrs.update(attrs)

    def clean_asks(self):
        return [line.strip() for line in self.cleaned_data["asks"].splitlines() if line.strip()]
