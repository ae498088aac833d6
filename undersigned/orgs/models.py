"""The organisation registry shared by every letter."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

INTERNATIONAL = "INT"  # stands in the country field for international or regional bodies


class Organization(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    primary_name = models.CharField(_("name"), max_length=300)
    normalized_name = models.CharField(max_length=300, db_index=True)
    acronym = models.CharField(_("acronym"), max_length=50, blank=True)
    country = models.CharField(
        _("country"), max_length=3, blank=True,
        help_text=_("ISO 3166 alpha-2 code, or INT for international or regional bodies"),
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    # Overrides the collation key when published lists are sorted ("Kennedy, Robert F." ...).
    sort_key = models.CharField(_("sort as"), max_length=300, blank=True)
    # Set when a coordinator merges this organisation into another (kept for undo and history).
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["primary_name"]

    def __str__(self) -> str:
        return self.primary_name


class OrganizationName(models.Model):
    """One name of an organisation in one language or script (the primary one included)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="names")
    text = models.CharField(max_length=300)
    normalized = models.CharField(max_length=300, db_index=True)
    lang = models.CharField(max_length=20, blank=True, help_text="BCP 47 tag, when known")
    script = models.CharField(max_length=4, blank=True, help_text="ISO 15924 code, when known")
    is_primary = models.BooleanField(default=False)
    # False for a suggestion (e.g. derived with OpenCC) until a translator confirms it.
    confirmed = models.BooleanField(default=True)
    source = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "normalized", "lang"], name="orgname_unique_per_lang"
            )
        ]

    def __str__(self) -> str:
        return self.text


class DuplicateDecision(models.Model):
    """A coordinator's answer about two organisations: "not the same" is never proposed
    again. Stored as an ordered pair (smaller pk first)."""

    DISTINCT = "distinct"
    MERGED = "merged"

    org_a = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    org_b = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=10, choices=[(DISTINCT, _("not the same")),
                                                        (MERGED, _("merged"))])
    score = models.FloatField(null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    actor = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org_a", "org_b"], name="one_decision_per_pair"),
            models.CheckConstraint(condition=models.Q(org_a__lt=models.F("org_b")),
                                   name="decision_pair_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.org_a_id}/{self.org_b_id}: {self.decision}"


class OrganizationMerge(models.Model):
    """One merge of ``source`` into ``target`` in the registry (the source becomes an alias
    of the target), with what it copied, so it can be undone. Signatures are moved letter by
    letter before (``curation.SignatureRelink``)."""

    source = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    copied_names = models.JSONField(default=list)  # OrganizationName pks created on target
    filled_fields = models.JSONField(default=list)  # target fields filled from the source
    actor = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id}"


class RegistryGeneration(models.Model):
    """One row whose counter goes up with every merge, undo or decision, so each process
    knows in one cheap query when its in-memory matcher index must be rebuilt."""

    generation = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"registry generation {self.generation}"
