"""Reads for the delivery pages: the directory, which states a selection means, a
delivery's preview (one message per language) and its per-state statuses."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from undersigned.advocacy.models import AskStatus, Status
from undersigned.advocacy.reference import GROUPS, all_states, get_state
from undersigned.advocacy.resolver import resolve_list
from undersigned.advocacy.selectors import hrc_members_now
from undersigned.advocacy.services import ask_universe
from undersigned.delivery.models import Delivery, DeliveryMessage, Recipient
from undersigned.delivery.services import delivery_targets, message_text

SELECTIONS = ("all", "hrc", "group", "not_committed", "list")


def directory() -> list[dict]:
    """Every state with its directory row, by English name."""
    rows = {r.state_code: r for r in Recipient.objects.all()}
    out = [{"state": s, "recipient": rows.get(s.iso3)} for s in all_states()]
    out.sort(key=lambda item: item["state"].name)
    return out


def directory_counts() -> dict:
    rows = Recipient.objects.all()
    return {"states": len(all_states()), "geneva": rows.exclude(geneva_email="").count(),
            "new_york": rows.exclude(new_york_email="").count()}


def selection_states(*, kind: str, today: dt.date, group: str = "", campaign=None,
                     ask_id: int | None = None, text: str = "") -> tuple[list[str], list[str]]:
    """The ISO3 codes a selection means, in UN order, and the names in a pasted list that
    were not recognised."""
    if kind == "all":
        return [s.iso3 for s in all_states()], []
    if kind == "hrc":
        members = hrc_members_now(today) or set()
        return [s.iso3 for s in all_states() if s.iso3 in members], []
    if kind == "group":
        if group not in GROUPS:
            return [], []
        return [s.iso3 for s in all_states() if s.group == group], []
    if kind == "not_committed":
        if campaign is None:
            return [], []
        ask = campaign.asks.filter(pk=ask_id).first()
        if ask is None:
            return [], []
        ask.campaign = campaign
        done = set(AskStatus.objects.filter(
            ask=ask, status__in=[Status.COMMITTED, Status.DONE, Status.NOT_APPLICABLE])
            .values_list("state_code", flat=True))
        return [s.iso3 for s in ask_universe(ask) if s.iso3 not in done], []
    if kind == "list":
        parsed = resolve_list(text or "")
        order = {s.iso3: n for n, s in enumerate(all_states())}
        codes = sorted({item["iso3"] for item in parsed["states"]}, key=order.get)
        return codes, [u["as_written"] for u in parsed["unresolved"]]
    return [], []


def delivery_preview(*, edition, states: list[str], office: str) -> dict:
    """What a delivery would send: the targets, the states without an address, and one
    message per language (subject, body, attachment name) with how many go in it."""
    plan = delivery_targets(edition=edition, states=states, office=office)
    per_lang = Counter(t["lang"] for t in plan["targets"])
    letter = edition.letter
    samples = []
    for lang, count in sorted(per_lang.items(), key=lambda kv: (-kv[1], kv[0])):
        text = message_text(edition=edition, lang=lang, office=office)
        samples.append({**text, "count": count,
                        "states": [t["name"] for t in plan["targets"] if t["lang"] == lang],
                        "attachment": f"{letter.slug}-{edition.number}-{lang}.pdf"})
    return {**plan, "samples": samples}


def delivery_statuses(delivery: Delivery) -> dict:
    """Per state: language, address, status (queued, sent, failed, bounced, replied) and
    the server's answer or what came back; with counts per status."""
    rows = []
    for dm in DeliveryMessage.objects.filter(delivery=delivery).select_related("message"):
        status = dm.status
        detail = dm.outcome_detail if dm.outcome else dm.message.smtp_answer
        rows.append({"iso3": dm.state_code, "name": get_state(dm.state_code).name,
                     "lang": dm.lang, "email": dm.to_email, "status": status,
                     "detail": detail, "code": dm.message.smtp_code,
                     "sent_at": dm.message.sent_at, "outcome_at": dm.outcome_at})
    rows.sort(key=lambda r: r["name"])
    return {"rows": rows, "counts": dict(Counter(r["status"] for r in rows)),
            "merging": delivery.merged_at is None}


def letter_deliveries(letter):
    return Delivery.objects.filter(letter=letter).select_related("edition", "campaign")
