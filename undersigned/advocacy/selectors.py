"""Reads for the advocacy pages: the coordinators' board, comparisons, the renewal
calendar, and the one public selector every public output (page, SVG, CSV, JSON) is made
from. ``scorecard_document`` reads no outreach note, no author and no typing history:
the public side cannot show what it never receives."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from functools import cache

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from undersigned.advocacy.models import (
    Ask,
    AskKind,
    AskStatus,
    AskStatusChange,
    Body,
    Campaign,
    OutreachLog,
    Resolution,
    Status,
    Vote,
    VoteChoice,
)
from undersigned.advocacy.reference import (
    GROUPS,
    HRC_YEARS,
    State,
    all_states,
    get_state,
    hrc_members,
)
from undersigned.advocacy.resolver import _fold
from undersigned.advocacy.scorecard import ORDER, STYLES
from undersigned.advocacy.services import ask_universe

NO_GROUP = "NONE"


def group_labels() -> dict[str, str]:
    """Regional group names, translated."""
    return {
        "AFRICAN": _("African States"),
        "APG": _("Asia-Pacific States"),
        "EEG": _("Eastern European States"),
        "GRULAC": _("Latin American and Caribbean States"),
        "WEOG": _("Western European and other States"),
        NO_GROUP: _("Not in a regional group"),
    }


def data_lang(lang: str) -> str:
    """A Django language code as the reference data spells it."""
    return {"zh-hant": "zh-Hant", "zh-hans": "zh-Hans"}.get(lang.lower(), lang)


def states_by_group(lang: str = "en") -> tuple[tuple[str, tuple[State, ...]], ...]:
    """Every state, by regional group in the UN's order, by name in ``lang`` inside."""
    return _states_by_group(data_lang(lang))


@cache
def _states_by_group(lang: str) -> tuple[tuple[str, tuple[State, ...]], ...]:
    out = []
    for group in [*GROUPS, NO_GROUP]:
        members = [s for s in all_states() if (s.group or NO_GROUP) == group]
        members.sort(key=lambda s: _fold(s.name_in(lang)))
        out.append((group, tuple(members)))
    return tuple(out)


def hrc_members_now(today: dt.date) -> set[str] | None:
    """ISO3 codes of the Council's members on ``today`` (None: year not recorded)."""
    if today.year not in HRC_YEARS:
        return None
    return {seat.state.iso3 for seat in hrc_members(today.year, on=today)}


# --- sessions and mandates -----------------------------------------------------------

# HRC: three regular sessions a year, numbered on from the 58th (February-April 2025).
HRC_BASE_YEAR, HRC_BASE_SESSION = 2025, 58
HRC_PARTS = ((2, 4), (6, 7), (9, 10))  # (first month, last month) of each regular session


def session_number(text: str) -> int | None:
    m = re.search(r"\d+", text or "")
    return int(m.group()) if m else None


def hrc_session_months(number: int) -> tuple[int, int, int]:
    """(year, first month, last month) of a regular HRC session."""
    offset = number - HRC_BASE_SESSION
    year, part = HRC_BASE_YEAR + offset // 3, offset % 3
    return year, *HRC_PARTS[part]


def ga_session_year(number: int) -> int:
    """The year a GA session opens (September) and acts on most resolutions."""
    return 1945 + number


def session_label(body: str, number: int) -> str:
    if body == Body.HRC:
        year, first, last = hrc_session_months(number)
        months = f"{date_format(dt.date(year, first, 1), 'F')}–" \
                 f"{date_format(dt.date(year, last, 1), 'F')} {year}"
        return _("HRC %(n)d (%(months)s)") % {"n": number, "months": months}
    return _("GA %(n)d (%(year)d)") % {"n": number, "year": ga_session_year(number)}


def upcoming_sessions(body: str, today: dt.date, count: int) -> list[int]:
    """The session running on ``today`` (or the next one) and the ``count - 1`` after."""
    if body == Body.HRC:
        n = HRC_BASE_SESSION + 3 * (today.year - HRC_BASE_YEAR)
        while True:
            year, _first, last = hrc_session_months(n)
            if (year, last) >= (today.year, today.month):
                break
            n += 1
    else:
        n = today.year - 1945  # the session that acts in the autumn of this year
    return list(range(n, n + count))


def next_renewal(resolution: Resolution) -> dict | None:
    """When the mandate a resolution created or renewed falls due again:
    ``{"body", "session", "label", "year"}``, or None without a mandate length."""
    number = session_number(resolution.session)
    if not resolution.mandate_years or number is None:
        return None
    body = Body.HRC if resolution.body == Body.HRC else resolution.body
    if body == Body.HRC:
        session = number + 3 * resolution.mandate_years
        year = hrc_session_months(session)[0]
    else:
        session = number + resolution.mandate_years
        year = ga_session_year(session)
    return {"body": body, "session": session, "label": session_label(body, session), "year": year}


def renewal_calendar(today: dt.date, *, sessions: int = 3) -> list[dict]:
    """Mandates whose renewal falls in the next ``sessions`` sessions of their body (the
    current one included), soonest first; a mandate already renewed by a later
    resolution (one whose ``previous`` it is) is left out."""
    renewed = set(
        Resolution.objects.exclude(previous=None).values_list("previous_id", flat=True)
    )
    upcoming = {
        body: upcoming_sessions(body, today, sessions) for body in (Body.HRC, Body.GA)
    }
    upcoming[Body.GA3] = upcoming[Body.GA]
    rows = []
    for resolution in Resolution.objects.exclude(mandate="").exclude(mandate_years=None):
        if resolution.pk in renewed:
            continue
        due = next_renewal(resolution)
        if due and due["session"] in upcoming[resolution.body]:
            rows.append({"resolution": resolution, **due})
    rows.sort(key=lambda r: (r["year"], r["body"], r["session"], r["resolution"].symbol))
    return rows


# --- comparing two resolutions -------------------------------------------------------


def main_vote(resolution: Resolution) -> Vote | None:
    return resolution.votes.filter(amendment=None).order_by("-held_on", "-pk").first()


def _vote_map(resolution: Resolution) -> dict[str, str]:
    vote = main_vote(resolution)
    return dict(vote.casts.values_list("state_code", "choice")) if vote else {}


def resolutions_compare(a: Resolution, b: Resolution, *, lang: str = "en") -> dict:
    """Co-sponsors and votes of ``a`` (earlier) and ``b`` side by side, per regional
    group: who sponsored both, who joined on ``b``, who left; how votes moved."""
    lang = data_lang(lang)
    sponsors_a = set(a.sponsorships.filter(withdrawn_on=None).values_list("state_code", flat=True))
    sponsors_b = set(b.sponsorships.filter(withdrawn_on=None).values_list("state_code", flat=True))
    votes_a, votes_b = _vote_map(a), _vote_map(b)
    choice_label = dict(VoteChoice.choices)
    labels = group_labels()
    groups = []
    for group, states in states_by_group(lang):
        row = {"code": group, "label": labels[group], "both": [], "joined": [], "left": [],
               "vote_changes": []}
        for state in states:
            code, name = state.iso3, state.name_in(lang)
            if code in sponsors_a and code in sponsors_b:
                row["both"].append(name)
            elif code in sponsors_b:
                row["joined"].append(name)
            elif code in sponsors_a:
                row["left"].append(name)
            va, vb = votes_a.get(code), votes_b.get(code)
            if (va or vb) and va != vb:
                row["vote_changes"].append({
                    "name": name,
                    "before": str(choice_label[va]) if va else _("no vote recorded"),
                    "after": str(choice_label[vb]) if vb else _("no vote recorded"),
                })
        if any(row[k] for k in ("both", "joined", "left", "vote_changes")):
            groups.append(row)
    totals = {
        "a": len(sponsors_a),
        "b": len(sponsors_b),
        "both": len(sponsors_a & sponsors_b),
        "joined": len(sponsors_b - sponsors_a),
        "left": len(sponsors_a - sponsors_b),
    }

    def tally(votes):
        counts = dict.fromkeys(VoteChoice.values, 0)
        for choice in votes.values():
            counts[choice] += 1
        return counts if votes else None

    return {"a": a, "b": b, "groups": groups, "totals": totals,
            "tally_a": tally(votes_a), "tally_b": tally(votes_b)}


# --- the coordinators' board -----------------------------------------------------------


def campaign_asks(campaign: Campaign) -> list[Ask]:
    asks = list(campaign.asks.all())
    for ask in asks:  # ask_universe reads the campaign's resolution: fetch it once
        ask.campaign = campaign
    return asks


def board(
    campaign: Campaign,
    *,
    lang: str = "en",
    group: str = "",
    hrc_only: bool = False,
    status: str = "",
    today: dt.date,
) -> dict:
    """States as rows, asks as columns, one cell per (state, ask) with its status,
    whether the record set it, who set it and when. Filters: regional group, Council
    member on ``today``, a status on any ask."""
    lang = data_lang(lang)
    asks = campaign_asks(campaign)
    universes = {ask.pk: {s.iso3 for s in ask_universe(ask)} for ask in asks}
    rows_by_key: dict[tuple[int, str], AskStatus] = {
        (r.ask_id, r.state_code): r
        for r in AskStatus.objects.filter(ask__campaign=campaign).select_related("changed_by")
    }
    members = hrc_members_now(today)
    labels = dict(Status.choices)
    labels_group = group_labels()
    groups = []
    for code, states in states_by_group(lang):
        if group and code != group:
            continue
        rows = []
        for state in states:
            member = members is not None and state.iso3 in members
            if hrc_only and not member:
                continue
            cells = []
            for ask in asks:
                row = rows_by_key.get((ask.pk, state.iso3))
                value = row.status if row else Status.NOT_ASKED
                cells.append({
                    "ask": ask,
                    "status": value,
                    "label": labels[value],
                    "derived": bool(row and row.derived),
                    "evidence": row.evidence if row else "",
                    "changed_by": row.changed_by if row else None,
                    "changed_at": row.changed_at if row else None,
                    "in_universe": state.iso3 in universes[ask.pk],
                })
            if status and not any(c["status"] == status for c in cells):
                continue
            rows.append({"state": state, "name": state.name_in(lang), "hrc": member,
                         "cells": cells})
        if rows:
            groups.append({"code": code, "label": labels_group[code], "rows": rows})
    totals = []
    for i, ask in enumerate(asks):
        counts: dict[str, int] = {}
        for g in groups:
            for row in g["rows"]:
                cell = row["cells"][i]
                if cell["in_universe"]:
                    counts[cell["status"]] = counts.get(cell["status"], 0) + 1
        totals.append({"ask": ask, "counts": [(value, labels[value], counts[value])
                                              for value in Status.values if counts.get(value)]})
    return {"asks": asks, "groups": groups, "hrc_known": members is not None,
            "count": sum(len(g["rows"]) for g in groups), "totals": totals}


def state_page(campaign: Campaign, state: State) -> dict:
    """One state in one campaign: its status on each ask with the history, and the
    private outreach log (coordinators only)."""
    asks = campaign_asks(campaign)
    statuses = {
        r.ask_id: r
        for r in AskStatus.objects.filter(ask__campaign=campaign, state_code=state.iso3)
        .select_related("changed_by")
    }
    history = defaultdict(list)
    for change in (
        AskStatusChange.objects.filter(
            ask_status__ask__campaign=campaign, ask_status__state_code=state.iso3
        )
        .select_related("changed_by", "ask_status")
        .order_by("-changed_at", "-pk")
    ):
        history[change.ask_status.ask_id].append(change)
    items = []
    for ask in asks:
        row = statuses.get(ask.pk)
        items.append({
            "ask": ask,
            "row": row,
            "status": row.status if row else Status.NOT_ASKED,
            "derived": bool(row and row.derived),
            "in_universe": state.iso3 in {s.iso3 for s in ask_universe(ask)},
            "history": history.get(ask.pk, []),
        })
    outreach = (
        OutreachLog.objects.filter(campaign=campaign, state_code=state.iso3)
        .select_related("author", "ask")
    )
    return {"items": items, "outreach": list(outreach)}


def campaign_lookup(key: str) -> Campaign | None:
    """A campaign by public address or identifier (published or not)."""
    query = Q(slug=key)
    if re.fullmatch(r"[0-9a-fA-F-]{32,36}", key):
        query |= Q(public_id=key)
    return Campaign.objects.filter(query).select_related("resolution", "letter").first()


# --- the public scorecard ----------------------------------------------------------------


def public_campaign(key: str) -> Campaign | None:
    """The one way public pages reach a campaign: published ones only."""
    campaign = campaign_lookup(key)
    return campaign if campaign is not None and campaign.published else None


def status_labels() -> dict[str, str]:
    return {key: str(label) for key, label in Status.choices}


def scorecard_document(campaign: Campaign, lang: str) -> dict:
    """Everything the public scorecard shows, in ``lang``, as plain data. Reads asks,
    statuses (status and evidence only), the resolution and the letter's title."""
    from undersigned.letters.selectors import letter_title

    with override(lang):
        names_lang = data_lang(lang)
        labels = status_labels()
        asks = campaign_asks(campaign)
        values = {
            (ask_id, code): (status, evidence)
            for ask_id, code, status, evidence in AskStatus.objects.filter(
                ask__campaign=campaign
            ).values_list("ask_id", "state_code", "status", "evidence")
        }
        universes = {ask.pk: {s.iso3 for s in ask_universe(ask)} for ask in asks}
        kinds = dict(AskKind.choices)
        doc_asks = [
            {"number": n, "kind": ask.kind, "kind_label": str(kinds[ask.kind]),
             "text": ask.text or str(kinds[ask.kind]), "totals": dict.fromkeys(Status.values, 0)}
            for n, ask in enumerate(asks, 1)
        ]
        columns = [(ask.pk, universes[ask.pk], doc_ask["totals"])
                   for ask, doc_ask in zip(asks, doc_asks, strict=True)]
        symbols = {key: style.symbol for key, style in STYLES.items()}
        unknown = (str(Status.NOT_ASKED), "")
        groups = []
        labels_group = group_labels()
        for group_code, states in states_by_group(names_lang):
            rows = []
            for state in states:
                cells = []
                code = state.iso3
                for ask_id, universe, totals in columns:
                    if code not in universe:
                        cells.append(None)
                        continue
                    status, evidence = values.get((ask_id, code), unknown)
                    totals[status] += 1
                    cells.append({"status": status, "label": labels[status],
                                  "symbol": symbols[status], "evidence": evidence})
                rows.append({"iso3": state.iso3, "iso2": state.iso2,
                             "name": state.name_in(names_lang), "cells": cells})
            groups.append({"code": group_code, "label": labels_group[group_code],
                           "states": rows})
        for doc_ask in doc_asks:
            doc_ask["summary"] = "; ".join(
                f"{labels[key]} {doc_ask['totals'][key]}" for key in ORDER if doc_ask["totals"][key])
        resolution = campaign.resolution
        return {
            "campaign": {"name": campaign.name, "key": campaign.public_key},
            "letter": {"title": letter_title(campaign.letter, lang)} if campaign.letter else None,
            "resolution": {
                "symbol": resolution.symbol,
                "adopted_symbol": resolution.adopted_symbol,
                "title": resolution.title,
                "body": resolution.body,
                "session": resolution.session,
                "outcome": resolution.outcome,
                "outcome_label": str(resolution.get_outcome_display()),
            } if resolution else None,
            "asks": doc_asks,
            "groups": groups,
            "legend": [{"status": k, "label": labels[k], "symbol": STYLES[k].symbol,
                        "fill": STYLES[k].fill, "text": STYLES[k].text} for k in STYLES],
            "lang": lang,
        }


def scorecard_ask_statuses(campaign: Campaign, number: int) -> tuple[Ask, dict[str, dict]]:
    """The statuses behind the SVG of the campaign's ``number``-th ask (1-based).
    IndexError when there is no such ask."""
    asks = campaign_asks(campaign)
    if number < 1:
        raise IndexError(number)
    ask = asks[number - 1]
    values = dict(
        (code, (status, evidence))
        for code, status, evidence in ask.statuses.values_list("state_code", "status", "evidence")
    )
    out = {}
    for state in ask_universe(ask):
        status, evidence = values.get(state.iso3, (Status.NOT_ASKED, ""))
        out[state.iso3] = {"status": status, "evidence": evidence}
    return ask, out


def state_or_none(code: str) -> State | None:
    try:
        state = get_state(code)
    except KeyError:
        return None
    return state if state.iso3 == code.upper() else None
