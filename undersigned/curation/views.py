"""The coordinators' registry pages: the review queue of one letter (the whole registry
for administrators), merges, their undo, and "not the same". Organisations are reached
through ``letters.permissions.access_organization`` (404 unless visible to the user),
merges through ``curation.permissions.access_relink``."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from undersigned.curation import selectors, services
from undersigned.curation.permissions import access_relink
from undersigned.letters import permissions as perms
from undersigned.orgs import registry


def _threshold(request) -> float:
    try:
        value = float(request.GET.get("threshold", ""))
    except ValueError:
        return registry.match_threshold()
    return min(max(value, 0.3), 1.0)


@login_required
def review_queue(request, slug=None):
    if slug:
        letter = perms.access_letter(request.user, slug, perms.MODERATE)
    elif perms.is_admin(request.user):
        letter = None
    else:
        raise Http404
    threshold = _threshold(request)
    return render(request, "curation/duplicates.html", {
        "letter": letter, "threshold": threshold,
        "candidates": selectors.review_candidates(user=request.user, letter=letter,
                                                  threshold=threshold),
        "merges": selectors.letter_relinks(user=request.user, letter=letter),
    })


def _organization(request, field: str):
    try:
        public_id = uuid.UUID(str(request.POST.get(field, "")))
    except ValueError:
        raise Http404 from None
    return perms.access_organization(request.user, public_id)


def _back(request):
    nxt = request.POST.get("next", "")
    return redirect(nxt if nxt.startswith("/manage/") and "//" not in nxt
                    else "letters:manage-home")


@login_required
@require_POST
def merge(request):
    source, target = _organization(request, "source"), _organization(request, "target")
    try:
        outcome = services.organizations_merge(actor=request.user, source=source,
                                               target=target,
                                               reasons=request.POST.getlist("reason")[:20])
    except services.CurationRefused as exc:
        messages.error(request, str(exc))
    else:
        labels = {"a": outcome.relinks[0].source_label, "b": outcome.relinks[0].target_label
                  or request.POST.get("target_label", "")[:300]}
        messages.success(request, _("%(a)s is now listed as the same organisation as %(b)s "
                                    "on your letters.") % labels)
        if outcome.proposed:
            messages.info(request, _("It also signed letters you do not moderate: their "
                                     "coordinators are asked to merge it there."))
    return _back(request)


@login_required
@require_POST
def distinct(request):
    a, b = _organization(request, "a"), _organization(request, "b")
    try:
        services.organizations_mark_distinct(actor=request.user, a=a, b=b,
                                             reasons=request.POST.getlist("reason")[:20])
    except services.CurationRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Noted: these are not the same organisation."))
    return _back(request)


@login_required
@require_POST
def merge_undo(request, pk):
    relink = access_relink(request.user, pk)
    try:
        services.relink_undo(actor=request.user, relink=relink)
    except services.CurationRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The merge was undone."))
    return _back(request)
