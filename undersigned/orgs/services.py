"""Writes to the organisation registry."""

from django.db import transaction

from undersigned.core.text import clean_line, normalize_name
from undersigned.orgs import selectors
from undersigned.orgs.models import Organization, OrganizationName
from undersigned.orgs.scripts import detect_script


@transaction.atomic
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


@transaction.atomic
def organization_find_or_create(
    *, name: str, acronym: str = "", country: str = "", website: str = "", lang: str = "",
    source: str = "",
) -> tuple[Organization, bool]:
    """The registry organisation for a name given at sign-on or import, created if none
    matches. Matching is one replaceable function: ``selectors.organization_match``."""
    existing = selectors.organization_match(name=name, acronym=acronym, country=country)
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
