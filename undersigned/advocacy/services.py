"""Writes for resolution tracking, and the statuses derived from a resolution's record.

Each public function is one transaction. Names of states come in as pasted text and go
through the resolver: whatever it cannot resolve is returned to the caller, never
guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from undersigned.advocacy.models import (
    DERIVABLE_KINDS,
    Amendment,
    Ask,
    AskKind,
    AskStatus,
    AskStatusChange,
    Campaign,
    Outcome,
    OutreachLog,
    Resolution,
    Sponsorship,
    Status,
    Vote,
    VoteCast,
    VoteChoice,
    validate_state_code,
)
from undersigned.advocacy.reference import (
    HRC_YEARS,
    State,
    all_states,
    get_state,
    hrc_members,
)
from undersigned.advocacy.resolver import parse_vote, resolve_list
from undersigned.audit.services import audit_record, audit_record_letters
from undersigned.letters.models import Letter


class AdvocacyError(Exception):
    """A refusal with a message for the user."""


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)  # iso3
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    others: list[dict] = field(default_factory=list)
    unresolved: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --- sponsors ---------------------------------------------------------------------


@transaction.atomic
def record_sponsors(
    resolution: Resolution,
    text: str,
    *,
    joined_on: dt.date | None = None,
    main_sponsor: bool = False,
    core_group: bool = False,
    source: str = "",
) -> ImportReport:
    """Add the states in a pasted sponsor list. Flags are only ever set, never cleared,
    so a later list of additional sponsors does not demote the main sponsors; a state
    that had withdrawn and appears again is a sponsor again."""
    parsed = resolve_list(text)
    report = ImportReport(others=parsed["others"], unresolved=parsed["unresolved"])
    report.warnings = check_council_marks(resolution, parsed["states"])
    for item in parsed["states"]:
        sp, created = Sponsorship.objects.get_or_create(
            resolution=resolution,
            state_code=item["iso3"],
            defaults={
                "main_sponsor": main_sponsor,
                "core_group": core_group,
                "joined_on": joined_on,
                "marked": item["marked"],
                "source": source,
            },
        )
        if created:
            report.added.append(sp.state_code)
            continue
        changed = False
        for name, value in (("main_sponsor", main_sponsor), ("core_group", core_group)):
            if value and not getattr(sp, name):
                setattr(sp, name, True)
                changed = True
        if sp.withdrawn_on is not None:
            sp.withdrawn_on = None
            sp.joined_on = joined_on or sp.joined_on
            changed = True
        if sp.joined_on is None and joined_on:
            sp.joined_on = joined_on
            changed = True
        if changed:
            sp.save()
            report.updated.append(sp.state_code)
        else:
            report.unchanged.append(sp.state_code)
    return report


def check_council_marks(resolution: Resolution, items: list[dict]) -> list[str]:
    """In HRC L-documents an asterisk marks a sponsor that is not a member of the
    Council. When a pasted list uses asterisks, flag the ones that disagree with the
    membership on the day the draft was tabled (a wrong paste, or a wrong date)."""
    day = resolution.tabled_on or resolution.acted_on
    if resolution.body != "HRC" or day is None or day.year not in HRC_YEARS:
        return []
    if not any(item["marked"] for item in items):
        return []
    members = {seat.state.iso3 for seat in hrc_members(day.year, on=day)}
    warnings = []
    for item in items:
        member = item["iso3"] in members
        if item["marked"] and member:
            warnings.append(f"{item['name']} is marked * but was a Council member on {day}")
        elif not item["marked"] and not member:
            warnings.append(f"{item['name']} is not marked * but was not a Council member on {day}")
    return warnings


def previous_positions(resolution: Resolution) -> dict[str, dict]:
    """What each state did on the previous resolution on the same subject (to plan
    outreach): {iso3: {"sponsor": bool, "core_group": bool, "vote": choice|None}}."""
    previous = resolution.previous
    if previous is None:
        return {}
    out: dict[str, dict] = {}
    for sp in previous.sponsorships.all():
        if sp.active:
            out[sp.state_code] = {"sponsor": True, "core_group": sp.core_group, "vote": None}
    vote = _main_vote(previous)
    if vote is not None:
        for cast in vote.casts.all():
            entry = out.setdefault(
                cast.state_code, {"sponsor": False, "core_group": False, "vote": None}
            )
            entry["vote"] = cast.choice
    return out


@transaction.atomic
def withdraw_sponsor(resolution: Resolution, state_code: str, *, on: dt.date) -> Sponsorship:
    try:
        sp = Sponsorship.objects.select_for_update().get(
            resolution=resolution, state_code=state_code
        )
    except Sponsorship.DoesNotExist:
        raise AdvocacyError(f"{state_code} is not a sponsor of {resolution}") from None
    sp.withdrawn_on = on
    sp.save(update_fields=["withdrawn_on"])
    return sp


# --- votes ------------------------------------------------------------------------


@transaction.atomic
def record_vote(
    resolution: Resolution,
    text: str,
    *,
    amendment: Amendment | None = None,
    held_on: dt.date | None = None,
    source: str = "",
    passed: bool | None = None,
) -> tuple[Vote, ImportReport]:
    """Store a recorded vote pasted as text. A state listed under two headings is a
    refusal (the text needs fixing), as is a text where no state could be read. The
    resolution's (or amendment's) outcome is set from the vote when still pending."""
    if amendment is not None and amendment.resolution_id != resolution.pk:
        raise AdvocacyError(f"{amendment} is not an amendment to {resolution}")
    parsed = parse_vote(text)
    double = [w for w in parsed["warnings"] if " is listed under " in w]
    if double:
        raise AdvocacyError("; ".join(double))
    sides = {
        VoteChoice.YES: parsed["yes"],
        VoteChoice.NO: parsed["no"],
        VoteChoice.ABSTAIN: parsed["abstain"],
        VoteChoice.ABSENT: parsed["absent"],
    }
    if not any(sides.values()):
        raise AdvocacyError("no state could be read from the vote")
    yes, no = len(sides[VoteChoice.YES]), len(sides[VoteChoice.NO])
    if passed is None:
        passed = yes > no
    vote = Vote.objects.create(
        resolution=resolution,
        amendment=amendment,
        held_on=held_on,
        passed=passed,
        source=source,
        raw_text=text,
    )
    VoteCast.objects.bulk_create(
        VoteCast(vote=vote, state_code=item["iso3"], choice=choice)
        for choice, items in sides.items()
        for item in items
    )
    target = amendment or resolution
    if target.outcome == Outcome.PENDING:
        target.outcome = Outcome.ADOPTED_BY_VOTE if passed else Outcome.REJECTED
        fields = ["outcome"]
        if amendment is None and held_on:
            resolution.acted_on = held_on
            fields.append("acted_on")
        target.save(update_fields=fields)
    report = ImportReport(
        added=[c.state_code for c in vote.casts.all()],
        others=parsed["others"],
        unresolved=parsed["unresolved"],
        warnings=[w for w in parsed["warnings"] if w not in double],
    )
    return vote, report


# --- ask statuses -------------------------------------------------------------------


@transaction.atomic
def set_status(
    ask: Ask,
    state_code: str,
    status: str,
    *,
    by=None,
    evidence: str = "",
    derived: bool = False,
    at: dt.datetime | None = None,
) -> AskStatus:
    """Set one state's status on an ask, keeping the history. No-op when unchanged."""
    validate_state_code(state_code)
    if status not in Status.values:
        raise AdvocacyError(f"unknown status {status!r}")
    at = at or timezone.now()
    row = AskStatus.objects.select_for_update().filter(ask=ask, state_code=state_code).first()
    before = row.status if row else ""
    if row and row.status == status and row.evidence == evidence and row.derived == derived:
        return row
    if row is None:
        row = AskStatus(ask=ask, state_code=state_code)
    row.status = status
    row.evidence = evidence
    row.derived = derived
    row.changed_by = by
    row.changed_at = at
    row.save()
    campaign_touch(ask.campaign_id)
    AskStatusChange.objects.create(
        ask_status=row,
        from_status=before,
        to_status=status,
        derived=derived,
        evidence=evidence,
        changed_by=by,
        changed_at=at,
    )
    return row


def _main_vote(resolution: Resolution) -> Vote | None:
    return resolution.votes.filter(amendment=None).order_by("-held_on", "-pk").first()


_VOTE_WORDS = {
    VoteChoice.YES: "voted in favour",
    VoteChoice.NO: "voted against",
    VoteChoice.ABSTAIN: "abstained",
    VoteChoice.ABSENT: "did not vote",
}


def derived_facts(kind: str, resolution: Resolution) -> dict[str, tuple[str, str]]:
    """What the resolution's record says, per state: {iso3: (status, evidence)}.

    Only facts are returned; states the record says nothing about are left out, and
    ``derive_statuses`` decides what absence means once the resolution is final."""
    facts: dict[str, tuple[str, str]] = {}
    symbol = resolution.symbol
    if kind in (AskKind.COSPONSOR, AskKind.CORE_GROUP):
        for sp in resolution.sponsorships.all():
            if kind == AskKind.CORE_GROUP and not sp.core_group:
                continue
            if sp.active:
                what = "core group" if kind == AskKind.CORE_GROUP else "co-sponsor"
                if sp.main_sponsor and kind == AskKind.COSPONSOR:
                    what = "main sponsor"
                since = f" since {sp.joined_on.isoformat()}" if sp.joined_on else ""
                facts[sp.state_code] = (Status.DONE, f"{what} of {symbol}{since}")
            else:
                facts[sp.state_code] = (
                    Status.NOT_DONE,
                    f"withdrew from {symbol} on {sp.withdrawn_on.isoformat()}",
                )
    elif kind == AskKind.VOTE_YES:
        vote = _main_vote(resolution)
        if vote is not None:
            for cast in vote.casts.all():
                status = Status.DONE if cast.choice == VoteChoice.YES else Status.NOT_DONE
                facts[cast.state_code] = (status, f"{_VOTE_WORDS[cast.choice]} on {symbol}")
    elif kind == AskKind.REJECT_AMENDMENTS:
        per_state: dict[str, list[tuple[str, str]]] = {}
        for amendment in resolution.amendments.filter(hostile=True).order_by("symbol"):
            vote = amendment.votes.order_by("-held_on", "-pk").first()
            if vote is None:
                continue
            for cast in vote.casts.all():
                per_state.setdefault(cast.state_code, []).append((amendment.symbol, cast.choice))
        for code, casts in per_state.items():
            ok = all(choice == VoteChoice.NO for _, choice in casts)
            evidence = "; ".join(f"{sym}: {_VOTE_WORDS[choice]}" for sym, choice in casts)
            facts[code] = (Status.DONE if ok else Status.NOT_DONE, evidence)
    return facts


_OPEN_STATUSES = {Status.NOT_ASKED, Status.ASKED, Status.CONSIDERING, Status.COMMITTED}


@transaction.atomic
def derive_statuses(campaign: Campaign, *, at: dt.datetime | None = None) -> list[dict]:
    """Bring the campaign's statuses in line with its resolution's record.

    The record wins over what was noted by hand (a state that "declined" but is on the
    sponsor list has done it). Once the resolution has been acted on, states still
    open on an ask the record could answer are set to "did not" (for a vote: only
    states that voted; a resolution adopted without a vote makes vote asks not
    applicable). Returns the changes made: [{ask, state, from, to, evidence}]."""
    resolution = campaign.resolution
    if resolution is None:
        return []
    at = at or timezone.now()
    changes: list[dict] = []
    for ask in campaign.asks.filter(kind__in=DERIVABLE_KINDS):
        facts = derived_facts(ask.kind, resolution)
        existing = {s.state_code: s for s in ask.statuses.all()}
        targets = dict(facts)
        if resolution.is_final:
            for code, row in existing.items():
                if code in facts or row.status not in _OPEN_STATUSES:
                    continue
                if ask.kind in (AskKind.COSPONSOR, AskKind.CORE_GROUP):
                    targets[code] = (
                        Status.NOT_DONE,
                        f"not among them when {resolution} was acted on",
                    )
                elif resolution.outcome == Outcome.ADOPTED_WITHOUT_VOTE:
                    targets[code] = (Status.NOT_APPLICABLE, f"{resolution} adopted without a vote")
        for code, (status, evidence) in targets.items():
            row = existing.get(code)
            if row and row.status == status and row.evidence == evidence and row.derived:
                continue
            before = row.status if row else ""
            set_status(ask, code, status, evidence=evidence, derived=True, at=at)
            changes.append(
                {"ask": ask.pk, "state": code, "from": before, "to": status, "evidence": evidence}
            )
    return changes


# --- scorecards ---------------------------------------------------------------------


def ask_universe(ask: Ask) -> list[State]:
    """The states an ask is about: for a vote at the Human Rights Council, the members
    in the year of the vote; otherwise every Member and observer State."""
    resolution = ask.campaign.resolution
    vote_kinds = (AskKind.VOTE_YES, AskKind.REJECT_AMENDMENTS)
    if resolution is not None and resolution.body == "HRC" and ask.kind in vote_kinds:
        day = resolution.acted_on or resolution.tabled_on
        if day and day.year in HRC_YEARS:
            return [seat.state for seat in hrc_members(day.year, on=day)]
    return list(all_states())


def scorecard_statuses(ask: Ask) -> dict[str, dict]:
    """{iso3: {"status", "evidence"}} for every state in the ask's universe."""
    rows = {r.state_code: r for r in ask.statuses.all()}
    out = {}
    for state in ask_universe(ask):
        row = rows.get(state.iso3)
        out[state.iso3] = {
            "status": row.status if row else Status.NOT_ASKED,
            "evidence": row.evidence if row else "",
        }
    return out


def campaign_summary(campaign: Campaign) -> list[dict]:
    """Per ask, how many states stand where (for a dashboard)."""
    summary = []
    for ask in campaign.asks.all():
        counts = dict.fromkeys(Status.values, 0)
        for item in scorecard_statuses(ask).values():
            counts[item["status"]] += 1
        summary.append({"ask": ask.pk, "kind": ask.kind, "text": str(ask), "counts": counts})
    return summary


def state_name(code: str, lang: str = "en") -> str:
    return get_state(code).name_in(lang)


# --- coordinator pages --------------------------------------------------------------


def campaign_touch(campaign_id: int) -> None:
    """Mark the campaign's public scorecard stale: cache keys carry the revision, so
    every process (and every cache backend) stops serving the old one at once."""
    Campaign.objects.filter(pk=campaign_id).update(revision=F("revision") + 1)


def resolution_touch(resolution: Resolution) -> list[dict]:
    """After the record of a resolution changed: derive the statuses of every campaign
    on it again and mark their scorecards stale. Returns the status changes."""
    changes: list[dict] = []
    for campaign in Campaign.objects.filter(resolution=resolution):
        changes += derive_statuses(campaign)
        campaign_touch(campaign.pk)
    return changes


RESOLUTION_FIELDS = (
    "symbol",
    "adopted_symbol",
    "title",
    "body",
    "session",
    "tabled_on",
    "acted_on",
    "outcome",
    "mandate",
    "mandate_years",
    "previous",
    "notes",
)


def _audit_resolution(resolution: Resolution, action: str, *, actor=None, before=None,
                      after=None) -> None:
    """A change of a resolution's record goes to the log of every letter whose campaign
    follows it (their scorecards print it)."""
    audit_record_letters(
        letter_ids=Campaign.objects.filter(resolution=resolution).values_list("letter_id",
                                                                              flat=True),
        action=action, object_type="resolution", object_id=resolution.symbol, actor=actor,
        before=before, after=after)


def _audit_campaign(campaign: Campaign, action: str, *, actor=None, object_id="",
                    before=None, after=None) -> None:
    audit_record(action=action, object_type="campaign", object_id=object_id or campaign.pk,
                 actor=actor, letter_id=campaign.letter_id, before=before, after=after)


@transaction.atomic
def resolution_save(*, resolution: Resolution | None = None, actor=None,
                    **fields) -> Resolution:
    """Create a resolution, or change one (its campaigns are derived again)."""
    unknown = set(fields) - set(RESOLUTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    created = resolution is None
    if created:
        resolution = Resolution(created_by=actor if getattr(actor, "is_authenticated", False)
                                else None)
    before = None if created else {name: str(getattr(resolution, name)) for name in fields}
    for name, value in fields.items():
        setattr(resolution, name, value)
    resolution.full_clean()
    resolution.save()
    resolution_touch(resolution)
    _audit_resolution(resolution, "resolution_created" if created else "resolution_changed",
                      actor=actor, before=before,
                      after={name: str(getattr(resolution, name)) for name in fields})
    return resolution


@transaction.atomic
def sponsors_import(resolution: Resolution, text: str, *, actor=None,
                    **kwargs) -> ImportReport:
    """``record_sponsors``, then the campaigns on the resolution follow the record."""
    report = record_sponsors(resolution, text, **kwargs)
    resolution_touch(resolution)
    _audit_resolution(resolution, "sponsors_recorded", actor=actor,
                      after={"added": report.added, "updated": report.updated})
    return report


@transaction.atomic
def vote_import(resolution: Resolution, text: str, *, actor=None,
                **kwargs) -> tuple[Vote, ImportReport]:
    """``record_vote``, then the campaigns on the resolution follow the record."""
    vote, report = record_vote(resolution, text, **kwargs)
    resolution_touch(resolution)
    _audit_resolution(resolution, "vote_recorded", actor=actor,
                      after={"amendment": vote.amendment.symbol if vote.amendment else "",
                             "passed": vote.passed, "states": len(report.added)})
    return vote, report


@transaction.atomic
def sponsor_withdraw(resolution: Resolution, state_code: str, *, on: dt.date,
                     actor=None) -> Sponsorship:
    """``withdraw_sponsor``, then the campaigns on the resolution follow the record."""
    sponsorship = withdraw_sponsor(resolution, state_code, on=on)
    resolution_touch(resolution)
    _audit_resolution(resolution, "sponsor_withdrawn", actor=actor,
                      after={"state": state_code, "on": str(on)})
    return sponsorship


@transaction.atomic
def amendment_create(
    resolution: Resolution,
    *,
    symbol: str,
    proposers_text: str = "",
    summary: str = "",
    hostile: bool = True,
    actor=None,
) -> tuple[Amendment, ImportReport]:
    """An amendment and the states proposing it (pasted; unresolved names reported)."""
    symbol = symbol.strip()
    if not symbol:
        raise AdvocacyError("an amendment needs a symbol")
    if resolution.amendments.filter(symbol=symbol).exists():
        raise AdvocacyError(f"{symbol} is already recorded")
    parsed = resolve_list(proposers_text)
    amendment = Amendment(
        resolution=resolution,
        symbol=symbol,
        proposers=[item["iso3"] for item in parsed["states"]],
        summary=summary,
        hostile=hostile,
    )
    amendment.full_clean()
    amendment.save()
    resolution_touch(resolution)
    _audit_resolution(resolution, "amendment_recorded", actor=actor,
                      after={"symbol": symbol, "proposers": list(amendment.proposers),
                             "hostile": hostile})
    report = ImportReport(
        added=list(amendment.proposers), others=parsed["others"], unresolved=parsed["unresolved"]
    )
    return amendment, report


def guess_ask_kind(text: str) -> str:
    """A first guess at the kind of a letter's ask, from its wording (the coordinator
    confirms it)."""
    folded = text.casefold()
    rules = (
        ("amendment", AskKind.REJECT_AMENDMENTS),
        ("consensus", AskKind.CONSENSUS),
        ("core group", AskKind.CORE_GROUP),
        ("sponsor", AskKind.COSPONSOR),
        ("in favour", AskKind.VOTE_YES),
        ("vote for", AskKind.VOTE_YES),
        ("negotiat", AskKind.ENGAGE),
        ("engage", AskKind.ENGAGE),
        ("statement", AskKind.JOIN_STATEMENT),
    )
    for needle, kind in rules:
        if needle in folded:
            return kind
    return AskKind.OTHER


@transaction.atomic
def campaign_create(
    *,
    name: str,
    slug: str | None,
    letter: Letter | None,
    resolution: Resolution | None,
    asks: list[tuple[str, str]],
    published: bool = False,
    by=None,
) -> Campaign:
    """A campaign carried by ``letter`` on ``resolution``, with its asks as
    ``[(text, kind)]``; statuses the resolution's record answers are derived at once."""
    campaign = Campaign(
        name=name,
        slug=slug or None,
        letter=letter,
        resolution=resolution,
        published=published,
        created_by=by,
    )
    campaign.full_clean()
    campaign.save()
    for text, kind in asks:
        if kind not in AskKind.values:
            raise AdvocacyError(f"unknown kind of ask {kind!r}")
        ask = Ask(campaign=campaign, kind=kind, text=text.strip()[:500])
        ask.full_clean()
        ask.save()
    derive_statuses(campaign)
    _audit_campaign(campaign, "campaign_created", actor=by,
                    after={"name": name, "resolution": resolution.symbol if resolution else "",
                           "published": published})
    return campaign


@transaction.atomic
def campaign_update(
    campaign: Campaign,
    *,
    name: str,
    slug: str | None,
    resolution: Resolution | None,
    published: bool,
    kinds: dict[int, str],
    actor=None,
) -> Campaign:
    """Rename, (un)publish, link another resolution, change the kinds of asks. Derived
    statuses of an ask whose kind changed are cleared, then derived again."""
    campaign.name, campaign.slug = name, slug or None
    campaign.resolution, campaign.published = resolution, published
    campaign.full_clean()
    campaign.save()
    for ask in campaign.asks.all():
        kind = kinds.get(ask.pk, ask.kind)
        if kind not in AskKind.values:
            raise AdvocacyError(f"unknown kind of ask {kind!r}")
        if kind != ask.kind:
            ask.kind = kind
            ask.save(update_fields=["kind"])
            ask.statuses.filter(derived=True).delete()
    derive_statuses(campaign)
    campaign_touch(campaign.pk)
    campaign.refresh_from_db()
    _audit_campaign(campaign, "campaign_changed", actor=actor,
                    after={"name": name, "resolution": resolution.symbol if resolution else "",
                           "published": published})
    return campaign


# Statuses a coordinator may type on the board.
BOARD_STATUSES = (
    Status.NOT_ASKED,
    Status.ASKED,
    Status.CONSIDERING,
    Status.COMMITTED,
    Status.DONE,
    Status.DECLINED,
    Status.NOT_DONE,
    Status.NOT_APPLICABLE,
)


@transaction.atomic
def status_record(ask: Ask, state_code: str, status: str, *, by, evidence: str = "") -> AskStatus:
    """A coordinator sets a state's status on an ask. Statuses that come from the
    resolution's record are not typed again: changing one is refused (correct the
    record instead)."""
    row = AskStatus.objects.select_for_update().filter(ask=ask, state_code=state_code).first()
    if row is not None and row.derived:
        raise AdvocacyError(
            f"{state_code}: this status comes from the record of the resolution ({row.evidence})"
        )
    before = row.status if row is not None else ""
    result = set_status(ask, state_code, status, by=by, evidence=evidence.strip()[:300])
    _audit_campaign(ask.campaign, "ask_status_set", actor=by,
                    object_id=f"{ask.campaign_id}/{ask.pk}/{state_code}",
                    before={"status": before}, after={"status": status})
    return result


@transaction.atomic
def outreach_add(
    campaign: Campaign,
    state_code: str,
    *,
    happened_on: dt.date,
    channel: str,
    contact: str = "",
    note: str,
    next_step: str = "",
    ask: Ask | None = None,
    by=None,
) -> OutreachLog:
    """A private note on a contact with a state's mission (never published, so the
    scorecard's revision is not touched)."""
    if ask is not None and ask.campaign_id != campaign.pk:
        raise AdvocacyError("that ask belongs to another campaign")
    entry = OutreachLog(
        campaign=campaign,
        state_code=state_code,
        happened_on=happened_on,
        channel=channel,
        contact=contact,
        note=note,
        next_step=next_step,
        ask=ask,
        author=by,
    )
    entry.full_clean()
    entry.save()
    _audit_campaign(campaign, "outreach_logged", actor=by,
                    object_id=f"{campaign.pk}/{state_code}",
                    after={"state": state_code, "channel": channel, "on": str(happened_on)})
    return entry
