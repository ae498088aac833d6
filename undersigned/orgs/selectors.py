"""Reads from the organisation registry."""

from undersigned.core.text import normalize_name
from undersigned.orgs.models import Organization, OrganizationName


def organization_resolve(org: Organization) -> Organization:
    """Follow merges to the organisation that stands for this one now."""
    seen = set()
    while org.merged_into_id is not None and org.pk not in seen:
        seen.add(org.pk)
        org = org.merged_into
    return org


def organization_match(*, name: str, acronym: str = "", country: str = "") -> Organization | None:
    """The registry organisation that a name denotes, or None.

    The single matching function of the registry: an exact match of the normalised name
    (any of the organisation's names, in any language). The matcher of the registry issue
    replaces its body; callers keep calling this.
    """
    key = normalize_name(name)
    if not key:
        return None
    hit = (
        OrganizationName.objects.filter(normalized=key)
        .select_related("organization")
        .order_by("organization_id")
        .first()
    )
    if hit is None:
        return None
    return organization_resolve(hit.organization)
