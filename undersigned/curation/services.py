"""Registry writes made from the coordinators' pages, under the registry's visibility model
(``letters.permissions``).

A merge, its undo and "not the same" act on the letters the user moderates, and only
there: signatures on any other letter stay as they are, so no letter changes through a
letter its coordinators do not hold (administrators moderate every letter). What the
registry as a whole learns (a name that becomes an alias, a pair kept apart by the
matcher) follows only when no other letter is concerned. Nothing here depends, in what
the user can observe, on sign-ons they cannot see: refusals are about their own letters.
Each change is written to the history of every signature it moves and to the audit log
of every letter it touches."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from undersigned.audit.services import audit_record
from undersigned.curation.models import LetterPairDecision, MergeProposal, SignatureRelink
from undersigned.letters import permissions
from undersigned.letters import services as letter_services
from undersigned.letters.models import Signature
from undersigned.orgs import services as org_services
from undersigned.orgs.models import Organization, OrganizationMerge


class CurationRefused(Exception):
    """A refused registry change, with a message for the coordinator."""


@dataclass
class MergeOutcome:
    relinks: list[SignatureRelink]
    registry_merge: OrganizationMerge | None
    proposed: bool  # the source still signed other letters: their coordinators are asked

    @property
    def moved(self) -> int:
        return sum(len(r.moved) for r in self.relinks)


def _pair(a: Organization, b: Organization) -> tuple[int, int]:
    return (a.pk, b.pk) if a.pk < b.pk else (b.pk, a.pk)


def _label(signatures, fallback: str) -> str:
    for sig in signatures:
        if sig.active:
            return sig.name
    return signatures[0].name if signatures else fallback


def _public_label(org: Organization) -> str:
    sig = (permissions.public_signatures_everywhere().filter(organization=org)
           .order_by("-pk").first())
    return sig.name if sig else ""


def _lock(*orgs: Organization) -> list[Organization]:
    locked = Organization.objects.select_for_update().in_bulk([o.pk for o in orgs])
    return [locked[o.pk] for o in orgs]


@transaction.atomic
def organizations_merge(*, actor, source: Organization, target: Organization,
                        score: float | None = None, reasons=()) -> MergeOutcome:
    """``source`` is ``target``: on every letter ``actor`` moderates, the source's
    signatures now point to the target (set aside where the target signed that letter
    too). If the source is then left without any signature, it becomes an alias of the
    target in the registry; otherwise the merge is proposed to the coordinators of the
    letters it still signed."""
    if source.pk == target.pk:
        raise CurationRefused(_("An organisation cannot be merged into itself."))
    source, target = _lock(source, target)
    if source.merged_into_id or target.merged_into_id:
        raise CurationRefused(_("One of these organisations was already merged; reload the "
                                "page."))
    moderated = permissions.letter_ids_with(actor, permissions.MODERATE)
    signatures = Signature.objects.filter(organization=source).select_related("letter")
    if moderated is not None:
        signatures = signatures.filter(letter_id__in=moderated)
    by_letter: dict[int, list[Signature]] = {}
    for sig in signatures.order_by("letter_id", "pk"):
        by_letter.setdefault(sig.letter_id, []).append(sig)
    if not by_letter:
        raise CurationRefused(_("This organisation has no sign-on on a letter you moderate: "
                                "there is nothing for you to merge. Merge it the other way "
                                "round, or ask that letter's coordinators."))
    targets: dict[int, list[Signature]] = {}
    for sig in Signature.objects.filter(organization=target, letter_id__in=by_letter):
        targets.setdefault(sig.letter_id, []).append(sig)
    relinks = []
    first, second = _pair(source, target)
    for letter_id, group in by_letter.items():
        source_label = _label(group, source.primary_name)
        target_label = _label(targets.get(letter_id, []), "") or _public_label(target)
        moved, aside = letter_services.signatures_relink(
            signatures=group, organization=target, actor=actor,
            reason=_("the same organisation as %(name)s") % {"name": target_label}
            if target_label else _("the same organisation as one that signed another letter"))
        relinks.append(SignatureRelink.objects.create(
            letter_id=letter_id, source=source, target=target, moved=moved, set_aside=aside,
            source_label=source_label, target_label=target_label, actor=actor))
        LetterPairDecision.objects.update_or_create(
            letter_id=letter_id, org_a_id=first, org_b_id=second,
            defaults={"decision": LetterPairDecision.MERGED, "actor": actor})
        audit_record(action="organizations_merged", object_type="organization",
                     object_id=str(source.public_id), actor=actor, letter_id=letter_id,
                     before={"source": source_label, "target": target_label},
                     after={"signatures_moved": len(moved), "set_aside": len(aside),
                            "reasons": list(reasons)})
    registry_merge, proposed = None, False
    if not Signature.objects.filter(organization=source).exists():
        registry_merge = org_services.organization_merge_names(
            source=source, target=target, actor=actor, score=score, reasons=reasons)
        SignatureRelink.objects.filter(pk__in=[r.pk for r in relinks]).update(
            registry_merge=registry_merge)
        MergeProposal.objects.filter(source=source).update(closed_at=timezone.now())
    else:
        proposal, created = MergeProposal.objects.get_or_create(
            source=source, target=target, defaults={"proposed_by": actor})
        if not created and proposal.closed_at is not None:
            proposal.closed_at = None
            proposal.save(update_fields=["closed_at"])
        proposed = True
    return MergeOutcome(relinks=relinks, registry_merge=registry_merge, proposed=proposed)


@transaction.atomic
def relink_undo(*, actor, relink: SignatureRelink) -> SignatureRelink:
    """Put back what one merge moved on one letter. If the source had become an alias of
    the target, it stands on its own again first."""
    relink = SignatureRelink.objects.select_for_update().select_related(
        "letter", "source", "target").get(pk=relink.pk)
    moderated = permissions.letter_ids_with(actor, permissions.MODERATE)
    if moderated is not None and relink.letter_id not in moderated:
        raise CurationRefused(_("Only this letter's moderators can undo this merge."))
    if relink.undone_at is not None:
        raise CurationRefused(_("This merge was already undone."))
    source, target = _lock(relink.source, relink.target)
    if source.merged_into_id is not None:
        merge = (OrganizationMerge.objects.filter(source=source, undone_at__isnull=True)
                 .order_by("-at").first())
        if merge is not None:
            try:
                org_services.organization_merge_names_undo(merge=merge, actor=actor)
            except org_services.MergeError as exc:
                raise CurationRefused(str(exc)) from exc
            source.refresh_from_db()
    if source.merged_into_id is not None:
        raise CurationRefused(_("The merged organisation was merged again since; undo that "
                                "first."))
    moved = letter_services.signatures_relink_back(
        signature_ids=[pk for pk in relink.moved],
        set_aside_ids=set(relink.set_aside), organization=source, actor=actor,
        reason=_("merge with %(name)s undone") % {"name": relink.target_label or "–"})
    first, second = _pair(source, target)
    LetterPairDecision.objects.filter(letter=relink.letter, org_a_id=first, org_b_id=second,
                                      decision=LetterPairDecision.MERGED).delete()
    relink.undone_at = timezone.now()
    relink.undone_by = actor
    relink.save(update_fields=["undone_at", "undone_by"])
    audit_record(action="organizations_merge_undone", object_type="organization",
                 object_id=str(source.public_id), actor=actor, letter_id=relink.letter_id,
                 before={"source": relink.source_label, "target": relink.target_label},
                 after={"signatures_moved_back": moved})
    return relink


@transaction.atomic
def organizations_mark_distinct(*, actor, a: Organization, b: Organization,
                                score: float | None = None, reasons=()) -> list[int]:
    """``a`` and ``b`` are not the same: the review queues of the letters ``actor``
    moderates (among those they signed) never propose the pair again. When no other letter
    is concerned, the whole registry learns it too (the matcher keeps them apart). Returns
    the letters decided for."""
    if a.pk == b.pk:
        raise CurationRefused(_("An organisation cannot be distinct from itself."))
    moderated = permissions.letter_ids_with(actor, permissions.MODERATE)
    letters = permissions.letters_of_organizations([a.pk, b.pk])
    if moderated is not None:
        letters &= moderated
    if not letters and moderated is not None:
        raise CurationRefused(_("Neither organisation signed a letter you moderate."))
    first, second = _pair(a, b)
    for letter_id in sorted(letters):
        LetterPairDecision.objects.update_or_create(
            letter_id=letter_id, org_a_id=first, org_b_id=second,
            defaults={"decision": LetterPairDecision.DISTINCT, "actor": actor})
        labels = {sig.organization_id: sig.name for sig in Signature.objects.filter(
            letter_id=letter_id, organization_id__in=[a.pk, b.pk])}
        audit_record(action="organizations_distinct", object_type="organization",
                     object_id=f"{a.public_id}/{b.public_id}", actor=actor, letter_id=letter_id,
                     after={"a": labels.get(a.pk, ""), "b": labels.get(b.pk, ""),
                            "reasons": list(reasons)})
    if permissions.may_change_everywhere(actor, [a.pk, b.pk]):
        org_services.organization_mark_distinct(a=a, b=b, actor=actor, score=score,
                                                reasons=reasons)
    return sorted(letters)
