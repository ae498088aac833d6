"""Reads for letters and sign-ons. Every public page, export and API response reads
signatures through ``Signature.public`` (approved, active, named) and counts anonymous
ones with ``letter_anonymous_count``: nothing else may feed a public surface."""

from urllib.parse import urlsplit

from django.db.models import Count, Q

from undersigned.core.crypto import search_hash
from undersigned.letters.models import (
    Letter,
    LetterStatus,
    LetterTranslation,
    Signature,
    SignatureState,
)

FREE_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.fr", "yahoo.es", "yahoo.co.uk",
    "hotmail.com", "hotmail.fr", "outlook.com", "outlook.fr", "live.com", "msn.com", "aol.com",
    "icloud.com", "me.com", "gmx.de", "gmx.net", "gmx.com", "web.de", "mail.com", "yandex.ru",
    "yandex.com", "mail.ru", "proton.me", "protonmail.com", "pm.me", "tutanota.com", "tuta.io",
    "qq.com", "163.com", "126.com", "sina.com", "laposte.net", "orange.fr", "free.fr",
    "riseup.net", "zoho.com", "rediffmail.com",
})


def public_letters():
    return Letter.objects.filter(
        status__in=[LetterStatus.OPEN, LetterStatus.CLOSED, LetterStatus.PUBLISHED]
    ).prefetch_related("translations")


def letter_translation(letter: Letter, lang: str) -> LetterTranslation | None:
    trs = {tr.lang: tr for tr in letter.translations.all()}
    return trs.get(lang) or trs.get(letter.source_lang)


def letter_title(letter: Letter, lang: str) -> str:
    tr = letter_translation(letter, lang)
    return tr.title if tr else letter.slug


def pick_language(letter: Letter, accept_language: str) -> str:
    """The letter language that best fits the browser's Accept-Language header."""
    from django.utils.translation.trans_real import parse_accept_lang_header

    offered = [lang.lower() for lang in letter.languages] or [letter.source_lang]
    for accepted, _q in parse_accept_lang_header(accept_language or ""):
        accepted = accepted.lower()
        if accepted in offered:
            return accepted
        if accepted in ("zh-tw", "zh-hk", "zh-mo") and "zh-hant" in offered:
            return "zh-hant"
        if accepted in ("zh-cn", "zh-sg", "zh") and "zh-hans" in offered:
            return "zh-hans"
        base = accepted.split("-")[0]
        for lang in offered:
            if lang.split("-")[0] == base:
                return lang
    return letter.source_lang


def public_signatures(letter: Letter):
    return Signature.public.filter(letter=letter).order_by("name")


def public_signatures_in(letter: Letter, lang: str) -> list[tuple[Signature, str]]:
    """The named signatories, each with its confirmed name in ``lang`` when the registry has
    one that differs (the way the coalition's bilingual lists print them)."""
    from undersigned.orgs.models import OrganizationName

    signatures = list(public_signatures(letter))
    if lang == letter.source_lang or not signatures:
        return [(s, "") for s in signatures]
    names: dict[int, str] = {}
    for org_id, text in (OrganizationName.objects
                         .filter(organization_id__in={s.organization_id for s in signatures},
                                 lang=lang, confirmed=True)
                         .order_by("-is_primary", "pk").values_list("organization_id", "text")):
        names.setdefault(org_id, text)
    return [(s, names.get(s.organization_id, "") if names.get(s.organization_id) != s.name
             else "") for s in signatures]


def public_signatures_near(letter: Letter, name: str, *, limit: int = 3) -> list[Signature]:
    """Named, approved signatures of this letter whose organisation the typed name may
    denote (anonymous ones are never considered)."""
    from undersigned.orgs import registry

    name = (name or "").strip()[:300]
    if len(name) < 3:
        return []
    matches = registry.registry_index().query(name, limit=20)
    keys = [m.key for m in matches]
    if not keys:
        return []
    rows = {s.organization_id: s for s in public_signatures(letter).filter(
        organization_id__in=keys)}
    return [rows[k] for k in keys if k in rows][:limit]


def letter_anonymous_count(letter: Letter) -> int:
    return Signature.objects.filter(
        letter=letter, state=SignatureState.APPROVED, active=True, publish_name=False
    ).count()


def signature_counts(letter: Letter) -> dict[str, int]:
    rows = Signature.objects.filter(letter=letter).values("state").annotate(n=Count("pk"))
    counts = {state: 0 for state in SignatureState.values}
    for row in rows:
        counts[row["state"]] = row["n"]
    counts["total"] = sum(counts[s] for s in SignatureState.values)
    return counts


def signatures_for_moderation(letter: Letter, *, state: str = "", query: str = ""):
    qs = Signature.objects.filter(letter=letter).select_related("organization")
    if state in SignatureState.values:
        qs = qs.filter(state=state)
    if query:
        # Contact details are encrypted: an email address is found by its keyed hash.
        qs = qs.filter(
            Q(name__icontains=query) | Q(acronym__icontains=query)
            | Q(contact_email_hash=search_hash(query))
            | Q(organization__names__text__icontains=query)
        ).distinct()
    return qs.order_by("-created_at")


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower().strip() if "@" in email else ""


def website_domain(url: str) -> str:
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def signature_signals(sig: Signature, *, signed_before: int) -> dict:
    """What helps a coordinator judge a sign-on, computed without any outside service."""
    mail = email_domain(sig.contact_email)
    site = website_domain(sig.website) if sig.website else ""
    matches = bool(site and mail and (mail == site or mail.endswith("." + site)
                                      or site.endswith("." + mail)))
    return {
        "email_domain": mail,
        "website_domain": site,
        "domain_matches": matches,
        "free_mail": mail in FREE_MAIL_DOMAINS,
        "signed_before": signed_before,
    }


def signatures_with_signals(signatures) -> list[tuple[Signature, dict]]:
    """Each signature with its signals; 'signed before' counted in one query for the page."""
    signatures = list(signatures)
    org_ids = {s.organization_id for s in signatures}
    letter_ids = {s.letter_id for s in signatures}
    before: dict[int, int] = {}
    if org_ids:
        rows = (
            Signature.objects.filter(organization_id__in=org_ids, state=SignatureState.APPROVED)
            .exclude(letter_id__in=letter_ids)
            .values("organization_id").annotate(n=Count("letter_id", distinct=True))
        )
        before = {row["organization_id"]: row["n"] for row in rows}
    from undersigned.orgs.selectors import organization_impersonations

    out = []
    for s in signatures:
        signals = signature_signals(s, signed_before=before.get(s.organization_id, 0))
        signals["lookalike_of"] = [
            (org.primary_name, reason) for org, reason in organization_impersonations(s.name)
            if org.pk != s.organization_id]
        out.append((s, signals))
    return out
