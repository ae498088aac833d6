"""The public scorecard of a campaign: a page, tile grids as SVG, CSV and JSON. Every
output is made from ``selectors.scorecard_document`` (or one ask's public statuses)
through ``public.py``, cached by campaign revision. Only published campaigns exist here."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from undersigned.advocacy import public, selectors
from undersigned.advocacy.models import Campaign
from undersigned.advocacy.reference import GROUPS


def public_campaign(request, key: str) -> Campaign:
    """The one accessor for a campaign on public pages: published ones, else 404."""
    campaign = selectors.public_campaign(key)
    if campaign is None:
        raise Http404
    return campaign


def _lang() -> str:
    return get_language() or "en"


def scorecard(request, key):
    campaign = public_campaign(request, key)
    group = request.GET.get("group", "")
    group = group if group in GROUPS or group == selectors.NO_GROUP else ""
    body = public.scorecard_html(campaign, _lang(), group)
    return render(request, "advocacy/scorecard.html", {
        "campaign": campaign, "body": mark_safe(body),  # noqa: S308 - rendered by our template
    })


def scorecard_svg(request, key, number):
    campaign = public_campaign(request, key)
    try:
        svg = public.scorecard_svg(campaign, _lang(), number)
    except IndexError:
        raise Http404 from None
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    return response


def scorecard_csv(request, key):
    campaign = public_campaign(request, key)
    response = HttpResponse(public.scorecard_csv(campaign, _lang()),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="scorecard-{campaign.public_key}.csv"'
    return response


def scorecard_json(request, key):
    campaign = public_campaign(request, key)
    return HttpResponse(public.scorecard_json(campaign, _lang()),
                        content_type="application/json; charset=utf-8")
