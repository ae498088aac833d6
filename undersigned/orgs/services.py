"""Writes to the organisation registry."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from undersigned.audit.services import audit_record
from undersigned.core.text import clean_line, normalize_name
from undersigned.orgs import registry, selectors
from undersigned.orgs.models import (
    DuplicateDecision,
    Organization,
    OrganizationMerge,
    OrganizationName,
)
from undersigned.orgs.scripts import detect_script


@transaction.atomic(savepoint=False)
def organization_create(
    *, name: str, acronym: str = "", country: str = "", website: str = "", lang: str = "",
    source: str = "",
) -> Organization:
    name = clean_line(name)
    org = Organization(
        primary_name=name, normalized_name=normalize_name(name), acronym=clean_line(acronym),
        country=country, website=website,
    )
    org.full_clean(validate_unique=False, validate_constraints=False)
    org.save()
    OrganizationName.objects.create(
        organization=org, text=name, normalized=org.normalized_name, lang=lang,
        script=detect_script(name), is_primary=True, source=source,
    )
    return org


def organization_add_name(
    *, organization: Organization, text: str, lang: str = "", script: str = "",
    is_primary: bool = False, source: str = "",
) -> OrganizationName:
    text = clean_line(text)
    normalized = normalize_name(text)
    name, _created = OrganizationName.objects.get_or_create(
        organization=organization, normalized=normalized, lang=lang,
        defaults={"text": text, "script": script or detect_script(text), "is_primary": is_primary,
                  "source": source},
    )
    return name


@transaction.atomic(savepoint=False)
def organization_find_or_create(
    *, name: str, acronym: str = "", country: str = "", website: str = "", lang: str = "",
    source: str = "",
) -> tuple[Organization, bool]:
    """The registry organisation for a name given at sign-on or import, created if none
    matches. Matching is one replaceable function: ``selectors.organization_match``."""
    existing = selectors.organization_match(name=name, acronym=acronym, country=country,
                                            lang=lang)
    if existing is not None:
        changed = []
        if acronym and not existing.acronym:
            existing.acronym = clean_line(acronym)
            changed.append("acronym")
        if website and not existing.website:
            existing.website = website
            changed.append("website")
        if country and not existing.country:
            existing.country = country
            changed.append("country")
        if changed:
            existing.save(update_fields=changed)
        return existing, False
    org = organization_create(
        name=name, acronym=acronym, country=country, website=website, lang=lang, source=source
    )
    return org, True


def organization_rename(*, organization: Organization, name: str) -> Organization:
    """Correct the displayed (primary) name; the old name stays as an alias."""
    name = clean_line(name)
    with transaction.atomic():
        organization.primary_name = name
        organization.normalized_name = normalize_name(name)
        organization.full_clean()
        organization.save(update_fields=["primary_name", "normalized_name"])
        organization.names.filter(is_primary=True).update(is_primary=False)
        alias = organization_add_name(organization=organization, text=name, source="rename")
        OrganizationName.objects.filter(pk=alias.pk).update(is_primary=True)
    return organization


class MergeError(Exception):
    """A refused merge or undo, with a message for the coordinator."""


def _ordered(a: Organization, b: Organization) -> tuple[Organization, Organization]:
    return (a, b) if a.pk < b.pk else (b, a)


@transaction.atomic
def organization_mark_distinct(*, a: Organization, b: Organization, actor=None,
                               score: float | None = None, reasons=None) -> DuplicateDecision:
    """Remember that two organisations are not the same: never proposed again."""
    if a.pk == b.pk:
        raise MergeError(_("An organisation cannot be distinct from itself."))
    first, second = _ordered(a, b)
    decision, _created = DuplicateDecision.objects.update_or_create(
        org_a=first, org_b=second,
        defaults={"decision": DuplicateDecision.DISTINCT, "actor": actor, "score": score,
                  "reasons": list(reasons or [])},
    )
    registry.bump_generation()
    audit_record(action="organizations_distinct", object_type="organization",
                 object_id=f"{first.public_id}/{second.public_id}", actor=actor,
                 after={"a": first.primary_name, "b": second.primary_name})
    return decision


@transaction.atomic
def organization_merge(*, source: Organization, target: Organization, actor=None,
                       score: float | None = None, reasons=None) -> OrganizationMerge:
    """Merge ``source`` into ``target``: every name of the source becomes an alias of the
    target, signatures are re-pointed, history is kept, and the merge can be undone. Where
    both signed one letter, the target's signature stays and the source's is set aside."""
    from undersigned.letters.models import Signature

    source = Organization.objects.select_for_update().get(pk=source.pk)
    target = Organization.objects.select_for_update().get(pk=target.pk)
    if source.pk == target.pk:
        raise MergeError(_("An organisation cannot be merged into itself."))
    if source.merged_into_id or target.merged_into_id:
        raise MergeError(_("One of these organisations was already merged; reload the page."))
    copied = []
    for name in source.names.all():
        if not target.names.filter(normalized=name.normalized, lang=name.lang).exists():
            alias = OrganizationName.objects.create(
                organization=target, text=name.text, normalized=name.normalized, lang=name.lang,
                script=name.script, is_primary=False, source=f"merge:{source.public_id}")
            copied.append(alias.pk)
    moved, deactivated = [], []
    target_letters = set(Signature.objects.filter(organization=target, active=True)
                         .values_list("letter_id", flat=True))
    for sig in Signature.objects.select_for_update().filter(organization=source):
        if sig.active and sig.letter_id in target_letters:
            sig.active = False
            sig.save(update_fields=["active", "updated_at"])
            deactivated.append(sig.pk)
        sig.organization = target
        sig.save(update_fields=["organization", "updated_at"])
        moved.append(sig.pk)
    for field in ("acronym", "country", "website"):
        if not getattr(target, field) and getattr(source, field):
            setattr(target, field, getattr(source, field))
    target.save()
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    first, second = _ordered(source, target)
    DuplicateDecision.objects.update_or_create(
        org_a=first, org_b=second,
        defaults={"decision": DuplicateDecision.MERGED, "actor": actor, "score": score,
                  "reasons": list(reasons or [])})
    merge = OrganizationMerge.objects.create(
        source=source, target=target, moved_signatures=moved,
        deactivated_signatures=deactivated, copied_names=copied, actor=actor)
    registry.bump_generation()
    audit_record(action="organizations_merged", object_type="organization",
                 object_id=str(source.public_id), actor=actor,
                 before={"source": source.primary_name, "target": target.primary_name},
                 after={"signatures_moved": len(moved), "set_aside": len(deactivated)})
    return merge


@transaction.atomic
def organization_merge_undo(*, merge: OrganizationMerge, actor=None) -> OrganizationMerge:
    """Put everything a merge moved back where it was."""
    from undersigned.letters.models import Signature

    merge = OrganizationMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise MergeError(_("This merge was already undone."))
    later = OrganizationMerge.objects.filter(source=merge.target, undone_at__isnull=True,
                                             at__gt=merge.at)
    if later.exists():
        raise MergeError(_("The merged organisation was merged again since; undo that first."))
    source = Organization.objects.select_for_update().get(pk=merge.source_id)
    for sig in Signature.objects.select_for_update().filter(pk__in=merge.moved_signatures):
        sig.organization = source
        sig.save(update_fields=["organization", "updated_at"])
    for sig in Signature.objects.select_for_update().filter(pk__in=merge.deactivated_signatures):
        if sig.state in ("pending", "confirmed", "approved") and not Signature.objects.filter(
                letter_id=sig.letter_id, organization=source, active=True).exists():
            sig.active = True
            sig.save(update_fields=["active", "updated_at"])
    OrganizationName.objects.filter(pk__in=merge.copied_names).delete()
    source.merged_into = None
    source.save(update_fields=["merged_into"])
    first, second = _ordered(source, merge.target)
    DuplicateDecision.objects.filter(org_a=first, org_b=second,
                                     decision=DuplicateDecision.MERGED).delete()
    merge.undone_at = timezone.now()
    merge.undone_by = actor
    merge.save(update_fields=["undone_at", "undone_by"])
    registry.bump_generation()
    audit_record(action="organizations_merge_undone", object_type="organization",
                 object_id=str(source.public_id), actor=actor,
                 after={"source": source.primary_name, "target": merge.target.primary_name})
    return merge
