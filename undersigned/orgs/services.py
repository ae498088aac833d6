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
    *, name: str, acronym: str = "", country: str = "", lang: str = "", source: str = "",
) -> tuple[Organization, bool]:
    """The registry organisation for a name given at sign-on or import, created (with that
    name only) if none matches. The acronym and country help the match but are not written:
    a sign-on that nobody approved yet never reaches the registry's shared fields
    (``organization_fill_fields`` does, when a named signature is approved). Matching is one
    replaceable function: ``selectors.organization_match``."""
    existing = selectors.organization_match(name=name, acronym=acronym, country=country,
                                            lang=lang)
    if existing is not None:
        return existing, False
    return organization_create(name=name, lang=lang, source=source), True


def organization_fill_fields(*, organization: Organization, acronym: str = "",
                             country: str = "", website: str = "") -> list[str]:
    """Fill the registry's empty shared fields from an approved, named signature (never
    overwrite them). Returns the fields changed."""
    changed = []
    for field_name, value in (("acronym", clean_line(acronym)), ("country", country),
                              ("website", website)):
        if value and not getattr(organization, field_name):
            setattr(organization, field_name, value)
            changed.append(field_name)
    if changed:
        organization.save(update_fields=changed)
    return changed


@transaction.atomic
def organization_rename(*, organization: Organization, name: str, actor=None) -> Organization:
    """Correct the registry's primary name; the old name stays as an alias. Callers decide
    who may (``letters.permissions.may_change_everywhere``): the names steer matching for
    every letter."""
    name = clean_line(name)
    before = organization.primary_name
    organization.primary_name = name
    organization.normalized_name = normalize_name(name)
    organization.full_clean()
    organization.save(update_fields=["primary_name", "normalized_name"])
    organization.names.filter(is_primary=True).update(is_primary=False)
    alias = organization_add_name(organization=organization, text=name, source="rename")
    OrganizationName.objects.filter(pk=alias.pk).update(is_primary=True)
    audit_record(action="organization_renamed", object_type="organization",
                 object_id=organization.public_id, actor=actor, before={"name": before},
                 after={"name": name})
    return organization


class MergeError(Exception):
    """A refused merge or undo, with a message for the coordinator."""


def ordered_pair(a: Organization, b: Organization) -> tuple[Organization, Organization]:
    return (a, b) if a.pk < b.pk else (b, a)


@transaction.atomic
def organization_mark_distinct(*, a: Organization, b: Organization, actor=None,
                               score: float | None = None, reasons=None) -> DuplicateDecision:
    """Remember, for the whole registry, that two organisations are not the same: never
    proposed again anywhere, and the matcher keeps them apart."""
    if a.pk == b.pk:
        raise MergeError(_("An organisation cannot be distinct from itself."))
    first, second = ordered_pair(a, b)
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
def organization_merge_names(*, source: Organization, target: Organization, actor=None,
                             score: float | None = None, reasons=None) -> OrganizationMerge:
    """Make ``source`` an alias of ``target`` in the registry: its names become the
    target's, its empty fields are filled, and it follows the target from now on. Only for
    an organisation no signature points to any more (``curation.services`` moves the
    signatures first, letter by letter); can be undone."""
    source = Organization.objects.select_for_update().get(pk=source.pk)
    target = Organization.objects.select_for_update().get(pk=target.pk)
    if source.pk == target.pk:
        raise MergeError(_("An organisation cannot be merged into itself."))
    if source.merged_into_id or target.merged_into_id:
        raise MergeError(_("One of these organisations was already merged; reload the page."))
    if source.signatures.exists():
        raise MergeError(_("Sign-ons still point to this organisation; move them first."))
    copied = []
    for name in source.names.all():
        if not target.names.filter(normalized=name.normalized, lang=name.lang).exists():
            alias = OrganizationName.objects.create(
                organization=target, text=name.text, normalized=name.normalized, lang=name.lang,
                script=name.script, is_primary=False, source=f"merge:{source.public_id}")
            copied.append(alias.pk)
    filled = organization_fill_fields(organization=target, acronym=source.acronym,
                                      country=source.country, website=source.website)
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    first, second = ordered_pair(source, target)
    DuplicateDecision.objects.update_or_create(
        org_a=first, org_b=second,
        defaults={"decision": DuplicateDecision.MERGED, "actor": actor, "score": score,
                  "reasons": list(reasons or [])})
    merge = OrganizationMerge.objects.create(source=source, target=target, copied_names=copied,
                                             filled_fields=filled, actor=actor)
    registry.bump_generation()
    audit_record(action="organizations_merged", object_type="organization",
                 object_id=str(source.public_id), actor=actor,
                 before={"source": source.primary_name, "target": target.primary_name},
                 after={"names_copied": len(copied)})
    return merge


@transaction.atomic
def organization_merge_names_undo(*, merge: OrganizationMerge, actor=None) -> OrganizationMerge:
    """Make a merged organisation stand on its own again (its copied names removed)."""
    merge = OrganizationMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise MergeError(_("This merge was already undone."))
    if OrganizationMerge.objects.filter(source=merge.target, undone_at__isnull=True,
                                        at__gt=merge.at).exists():
        raise MergeError(_("The merged organisation was merged again since; undo that first."))
    source = Organization.objects.select_for_update().get(pk=merge.source_id)
    target = Organization.objects.select_for_update().get(pk=merge.target_id)
    OrganizationName.objects.filter(pk__in=merge.copied_names).delete()
    for field_name in merge.filled_fields or []:
        if getattr(target, field_name) == getattr(source, field_name):
            setattr(target, field_name, "")
    if merge.filled_fields:
        target.save(update_fields=list(merge.filled_fields))
    source.merged_into = None
    source.save(update_fields=["merged_into"])
    first, second = ordered_pair(source, target)
    DuplicateDecision.objects.filter(org_a=first, org_b=second,
                                     decision=DuplicateDecision.MERGED).delete()
    merge.undone_at = timezone.now()
    merge.undone_by = actor
    merge.save(update_fields=["undone_at", "undone_by"])
    registry.bump_generation()
    audit_record(action="organizations_merge_undone", object_type="organization",
                 object_id=str(source.public_id), actor=actor,
                 after={"source": source.primary_name, "target": target.primary_name})
    return merge
