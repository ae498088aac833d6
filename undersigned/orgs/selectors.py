"""Reads from the organisation registry: the one matching function, the candidate pairs of
the review queue, and look-alike (impersonation) checks. These read the whole registry:
what a user may see of them is decided above, in ``letters.permissions`` (public pages,
coordinator pages) and ``curation.selectors`` (the review queue)."""

from dataclasses import dataclass

from django.conf import settings

from undersigned.core.text import normalize_name
from undersigned.orgs import matching, registry
from undersigned.orgs.models import DuplicateDecision, Organization, OrganizationName


def organization_resolve(org: Organization) -> Organization:
    """Follow merges to the organisation that stands for this one now."""
    seen = set()
    while org.merged_into_id is not None and org.pk not in seen:
        seen.add(org.pk)
        org = org.merged_into
    return org


def auto_link_threshold() -> float | None:
    """Above this score a sign-on is linked to a registry organisation without a human;
    None (the default) links exact names and merged aliases only. Measured: on 10,000
    distinct made-up names, linking at 0.95 joined about half of them by spelling alone, so
    fuzzy candidates go to the signer ("Is this you?") and to the review queue instead."""
    value = getattr(settings, "MATCH_AUTO_LINK", None)
    return None if value in (None, "") else float(value)


def organization_match(*, name: str, acronym: str = "", country: str = "",
                       lang: str = "") -> Organization | None:
    """The registry organisation that a name denotes, or None.

    The single matching function of the registry. An exact match of the normalised name (any
    of an organisation's names, in any language, merged aliases included) wins; otherwise,
    when ``MATCH_AUTO_LINK`` is set, the matcher's best candidate scoring at least that much
    and no look-alike. Other candidates go to the review queue.
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
    if hit is not None:
        return organization_resolve(hit.organization)
    threshold = auto_link_threshold()
    if threshold is None:
        return None
    index = registry.registry_index()
    if index.impersonations(name):
        return None
    matches = index.query(name, limit=1, threshold=threshold, lang=lang or None,
                          acronym=acronym or None)
    if not matches:
        return None
    org = Organization.objects.filter(pk=matches[0].key).first()
    if org is None:
        return None
    if country and org.country and country != org.country:
        return None  # a national section elsewhere is another organisation
    return organization_resolve(org)


def organization_impersonations(name: str) -> list[tuple[Organization, str]]:
    """Registry organisations whose names this one imitates (same TR39 skeleton, other
    characters: a Cyrillic 'а' in 'Amnesty')."""
    found = registry.registry_index().impersonations(name)
    orgs = Organization.objects.in_bulk([key for key, _reason in found])
    return [(orgs[key], reason) for key, reason in found if key in orgs]


@dataclass
class Candidate:
    a: Organization
    b: Organization
    score: float
    reasons: list[str]


def _decided_pairs() -> set[tuple[int, int]]:
    return set(DuplicateDecision.objects.values_list("org_a_id", "org_b_id"))


def duplicate_candidates(*, organizations=None, threshold: float | None = None,
                         limit: int = 200) -> list[Candidate]:
    """Pairs of registry organisations that may be one, best first, each with its reasons.
    ``organizations`` limits the pairs to those involving them (a letter's signatories);
    pairs already decided ("not the same", or merged) are never proposed again."""
    index = registry.registry_index()
    threshold = registry.match_threshold() if threshold is None else threshold
    if organizations is None:
        keys = list(Organization.objects.filter(merged_into__isnull=True)
                    .values_list("pk", flat=True))
    else:
        keys = sorted({o.pk for o in organizations})
    decided = _decided_pairs()
    found: dict[tuple[int, int], tuple[float, list[str]]] = {}
    for key in keys:
        for m in index.query_key(key, limit=10, threshold=threshold):
            pair = (min(key, m.key), max(key, m.key))
            if pair in decided or pair[0] == pair[1]:
                continue
            if pair not in found or m.score > found[pair][0]:
                found[pair] = (m.score, m.reasons)
    best = sorted(found.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
    orgs = Organization.objects.in_bulk({pk for pair, _ in best for pk in pair})
    return [Candidate(orgs[a], orgs[b], score, reasons) for (a, b), (score, reasons) in best
            if a in orgs and b in orgs and orgs[a].merged_into_id is None
            and orgs[b].merged_into_id is None]


def names_similarity(names_a, names_b) -> tuple[float, list[str]]:
    """How likely two sets of names denote one organisation, judged on these names alone
    (best pair first), and why. Pages use it to rank and explain a pair from the names a
    user may see, so that nothing they cannot see (a registry alias) shows or weighs."""
    best: tuple[float, list[str]] = (0.0, [])
    for a in dict.fromkeys(n for n in names_a if n):
        for b in dict.fromkeys(n for n in names_b if n):
            score, reasons = matching.score_pair(a, b)
            if score > best[0]:
                best = (score, list(reasons))
    return best
