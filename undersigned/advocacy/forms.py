"""Forms of the coordinators' advocacy pages: they parse input, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from undersigned.advocacy.models import (
    AskKind,
    Body,
    Campaign,
    Channel,
    Outcome,
    Resolution,
)
from undersigned.advocacy.services import BOARD_STATUSES
from undersigned.letters.models import Letter

DATE = forms.DateInput(attrs={"type": "date"})


class ResolutionForm(forms.ModelForm):
    class Meta:
        model = Resolution
        fields = ["symbol", "adopted_symbol", "title", "body", "session", "tabled_on",
                  "acted_on", "outcome", "mandate", "mandate_years", "previous", "notes"]
        widgets = {"tabled_on": DATE, "acted_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}
        labels = {"outcome": _("outcome")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = Body.choices
        self.fields["outcome"].choices = Outcome.choices
        self.fields["previous"].queryset = Resolution.objects.order_by("-session", "symbol")


class PasteForm(forms.Form):
    text = forms.CharField(label=_("Pasted list"), widget=forms.Textarea(attrs={"rows": 8}),
                           max_length=100_000)
    source = forms.CharField(label=_("Source (document, page, date)"), required=False,
                             max_length=300)


class SponsorsForm(PasteForm):
    joined_on = forms.DateField(label=_("Joined on"), required=False, widget=DATE)
    main_sponsor = forms.BooleanField(label=_("Main sponsors"), required=False)
    core_group = forms.BooleanField(label=_("Core group"), required=False)


class VoteForm(PasteForm):
    held_on = forms.DateField(label=_("Held on"), required=False, widget=DATE)
    amendment = forms.ChoiceField(label=_("Vote on"), required=False)

    def __init__(self, *args, resolution: Resolution, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("Recorded vote (In favour: ...; Against: ...; "
                                      "Abstaining: ...)")
        self.fields["amendment"].choices = [("", _("the resolution"))] + [
            (str(a.pk), _("amendment %(symbol)s") % {"symbol": a.symbol})
            for a in resolution.amendments.all()
        ]


class WithdrawForm(forms.Form):
    state = forms.ChoiceField(label=_("Sponsor"))
    on = forms.DateField(label=_("Withdrew on"), widget=DATE)

    def __init__(self, *args, resolution: Resolution, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [
            (sp.state_code, sp.state.name)
            for sp in resolution.sponsorships.filter(withdrawn_on=None)
        ]


class AmendmentForm(forms.Form):
    symbol = forms.CharField(label=_("Symbol"), max_length=60)
    text = forms.CharField(label=_("Proposed by (pasted list)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000)
    summary = forms.CharField(label=_("Summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}), max_length=5_000)
    hostile = forms.BooleanField(label=_("Hostile (the coalition asks for a no)"),
                                 required=False, initial=True)


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(label=_("Public address"), required=False, max_length=80,
                           help_text=_("Letters, digits and hyphens; empty: the identifier."))
    resolution = forms.ModelChoiceField(label=_("Resolution"), required=False,
                                        queryset=Resolution.objects.all())
    published = forms.BooleanField(label=_("Publish the scorecard"), required=False)

    def __init__(self, *args, asks: list[str] = (), kinds: list[str] | None = None,
                 campaign: Campaign | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.ask_texts = list(asks)
        for n, text in enumerate(self.ask_texts):
            self.fields[f"kind_{n}"] = forms.ChoiceField(
                label=text or _("Ask %(n)d") % {"n": n + 1}, choices=AskKind.choices,
                initial=(kinds or [])[n] if kinds and n < len(kinds) else AskKind.OTHER)

    def clean_slug(self):
        slug = self.cleaned_data["slug"] or None
        if slug:
            taken = Campaign.objects.filter(slug=slug)
            if self.campaign is not None:
                taken = taken.exclude(pk=self.campaign.pk)
            if taken.exists():
                raise forms.ValidationError(_("Another campaign has this address."))
        return slug

    def ask_kinds(self) -> list[str]:
        return [self.cleaned_data[f"kind_{n}"] for n in range(len(self.ask_texts))]


class LetterChoiceForm(forms.Form):
    letter = forms.ModelChoiceField(label=_("Letter"), queryset=Letter.objects.all(),
                                    to_field_name="slug")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"),
                               choices=[(s.value, s.label) for s in BOARD_STATUSES])
    evidence = forms.CharField(label=_("Public evidence (shown on the scorecard)"),
                               required=False, max_length=300)


class OutreachForm(forms.Form):
    happened_on = forms.DateField(label=_("Date"), widget=DATE)
    channel = forms.ChoiceField(label=_("How"), choices=Channel.choices)
    contact = forms.CharField(label=_("People"), required=False, max_length=200)
    note = forms.CharField(label=_("Private notes"), widget=forms.Textarea(attrs={"rows": 4}),
                           max_length=10_000)
    next_step = forms.CharField(label=_("Next step"), required=False, max_length=300)


class CompareForm(forms.Form):
    a = forms.ModelChoiceField(label=_("Earlier resolution"), queryset=Resolution.objects.all())
    b = forms.ModelChoiceField(label=_("Later resolution"), queryset=Resolution.objects.all())
