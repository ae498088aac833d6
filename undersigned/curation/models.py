"""What coordinators decide about the registry from their letters: signatures moved from
one registry organisation to another (a merge, letter by letter, so it can be undone and
never reaches a letter its author does not moderate), "not the same" and "merged" answers
for one letter, and merges proposed to the coordinators of the other letters."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from undersigned.letters.models import Letter
from undersigned.orgs.models import Organization, OrganizationMerge


class SignatureRelink(models.Model):
    """The signatures of one letter moved from ``source`` to ``target`` by one merge."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    moved = models.JSONField(default=list)  # signature pks re-pointed to the target
    set_aside = models.JSONField(default=list)  # the target had signed too: these were kept aside
    # The names on this letter at the time, to show the merge on this letter's pages.
    source_label = models.CharField(max_length=300)
    target_label = models.CharField(max_length=300)
    # Set when the source, left without any signature, became an alias of the target.
    registry_merge = models.ForeignKey(OrganizationMerge, null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.letter_id}: {self.source_id} → {self.target_id}"


class LetterPairDecision(models.Model):
    """A coordinator's answer about two organisations, for one letter: that letter's review
    queue never proposes the pair again. Ordered pair (smaller pk first)."""

    DISTINCT = "distinct"
    MERGED = "merged"

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="+")
    org_a = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    org_b = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=10, choices=[(DISTINCT, _("not the same")),
                                                        (MERGED, _("merged"))])
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["letter", "org_a", "org_b"],
                                    name="one_letter_decision_per_pair"),
            models.CheckConstraint(condition=models.Q(org_a__lt=models.F("org_b")),
                                   name="letter_decision_pair_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.letter_id}: {self.org_a_id}/{self.org_b_id} {self.decision}"


class MergeProposal(models.Model):
    """A merge made on some letters that other letters' coordinators are asked to make on
    theirs: shown in their review queues, to those who can see both organisations, until
    the source has no signature left (it is then merged in the registry)."""

    source = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="one_proposal_per_merge")
        ]

    def __str__(self) -> str:
        return f"proposed: {self.source_id} → {self.target_id}"
