"""Tracking resolutions and the asks a coalition makes of states about them.

States are stored as ISO 3166-1 alpha-3 codes and checked against the reference data
(``reference.py``); they are not database rows, so the list of states can be updated
with the data files alone.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from undersigned.advocacy.reference import State, get_state
from undersigned.letters.models import Letter


def validate_state_code(value: str) -> None:
    try:
        state = get_state(value)
    except KeyError:
        raise ValidationError(
            _("%(value)s is not a UN Member or observer State code."), params={"value": value}
        ) from None
    if state.iso3 != value:
        raise ValidationError(
            _("Use the ISO alpha-3 code (%(code)s)."), params={"code": state.iso3}
        )


class StateField(models.CharField):
    """An ISO alpha-3 code of a UN Member or observer State."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 3)
        kwargs.setdefault("verbose_name", _("state"))
        super().__init__(*args, **kwargs)
        if validate_state_code not in self.validators:
            self.validators.append(validate_state_code)

    def formfield(self, **kwargs):
        """A select of the 195 states by UN English name (the column stays a code)."""
        from django import forms

        from undersigned.advocacy.reference import all_states

        choices = [("", "---------")] + [
            (s.iso3, f"{s.name} ({s.iso3})") for s in sorted(all_states(), key=lambda s: s.name)
        ]
        return forms.ChoiceField(
            choices=choices,
            required=not self.blank,
            label=kwargs.get("label", self.verbose_name),
            help_text=self.help_text,
        )

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 3:
            del kwargs["max_length"]
        return name, path, args, kwargs


class StateMixin:
    state_code: str

    @property
    def state(self) -> State:
        return get_state(self.state_code)


class Body(models.TextChoices):
    HRC = "HRC", _("Human Rights Council")
    GA = "GA", _("General Assembly (plenary)")
    GA3 = "GA3", _("General Assembly, Third Committee")


class Outcome(models.TextChoices):
    PENDING = "pending", _("Not yet acted on")
    ADOPTED_WITHOUT_VOTE = "adopted_nv", _("Adopted without a vote")
    ADOPTED_BY_VOTE = "adopted_vote", _("Adopted by a recorded vote")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NO_ACTION = "no_action", _("No action taken")


FINAL_OUTCOMES = frozenset(Outcome.values) - {Outcome.PENDING}


class Resolution(models.Model):
    """A draft or adopted resolution (or decision) of the HRC or the GA."""

    symbol = models.CharField(
        _("symbol"), max_length=60, unique=True, help_text=_("e.g. A/HRC/58/L.12")
    )
    adopted_symbol = models.CharField(
        _("symbol as adopted"), max_length=60, blank=True, help_text=_("e.g. A/HRC/RES/58/12")
    )
    title = models.CharField(_("title"), max_length=500)
    body = models.CharField(_("body"), max_length=4, choices=Body, default=Body.HRC)
    session = models.CharField(_("session"), max_length=20, help_text=_("e.g. 58 or 80"))
    tabled_on = models.DateField(_("tabled on"), null=True, blank=True)
    acted_on = models.DateField(_("acted on"), null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome, default=Outcome.PENDING)
    mandate = models.CharField(
        _("mandate"),
        max_length=300,
        blank=True,
        help_text=_("The mandate created or renewed, e.g. Special Rapporteur on ..."),
    )
    mandate_years = models.PositiveSmallIntegerField(
        _("mandate length (years)"), null=True, blank=True
    )
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("previous resolution on the same subject"),
    )
    notes = models.TextField(_("notes"), blank=True)
    # Who may change it while no campaign follows it (advocacy.permissions).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-session", "symbol"]

    def __str__(self) -> str:
        return self.symbol

    @property
    def is_final(self) -> bool:
        return self.outcome in FINAL_OUTCOMES


class Sponsorship(StateMixin, models.Model):
    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="sponsorships"
    )
    state_code = StateField()
    main_sponsor = models.BooleanField(_("main sponsor"), default=False)
    core_group = models.BooleanField(_("core group"), default=False)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    marked = models.BooleanField(
        default=False,
        help_text=_("Marked with an asterisk in the document (not a Council member)."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "state_code"], name="one_sponsorship_per_state"
            )
        ]
        ordering = ["resolution", "-main_sponsor", "-core_group", "joined_on", "state_code"]

    def __str__(self) -> str:
        return f"{self.state_code} on {self.resolution}"

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None


class Amendment(models.Model):
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="amendments")
    symbol = models.CharField(_("symbol"), max_length=60, help_text=_("e.g. A/HRC/58/L.40"))
    proposers = models.JSONField(_("proposed by (alpha-3 codes)"), default=list, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    hostile = models.BooleanField(
        _("hostile"),
        default=True,
        help_text=_("Would weaken the text: the coalition asks for a no."),
    )
    outcome = models.CharField(max_length=12, choices=Outcome, default=Outcome.PENDING)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resolution", "symbol"], name="amendment_unique_symbol")
        ]
        ordering = ["resolution", "symbol"]

    def __str__(self) -> str:
        return self.symbol

    def clean(self):
        for code in self.proposers:
            validate_state_code(code)


class Vote(models.Model):
    """A recorded vote on a resolution, or on one of its amendments."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="votes")
    amendment = models.ForeignKey(
        Amendment, null=True, blank=True, on_delete=models.CASCADE, related_name="votes"
    )
    held_on = models.DateField(_("held on"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    raw_text = models.TextField(_("text as pasted"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["resolution", "held_on", "pk"]

    def __str__(self) -> str:
        return f"vote on {self.amendment or self.resolution}"

    def tally(self) -> dict[str, int]:
        counts = dict.fromkeys(VoteChoice.values, 0)
        for choice in self.casts.values_list("choice", flat=True):
            counts[choice] += 1
        return counts


class VoteChoice(models.TextChoices):
    YES = "yes", _("In favour")
    NO = "no", _("Against")
    ABSTAIN = "abstain", _("Abstaining")
    ABSENT = "absent", _("Absent / did not vote")


class VoteCast(StateMixin, models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="casts")
    state_code = StateField()
    choice = models.CharField(max_length=8, choices=VoteChoice)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "state_code"], name="one_cast_per_state")
        ]
        ordering = ["vote", "state_code"]

    def __str__(self) -> str:
        return f"{self.state_code}: {self.choice}"


class Campaign(models.Model):
    """A coalition's push on a resolution, carried by one of its letters."""

    name = models.CharField(_("name"), max_length=200)
    letter = models.ForeignKey(
        Letter, null=True, blank=True, on_delete=models.SET_NULL, related_name="campaigns"
    )
    resolution = models.ForeignKey(
        Resolution,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaigns",
        help_text=_("May be set later, when the draft has a symbol."),
    )
    slug = models.SlugField(
        _("public address"),
        max_length=80,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The scorecard is at /campaigns/<address>/ (or its identifier)."),
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    published = models.BooleanField(
        _("scorecard published"),
        default=False,
        help_text=_("Only a published campaign has a public scorecard."),
    )
    revision = models.PositiveIntegerField(
        default=0, editable=False, help_text=_("Bumped on every change the scorecard shows.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def public_key(self) -> str:
        """What the public address uses: the slug, else the identifier."""
        return self.slug or str(self.public_id)


class AskKind(models.TextChoices):
    ENGAGE = "engage", _("Engage in the negotiations")
    COSPONSOR = "cosponsor", _("Co-sponsor the resolution")
    CORE_GROUP = "core_group", _("Join the core group")
    VOTE_YES = "vote_yes", _("Vote in favour of the resolution")
    REJECT_AMENDMENTS = "reject_amend", _("Vote against hostile amendments")
    CONSENSUS = "consensus", _("Support adoption by consensus")
    JOIN_STATEMENT = "statement", _("Join or deliver a joint statement")
    OTHER = "other", _("Other")


DERIVABLE_KINDS = frozenset(
    {AskKind.COSPONSOR, AskKind.CORE_GROUP, AskKind.VOTE_YES, AskKind.REJECT_AMENDMENTS}
)


class Ask(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="asks")
    kind = models.CharField(max_length=12, choices=AskKind)
    text = models.CharField(_("what we ask"), max_length=500, blank=True)

    class Meta:
        ordering = ["campaign", "pk"]

    def __str__(self) -> str:
        return self.text or self.get_kind_display()


class Status(models.TextChoices):
    NOT_ASKED = "not_asked", _("Not asked yet")
    ASKED = "asked", _("Asked")
    CONSIDERING = "considering", _("Considering")
    COMMITTED = "committed", _("Committed")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")
    NOT_DONE = "not_done", _("Did not")
    NOT_APPLICABLE = "n_a", _("Not applicable")


class AskStatus(StateMixin, models.Model):
    """Where one state stands on one ask, and who recorded it when."""

    ask = models.ForeignKey(Ask, on_delete=models.CASCADE, related_name="statuses")
    state_code = StateField()
    status = models.CharField(max_length=12, choices=Status, default=Status.NOT_ASKED)
    derived = models.BooleanField(
        default=False, help_text=_("Set from the resolution's record (sponsors, votes).")
    )
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ask", "state_code"], name="one_status_per_state")
        ]
        ordering = ["ask", "state_code"]
        verbose_name_plural = "ask statuses"

    def __str__(self) -> str:
        return f"{self.state_code}: {self.status}"


class AskStatusChange(models.Model):
    """Append-only history of AskStatus."""

    ask_status = models.ForeignKey(AskStatus, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    derived = models.BooleanField(default=False)
    evidence = models.CharField(max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class Channel(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    EMAIL = "email", _("Email")
    CALL = "call", _("Call")
    EVENT = "event", _("Event / side event")
    OTHER = "other", _("Other")


class OutreachLog(StateMixin, models.Model):
    """Private notes on contacts with a state's mission. Never published."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="outreach")
    state_code = StateField()
    ask = models.ForeignKey(Ask, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel, default=Channel.MEETING)
    happened_on = models.DateField(_("date"))
    contact = models.CharField(_("who we spoke to"), max_length=200, blank=True)
    note = models.TextField(_("private note"))
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-created_at"]
        indexes = [models.Index(fields=["campaign", "state_code"])]

    def __str__(self) -> str:
        return f"{self.state_code} {self.happened_on}"
