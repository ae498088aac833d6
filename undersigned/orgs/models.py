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
