"""The review queue as one user may see it.

Candidate pairs come from the registry's matcher (which reads every name), then only pairs
whose two organisations the user may see are kept, and, for anyone but an administrator,
each pair is judged again on the names the user may see and shown by them
(``letters.permissions.organization_views``). So a hidden sign-on can neither appear in a
queue nor pull a pair into it, and a public sign-on named like a hidden one fishes for
nothing."""

from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext as _

from undersigned.curation.models import LetterPairDecision, MergeProposal, SignatureRelink
from undersigned.letters import permissions
from undersigned.letters.models import Letter, Signature
from undersigned.orgs import registry
from undersigned.orgs.matching import score_records
from undersigned.orgs.matching.embedding import encoder
from undersigned.orgs.models import DuplicateDecision, Organization

# How unlikely a registry candidate may be and still be judged again on what the user sees
# (the registry lacks the website and email evidence of sign-ons not yet approved).
CANDIDATE_FLOOR = 0.01
SHARED_SITE = {"same_website", "same_email_domain", "website_email"}


@lru_cache(maxsize=50_000)
def _vector_of(name: str):
    vectors = encoder().encode([name])
    return None if vectors is None else vectors[0]


def _vector(profile):
    return _vector_of(profile.name)


@dataclass
class PairCandidate:
    a: permissions.OrganizationView  # on the letter whose queue this is
    b: permissions.OrganizationView
    score: float
    reasons: list[str]
    proposed: bool = False  # a coordinator of another letter merged them there
    # Which way the user may merge: True when the organisation has a sign-on on a letter
    # they moderate (only such sign-ons move).
    a_movable: bool = False
    b_movable: bool = False
    both_here: bool = False
    # The two give one website or mail domain (not a shared host): the strongest evidence,
    # so such pairs come first.
    shared_site: bool = False


def _decided(letter: Letter | None, keys) -> set[tuple[int, int]]:
    keys = list(keys)
    out = set(DuplicateDecision.objects.filter(org_a_id__in=keys).values_list("org_a_id",
                                                                             "org_b_id"))
    out |= set(DuplicateDecision.objects.filter(org_b_id__in=keys).values_list("org_a_id",
                                                                              "org_b_id"))
    if letter is not None:
        out |= set(LetterPairDecision.objects.filter(letter=letter)
                   .values_list("org_a_id", "org_b_id"))
    return out


def review_candidates(*, user, letter: Letter | None, threshold: float | None = None,
                      limit: int = 200) -> list[PairCandidate]:
    """Pairs that may be one organisation, best first, as ``user`` may see them: for one
    letter (pairs involving its signatories), or the whole registry (``letter`` None,
    administrators only)."""
    threshold = registry.match_threshold() if threshold is None else threshold
    admin = permissions.letter_ids_with(user, permissions.VIEW) is None
    if letter is None:
        if not admin:
            return []
        keys = list(Organization.objects.filter(merged_into__isnull=True)
                    .values_list("pk", flat=True))
        here: set[int] = set()
    else:
        keys = sorted(set(Signature.objects.filter(letter=letter)
                          .values_list("organization_id", flat=True)))
        here = set(keys)
    decided = _decided(letter, keys)
    index = registry.registry_index()
    found: dict[tuple[int, int], tuple[float, list[str]]] = {}
    # A letter's sign-ons are looked up by what the user sees of them (their websites and
    # contacts' email domains included: the registry knows these only once approved), and
    # by their registry names; every candidate is judged again below on what the user sees.
    floor = threshold if letter is None else min(threshold, CANDIDATE_FLOOR)
    mine = ({} if letter is None else permissions.organization_views(
        user, Organization.objects.filter(pk__in=keys), letter=letter))
    for key in keys:
        for m in index.query_key(key, limit=10, threshold=floor):
            pair = (min(key, m.key), max(key, m.key))
            if m.key != key and pair not in decided and (
                    pair not in found or m.score > found[pair][0]):
                found[pair] = (m.score, list(m.reasons))
        if key in mine:  # sharing a website, mail domain or acronym: judged below
            for other in index.attribute_keys(mine[key].record()):
                pair = (min(key, other), max(key, other))
                if other != key and pair not in decided:
                    found.setdefault(pair, (0.0, []))
    proposals = set()
    if keys:
        for source_id, target_id in MergeProposal.objects.filter(
                closed_at__isnull=True, source_id__in=keys).values_list("source_id",
                                                                        "target_id"):
            pair = (min(source_id, target_id), max(source_id, target_id))
            if pair not in decided:
                proposals.add(pair)
                found.setdefault(pair, (1.0, []))
    orgs = Organization.objects.filter(pk__in={pk for pair in found for pk in pair},
                                       merged_into__isnull=True)
    views = permissions.organization_views(user, orgs, letter=letter)
    moderated = permissions.letter_ids_with(user, permissions.MODERATE)
    movable = set(Signature.objects.filter(organization_id__in=views).values_list(
        "organization_id", flat=True)) if moderated is None else set(
        Signature.objects.filter(organization_id__in=views, letter_id__in=moderated)
        .values_list("organization_id", flat=True))
    out = []
    for (x, y), (score, reasons) in found.items():
        if x not in views or y not in views:
            continue
        a, b = (x, y) if x in here or y not in here else (y, x)
        shared = False
        if letter is not None:  # judged on what this user can see, and explained by it
            judged = score_records(views[a].record(), views[b].record(),
                                   common_acronym=index.is_common_acronym,
                                   common_domain=index.is_common_domain, vectors=_vector)
            score, reasons = judged.probability, list(judged.reasons)
            shared = bool(SHARED_SITE & set(judged.signals))
        proposed = (x, y) in proposals
        if proposed:
            reasons = [_("merged on another letter by its coordinators"), *reasons]
            score = max(score, threshold)
        elif score < threshold:
            continue
        out.append(PairCandidate(a=views[a], b=views[b], score=score, reasons=reasons,
                                 proposed=proposed, a_movable=a in movable,
                                 b_movable=b in movable, both_here=a in here and b in here,
                                 shared_site=shared))
    out.sort(key=lambda c: (not c.proposed, not c.shared_site, -c.score, c.a.pk, c.b.pk))
    return out[:limit]


def letter_relinks(*, user, letter: Letter | None, limit: int = 50):
    """The merges made on one letter (or, for an administrator, on every letter), latest
    first, each labelled by the names it had on its letter."""
    qs = SignatureRelink.objects.select_related("letter")
    if letter is not None:
        qs = qs.filter(letter=letter)
    elif permissions.letter_ids_with(user, permissions.VIEW) is not None:
        return qs.none()
    return qs[:limit]
