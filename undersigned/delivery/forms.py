"""Forms of the delivery pages (parsing only; the services decide)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from undersigned.advocacy.reference import GROUPS
from undersigned.delivery.models import Office
from undersigned.delivery.services import UN_LANGUAGES

LANGUAGE_LABELS = {"en": "English", "fr": "Français", "es": "Español", "ru": "Русский",
                   "zh-hans": "中文", "ar": "العربية"}


class RecipientForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of correspondence"),
                                 choices=[(c, LANGUAGE_LABELS[c]) for c in UN_LANGUAGES])
    geneva_email = forms.CharField(label=_("Geneva mission email"), required=False,
                                   max_length=254)
    new_york_email = forms.CharField(label=_("New York mission email"), required=False,
                                     max_length=254)
    notes = forms.CharField(label=_("Where the addresses come from"), required=False,
                            max_length=300)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), required=False)
    text = forms.CharField(label=_("or paste the CSV"), required=False,
                           widget=forms.Textarea(attrs={"rows": 8}), max_length=500_000)

    def csv_text(self) -> str:
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read(2_000_000).decode("utf-8-sig", errors="replace")
        return self.cleaned_data.get("text") or ""


SELECTION_CHOICES = [
    ("all", _("All member and observer States")),
    ("hrc", _("Members of the Human Rights Council this year")),
    ("group", _("A regional group")),
    ("not_committed", _("States not yet committed on an ask")),
    ("list", _("These states (paste names)")),
]


class DeliveryForm(forms.Form):
    edition = forms.ModelChoiceField(queryset=None, label=_("Edition"), empty_label=None)
    office = forms.ChoiceField(label=_("Missions in"), choices=Office.choices)
    kind = forms.ChoiceField(label=_("To"), choices=SELECTION_CHOICES,
                             widget=forms.RadioSelect, initial="list")
    group = forms.ChoiceField(label=_("Regional group"), required=False,
                              choices=[("", "---------"), *GROUPS.items()])
    ask = forms.ChoiceField(label=_("Ask"), required=False)
    states = forms.CharField(label=_("States"), required=False, max_length=20_000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    campaign = forms.ModelChoiceField(queryset=None, required=False,
                                      label=_("Campaign (its board and outreach log follow "
                                              "the delivery)"))
    reply_to = forms.EmailField(label=_("Replies go to (the coalition's address)"))

    def __init__(self, *args, letter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = letter.editions.order_by("-number")
        campaigns = letter.campaigns.all()
        self.fields["campaign"].queryset = campaigns
        self.fields["ask"].choices = [("", "---------")] + [
            (str(ask.pk), f"{campaign.name}: {ask}")
            for campaign in campaigns for ask in campaign.asks.all()]
        self.initial.setdefault("reply_to", getattr(settings, "DELIVERY_REPLY_TO", ""))
        first = letter.editions.order_by("-number").first()
        if first is not None:
            self.initial.setdefault("edition", first.pk)
        if campaigns:
            self.initial.setdefault("campaign", campaigns[0].pk)


class InboundForm(forms.Form):
    file = forms.FileField(label=_("A reply or a delivery report (.eml)"))
