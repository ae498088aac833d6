"""The public scorecard's outputs (HTML fragment, SVG, CSV, JSON), each a function of
``selectors.scorecard_document`` or of one ask's public statuses, cached by campaign
revision: every status change bumps the revision (``services.campaign_touch``), so a
stale copy is never read again, whatever the cache backend or the number of processes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from html import escape

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import override

from undersigned.advocacy import selectors
from undersigned.advocacy.models import Campaign
from undersigned.advocacy.scorecard import ORDER, render_scorecard

CACHE_SECONDS = 24 * 3600
FORMATS = ("html", "csv", "json", "svg")


def cache_key(campaign: Campaign, lang: str, fmt: str, part: str = "") -> str:
    return f"advocacy:scorecard:{campaign.pk}:{campaign.revision}:{lang}:{fmt}:{part}"


def cached(campaign: Campaign, lang: str, fmt: str, build: Callable[[], str], part: str = ""):
    key = cache_key(campaign, lang, fmt, part)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CACHE_SECONDS)
    return value


def scorecard_html(campaign: Campaign, lang: str, group: str = "") -> str:
    """The body of the public page (everything but the site's header and footer), for
    every regional group or one."""

    def build():
        doc = selectors.scorecard_document(campaign, lang)
        with override(lang):
            return render_to_string("advocacy/_scorecard_body.html", {
                "doc": doc, "group": group, "tables": mark_safe(tables_html(doc, group)),  # noqa: S308
            })

    return cached(campaign, lang, "html", build, part=group)


def tables_html(doc: dict, group: str = "") -> str:
    """The state-by-state tables, one per regional group, in one escaped pass (the
    template engine takes several times as long over 195 x 10 cells)."""
    e = escape
    not_concerned = e(_("not concerned"))
    ask_heads = "".join(
        f'<th scope="col"><a href="#ask-{a["number"]}">'
        f"{e(_('Ask %(n)d') % {'n': a['number']})}</a></th>"
        for a in doc["asks"]
    )
    out: list[str] = []
    for g in doc["groups"]:
        if not g["states"] or (group and group != g["code"]):
            continue
        out.append(
            f'<table class="grid scorecard-table" data-group="{e(g["code"])}">'
            f"<caption>{e(g['label'])} ({len(g['states'])})</caption>"
            f'<thead><tr><th scope="col">{e(_("State"))}</th>{ask_heads}</tr></thead><tbody>'
        )
        for s in g["states"]:
            out.append(f'<tr data-state="{e(s["iso3"])}"><th scope="row">{e(s["name"])}</th>')
            for c in s["cells"]:
                if c is None:
                    out.append(f'<td class="st out" data-status="">'
                               f'<span class="muted">{not_concerned}</span></td>')
                    continue
                evidence = f"<br><small>{e(c['evidence'])}</small>" if c["evidence"] else ""
                out.append(
                    f'<td class="st st-{e(c["status"])}" data-status="{e(c["status"])}">'
                    f'<span aria-hidden="true">{e(c["symbol"])}</span> {e(c["label"])}'
                    f"{evidence}</td>"
                )
            out.append("</tr>")
        out.append("</tbody></table>")
    return "\n".join(out)


def scorecard_csv(campaign: Campaign, lang: str) -> str:
    def build():
        doc = selectors.scorecard_document(campaign, lang)
        out = io.StringIO()
        writer = csv.writer(out)
        with override(lang):
            head = [_("ISO code"), _("State"), _("Regional group")]
            for ask in doc["asks"]:
                head += [f"{ask['number']}. {ask['text']}", _("Evidence")]
            writer.writerow(head)
            for group in doc["groups"]:
                for state in group["states"]:
                    row = [state["iso3"], state["name"], group["label"]]
                    for cell in state["cells"]:
                        if cell is None:
                            row += ["", _("not concerned")]
                        else:
                            row += [cell["status"], cell["evidence"]]
                    writer.writerow([_safe_cell(v) for v in row])
        return out.getvalue()

    return cached(campaign, lang, "csv", build)


def _safe_cell(value: str) -> str:
    """No spreadsheet formula injection through a state name or a piece of evidence."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def scorecard_json(campaign: Campaign, lang: str) -> str:
    def build():
        doc = selectors.scorecard_document(campaign, lang)
        payload = {
            "campaign": doc["campaign"],
            "letter": doc["letter"],
            "resolution": doc["resolution"],
            "language": lang,
            "asks": [{k: a[k] for k in ("number", "kind", "kind_label", "text", "totals")}
                     for a in doc["asks"]],
            "statuses": {key: label for key, label in selectors.status_labels().items()},
            "states": [
                {
                    "iso3": s["iso3"],
                    "name": s["name"],
                    "group": g["code"] if g["code"] != selectors.NO_GROUP else None,
                    "asks": [
                        None if c is None else {"status": c["status"], "evidence": c["evidence"]}
                        for c in s["cells"]
                    ],
                }
                for g in doc["groups"]
                for s in g["states"]
            ],
        }
        return json.dumps(payload, ensure_ascii=False, indent=1)

    return cached(campaign, lang, "json", build)


def scorecard_svg(campaign: Campaign, lang: str, number: int) -> str:
    """The tile grid of one ask. IndexError when the campaign has no such ask."""

    def build():
        ask, statuses = selectors.scorecard_ask_statuses(campaign, number)
        with override(lang):
            labels = selectors.status_labels()
            title = f"{number}. {ask.text or ask.get_kind_display()}"
            subtitle = campaign.name
            if campaign.resolution:
                subtitle += f" · {campaign.resolution.symbol}"
            return render_scorecard(
                statuses, title=title[:120], subtitle=subtitle, lang=selectors.data_lang(lang),
                labels=labels, group_labels=selectors.group_labels(),
                legend=[k for k in ORDER], id_prefix=f"ask{number}")

    return cached(campaign, lang, "svg", build, part=str(number))
