"""Reads for letters and sign-ons. Every public page, export and API response reads
signatures through ``Signature.public`` (approved, active, named) and counts anonymous
ones with ``letter_anonymous_count``: nothing else may feed a public surface."""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from undersigned.core.crypto import search_hash
from undersigned.core.languages import language_name
from undersigned.letters import permissions
from undersigned.letters.models import (
    Letter,
    LetterTranslation,
    Partner,
    Signature,
    SignatureState,
)
from undersigned.orgs import registry
from undersigned.orgs import selectors as org_selectors
from undersigned.orgs.scripts import detect_script
from undersigned.orgs.translation import CHINESE, CONVERSIONS, convert

FREE_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.fr", "yahoo.es", "yahoo.co.uk",
    "hotmail.com", "hotmail.fr", "outlook.com", "outlook.fr", "live.com", "msn.com", "aol.com",
    "icloud.com", "me.com", "gmx.de", "gmx.net", "gmx.com", "web.de", "mail.com", "yandex.ru",
    "yandex.com", "mail.ru", "proton.me", "protonmail.com", "pm.me", "tutanota.com", "tuta.io",
    "qq.com", "163.com", "126.com", "sina.com", "laposte.net", "orange.fr", "free.fr",
    "riseup.net", "zoho.com", "rediffmail.com",
})


def public_letters():
    return Letter.objects.filter(status__in=permissions.PUBLIC_STATUSES
                                 ).prefetch_related("translations")


def letter_translation(letter: Letter, lang: str) -> LetterTranslation | None:
    trs = {tr.lang: tr for tr in letter.translations.all()}
    return trs.get(lang) or trs.get(letter.source_lang)


def letter_texts_status(letter: Letter) -> dict[str, str]:
    """{lang: "ok" | "missing" | "stale"} for every language the letter is offered in: a
    language without its text is "missing", a translation made from an earlier revision
    of the source text is "stale"."""
    trs = {tr.lang: tr for tr in letter.translations.all()}
    source = trs.get(letter.source_lang)
    out = {}
    for lang in letter.languages:
        tr = trs.get(lang)
        if tr is None or not tr.title.strip():
            out[lang] = "missing"
        elif (lang != letter.source_lang and source is not None
              and tr.source_version < source.source_version):
            out[lang] = "stale"
        else:
            out[lang] = "ok"
    return out


def letter_texts_warnings(letter: Letter) -> list[str]:
    """What a coordinator should know before opening sign-on, one sentence per language
    whose text is missing or out of date, naming the language."""
    out = []
    for lang, state in letter_texts_status(letter).items():
        if state == "missing":
            out.append(_("%(language)s has no text yet: the letter will not be offered in "
                         "%(language)s until its text is written.")
                       % {"language": language_name(lang)})
        elif state == "stale":
            out.append(_("The %(language)s translation is out of date: people who read "
                         "%(language)s see a translation of an earlier text.")
                       % {"language": language_name(lang)})
    return out


def public_languages(letter: Letter) -> list[str]:
    """The languages a public page offers: those whose text exists (a language added to
    the letter without its text is not offered until it is written)."""
    have = {tr.lang for tr in letter.translations.all() if tr.title.strip()}
    return [lang for lang in letter.languages if lang in have] or [letter.source_lang]


def letter_title(letter: Letter, lang: str) -> str:
    tr = letter_translation(letter, lang)
    return tr.title if tr else letter.slug


def pick_language(letter: Letter, accept_language: str) -> str:
    """The letter language that best fits the browser's Accept-Language header."""
    from django.utils.translation.trans_real import parse_accept_lang_header

    offered = [lang.lower() for lang in public_languages(letter)]
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
    """The named signatories, each with its name in ``lang`` as this letter prints it
    (the way the coalition's bilingual lists print them), when it differs."""
    signatures = list(public_signatures(letter))
    if lang == letter.source_lang:
        return [(s, "") for s in signatures]
    return [(s, (s.names or {}).get(lang, "") if (s.names or {}).get(lang) != s.name else "")
            for s in signatures]


def _public_by_organization(org_ids) -> dict[int, Signature]:
    """The latest public signature of each organisation (its public face)."""
    out: dict[int, Signature] = {}
    for sig in (permissions.public_signatures_everywhere()
                .filter(organization_id__in=list(org_ids)).order_by("-pk")):
        out.setdefault(sig.organization_id, sig)
    return out


def _public_names(sig: Signature) -> list[str]:
    return [sig.name, *[t for t in (sig.names or {}).values() if t]]


@dataclass
class Suggestion:
    """An organisation offered to someone typing a name: only its public name."""

    name: str
    acronym: str
    country: str


def organization_suggestions(name: str, *, limit: int = 5) -> list[Suggestion]:
    """"Is this you?": organisations whose public names the typed name may denote.

    The whole registry is searched (so the time taken says nothing about hidden
    signatories), then only organisations with a public signature are kept, and each is
    judged again on its public names alone and shown by them: a registry alias (a name
    seen only on another letter) never shows, and never decides what shows."""
    name = (name or "").strip()[:300]
    if len(name) < 2:
        return []
    threshold = min(0.6, registry.match_threshold())
    matches = registry.registry_index().query(name, limit=20, threshold=threshold)
    faces = _public_by_organization([m.key for m in matches])
    out = []
    for m in matches:
        sig = faces.get(m.key)
        if sig is None:
            continue
        score, _reasons = org_selectors.names_similarity([name], _public_names(sig))
        if score >= threshold:
            out.append(Suggestion(name=sig.name, acronym=sig.acronym, country=sig.country))
        if len(out) == limit:
            break
    return out


def public_signatures_near(letter: Letter, name: str, *, limit: int = 3) -> list[Signature]:
    """Named, approved signatures of this letter whose public names the typed name may
    denote (anonymous ones are never considered; registry aliases never decide)."""
    name = (name or "").strip()[:300]
    if len(name) < 3:
        return []
    threshold = registry.match_threshold()
    matches = registry.registry_index().query(name, limit=20)
    keys = [m.key for m in matches]
    if not keys:
        return []
    rows = {s.organization_id: s for s in public_signatures(letter).filter(
        organization_id__in=keys)}
    found = [rows[k] for k in keys if k in rows]
    return [s for s in found
            if org_selectors.names_similarity([name], _public_names(s))[0] >= threshold][:limit]


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


def signons_per_day(letter: Letter) -> list[tuple[dt.date, dict[str, int]]]:
    """Sign-ons by the day they came in (UTC) and their status now, from the first day to
    the last, days without any included: the campaign's pace for the letter page."""
    rows = (Signature.objects.filter(letter=letter)
            .annotate(day=TruncDate("created_at", tzinfo=dt.UTC))
            .values("day", "state").annotate(n=Count("pk")).order_by("day"))
    by_day: dict[dt.date, dict[str, int]] = {}
    for row in rows:
        by_day.setdefault(row["day"], {})[row["state"]] = row["n"]
    if not by_day:
        return []
    first, last = min(by_day), max(by_day)
    return [(first + dt.timedelta(days=i), by_day.get(first + dt.timedelta(days=i), {}))
            for i in range((last - first).days + 1)]


WITHDRAWAL_REQUESTS = "withdrawal"  # the moderation list's filter for them


def withdrawal_requests(letter: Letter):
    """Sign-ons whose signatory asked, after publication, to be taken off the list, and
    which are still on it."""
    return Signature.objects.filter(
        letter=letter, active=True, withdrawal_requested_at__isnull=False).exclude(
        state__in=[SignatureState.WITHDRAWN, SignatureState.REJECTED])


def signatures_for_moderation(letter: Letter, *, state: str = "", query: str = "",
                              contacts: bool = True):
    """A letter's sign-ons for its coordinators; searching by contact email only for those
    who see contacts (``contacts``)."""
    qs = Signature.objects.filter(letter=letter).select_related("organization", "via")
    if state == WITHDRAWAL_REQUESTS:
        qs = withdrawal_requests(letter).select_related("organization", "via")
    elif state in SignatureState.values:
        qs = qs.filter(state=state)
    if query:
        # Contact details are encrypted: an email address is found by its keyed hash.
        found = Q(name__icontains=query) | Q(acronym__icontains=query)
        if contacts:
            found |= Q(contact_email_hash=search_hash(query))
        qs = qs.filter(found)
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


def signatures_with_signals(signatures, *, user) -> list[tuple[Signature, dict]]:
    """Each signature with its signals, as ``user`` may see them: "signed before" counts
    only the letters they can see the organisation on (their own letters, and public
    signatures), and look-alikes name only organisations visible to them, by their visible
    names. One query for the whole page."""
    signatures = list(signatures)
    org_ids = {s.organization_id for s in signatures}
    letter_ids = {s.letter_id for s in signatures}
    before: dict[int, int] = {}
    if org_ids:
        approved = Signature.objects.filter(organization_id__in=org_ids,
                                            state=SignatureState.APPROVED, active=True)
        mine = permissions.letter_ids_with(user, permissions.VIEW)
        if mine is not None:
            approved = approved.filter(
                Q(letter_id__in=mine)
                | Q(publish_name=True, letter__status__in=permissions.PUBLIC_STATUSES))
        rows = (approved.exclude(letter_id__in=letter_ids)
                .values("organization_id").annotate(n=Count("letter_id", distinct=True)))
        before = {row["organization_id"]: row["n"] for row in rows}
    found = {s.pk: [(org, reason) for org, reason in
                    org_selectors.organization_impersonations(s.name)
                    if org.pk != s.organization_id] for s in signatures}
    views = permissions.organization_views(
        user, {org for pairs in found.values() for org, _reason in pairs})
    out = []
    for s in signatures:
        signals = signature_signals(s, signed_before=before.get(s.organization_id, 0))
        signals["lookalike_of"] = [(views[org.pk].label, reason) for org, reason in found[s.pk]
                                   if org.pk in views]
        out.append((s, signals))
    return out


def signature_name_suggestions(*, user, signatures, lang: str) -> dict[int, list[tuple[str, str]]]:
    """{signature pk: [(text, where it comes from)]}: names in ``lang`` a translator may
    confirm for these signatures, from what ``user`` may see only: the organisation's
    names in ``lang`` on its other visible signatures (for an administrator, the
    registry's too), and OpenCC conversions of its Chinese names (never of anything
    hidden)."""
    signatures = list(signatures)
    views = permissions.organization_views(user, {s.organization for s in signatures})
    out: dict[int, list[tuple[str, str]]] = {}
    for sig in signatures:
        found: list[tuple[str, str]] = []
        view = views.get(sig.organization_id)
        known = list(view.names) if view else []
        known += [(text, name_lang) for name_lang, text in (sig.names or {}).items()]
        for text, name_lang in known:
            if name_lang == lang and text not in [t for t, _ in found]:
                found.append((text, _("another letter") if text != (sig.names or {}).get(lang)
                              else _("this letter")))
        if sig.lang in CHINESE and detect_script(sig.name) == "Hani":
            known.append((sig.name, sig.lang))  # a Chinese name typed on a Chinese page
        for text, name_lang in known:
            converted = convert(text, name_lang, lang) if name_lang in CHINESE else None
            if converted and converted not in [t for t, _ in found]:
                found.append((converted, f"OpenCC {CONVERSIONS[(name_lang, lang)]} · {text}"))
        out[sig.pk] = found
    return out


# --- partners ----------------------------------------------------------------------------


def letter_partner(letter: Letter, code: str) -> Partner | None:
    """The partner whose referral code this is (None for no code or an unknown one)."""
    code = (code or "").strip().lower()[:40]
    return Partner.objects.filter(letter=letter, code=code).first() if code else None


def letter_coordinators(letter: Letter) -> list[str]:
    """The core group as the letter names it ("coordinated by ...")."""
    return list(letter.partners.filter(listed=True).values_list("name", flat=True))


def partners_with_counts(letter: Letter) -> list[tuple[Partner, dict[str, int]]]:
    counts: dict[int, dict[str, int]] = {}
    for row in (Signature.objects.filter(letter=letter, via__isnull=False)
                .values("via_id", "state").annotate(n=Count("pk"))):
        counts.setdefault(row["via_id"], {})[row["state"]] = row["n"]
    out = []
    for partner in letter.partners.all():
        by_state = {state: counts.get(partner.pk, {}).get(state, 0)
                    for state in SignatureState.values}
        by_state["total"] = sum(by_state.values())
        out.append((partner, by_state))
    return out


@dataclass
class PartnerRow:
    """One sign-on as a partner's coordinators may see it."""

    name: str  # "" for one that asked not to be named publicly
    state: str
    state_label: str
    signed_at: object
    contact_name: str = ""
    contact_email: str = ""


def partner_signatures(partner: Partner, *, contacts: bool) -> list[PartnerRow]:
    """The sign-ons that came through ``partner``: names only of those named publicly;
    contact details only where the signer agreed to share them with this partner (or for
    the letter's moderators, ``contacts``)."""
    rows = []
    for sig in Signature.objects.filter(via=partner).order_by("-created_at"):
        shared = contacts or sig.share_with_partner
        rows.append(PartnerRow(
            name=sig.name if (sig.publish_name or contacts) else "",
            state=sig.state, state_label=sig.get_state_display(), signed_at=sig.created_at,
            contact_name=sig.contact_name if shared else "",
            contact_email=sig.contact_email if shared else ""))
    return rows


def letter_public_count(letter: Letter) -> int:
    """How many organisations the public page adds up to: named ones and those counted."""
    return Signature.objects.filter(letter=letter, state=SignatureState.APPROVED,
                                    active=True).count()
