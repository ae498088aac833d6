"""Organisation names in other languages: suggestions from the registry and from OpenCC
between Traditional and Simplified Chinese, confirmed by a translator.

OpenCC rewrites proper names (``s2t`` turns 台灣 into 臺灣; the phrase tables of ``s2twp``
turn 项目 into 專案), so: an organisation's own name in the registry always wins, only the
character tables (never the phrase tables) are used for names, the table is chosen by the
target region, and a derived name stays a suggestion until someone confirms it."""

from django.db import transaction

from undersigned.audit.services import audit_record
from undersigned.core.text import clean_line, normalize_name
from undersigned.orgs.matching.text import opencc_convert
from undersigned.orgs.models import Organization, OrganizationName

# (from, to) -> OpenCC configuration: character conversion for the target region.
CONVERSIONS = {
    ("zh-hant", "zh-hans"): "t2s",
    ("zh-tw", "zh-hans"): "tw2s",
    ("zh-hk", "zh-hans"): "hk2s",
    ("zh-hans", "zh-hant"): "s2t",
    ("zh-hans", "zh-tw"): "s2tw",
    ("zh-hans", "zh-hk"): "s2hk",
}
CHINESE = ("zh-hant", "zh-hans", "zh-tw", "zh-hk")


def convert(text: str, from_lang: str, to_lang: str) -> str | None:
    config = CONVERSIONS.get((from_lang, to_lang))
    return opencc_convert(text, config) if config else None


def confirmed_name(org: Organization, lang: str) -> OrganizationName | None:
    return org.names.filter(lang=lang, confirmed=True).order_by("-is_primary", "pk").first()


def name_suggestions(org: Organization, lang: str) -> list[tuple[str, str]]:
    """(text, where it comes from) for a name of ``org`` in ``lang``, best first."""
    out: list[tuple[str, str]] = []
    for name in org.names.filter(lang=lang, confirmed=False).order_by("pk"):
        out.append((name.text, name.source or "suggestion"))
    for other in CHINESE:
        if other == lang:
            continue
        for name in org.names.filter(lang=other, confirmed=True):
            converted = convert(name.text, other, lang)
            if converted and converted not in [t for t, _ in out]:
                out.append((converted, f"OpenCC {CONVERSIONS[(other, lang)]} from {name.text}"))
    return out


@transaction.atomic
def name_confirm(*, organization: Organization, lang: str, text: str, actor=None
                 ) -> OrganizationName:
    """Record (or confirm) the organisation's name in ``lang``."""
    text = clean_line(text)
    if not text or len(text) > 300:
        raise ValueError("a name must have 1 to 300 characters")
    normalized = normalize_name(text)
    name = OrganizationName.objects.filter(organization=organization, lang=lang,
                                           normalized=normalized).first()
    if name is None:
        name = OrganizationName.objects.create(
            organization=organization, lang=lang, text=text, normalized=normalized,
            confirmed=True, source="translator")
    elif not name.confirmed or name.text != text:
        name.confirmed, name.text = True, text
        name.save(update_fields=["confirmed", "text"])
    audit_record(action="name_confirmed", object_type="organization",
                 object_id=organization.public_id, actor=actor, after={"lang": lang, "name": text})
    return name


@transaction.atomic
def names_derive(*, organizations, from_lang: str, to_lang: str, actor=None) -> int:
    """Suggest a ``to_lang`` name for every organisation that has a confirmed ``from_lang``
    name and none in ``to_lang`` yet. Returns how many suggestions were made."""
    if (from_lang, to_lang) not in CONVERSIONS:
        raise ValueError(f"no conversion from {from_lang} to {to_lang}")
    made = 0
    for org in organizations:
        if org.names.filter(lang=to_lang).exists():
            continue  # the registry's own name (or an earlier suggestion) wins
        source = confirmed_name(org, from_lang)
        if source is None:
            continue
        text = convert(source.text, from_lang, to_lang)
        OrganizationName.objects.create(
            organization=org, lang=to_lang, text=text, normalized=normalize_name(text),
            confirmed=False, source=f"opencc:{CONVERSIONS[(from_lang, to_lang)]}")
        made += 1
    if made:
        audit_record(action="names_derived", object_type="organization", actor=actor,
                     after={"from": from_lang, "to": to_lang, "count": made})
    return made
