"""Editions: what a letter looked like the day it went out, frozen.

Publishing makes an ``Edition`` (the text of every language, the approved named signatories
with their numbers, and the count of anonymous ones). It is never changed afterwards: later
sign-ons or withdrawals make a new edition, and each says what changed since the previous
one. Public URLs of old editions keep working."""

import uuid

from django.conf import settings
from django.db import models


class Edition(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    letter = models.ForeignKey("letters.Letter", on_delete=models.CASCADE,
                               related_name="editions")
    number = models.PositiveIntegerField()
    text_version = models.PositiveIntegerField()
    texts = models.JSONField(default=dict)  # {lang: {title, recipients, body_md, asks}}
    anonymous_count = models.PositiveIntegerField(default=0)
    # Organisations named only in the copy delivered to the recipients (the missions): not
    # in any public page, export or API answer; counted in ``anonymous_count`` there.
    # [{"organization_id", "name", "acronym", "country", "names"}]
    recipients_only = models.JSONField(default=list, blank=True)
    # SHA-256 of the edition's canonical form (``publishing.integrity``): printed on its page
    # and at the foot of every file, checked at /verify/.
    digest = models.CharField(max_length=64, blank=True, db_index=True)
    # {"added": [names], "withdrawn": [names], "renamed": [[old, new]], "anonymous": [old, new]}
    changes = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["letter_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "number"], name="edition_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.letter_id} edition {self.number}"


class EditionFile(models.Model):
    """The hash of a file this server made of an edition (a download, a delivered copy, an
    export): /verify/ recognises the file, byte for byte."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="files")
    sha256 = models.CharField(max_length=64, db_index=True)
    lang = models.CharField(max_length=20)
    fmt = models.CharField(max_length=10)
    variant = models.CharField(max_length=80, blank=True)  # layout, order, audience
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["edition", "sha256"],
                                               name="one_row_per_file")]

    def __str__(self) -> str:
        return f"{self.edition_id} {self.lang} {self.fmt} {self.sha256[:8]}"


class EditionEntry(models.Model):
    """One numbered signatory of an edition, with its names in the letter's languages."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="entries")
    number = models.PositiveIntegerField()
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT,
                                     related_name="+")
    name = models.CharField(max_length=300)
    acronym = models.CharField(max_length=50, blank=True)
    country = models.CharField(max_length=3, blank=True)
    names = models.JSONField(default=dict)  # {lang: name in that language}

    class Meta:
        ordering = ["edition_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="entry_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class EditionRender(models.Model):
    """An edition's numbered list rendered once as HTML, per language and layout (editions
    never change), so its page costs a template around it and no pass over its entries."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="renders")
    lang = models.CharField(max_length=20)
    layout = models.CharField(max_length=12)
    html = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["edition", "lang", "layout"],
                                               name="one_render_per_language_and_layout")]

    def __str__(self) -> str:
        return f"{self.edition_id} {self.lang} {self.layout}"
