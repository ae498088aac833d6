"""The coordinators' registry pages: the duplicate review queue, merges and their undo."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from undersigned.letters import permissions as perms
from undersigned.letters.models import Letter, Signature
from undersigned.orgs import registry, selectors, services
from undersigned.orgs.models import Organization, OrganizationMerge


def _threshold(request) -> float:
    try:
        value = float(request.GET.get("threshold", ""))
    except ValueError:
        return registry.match_threshold()
    return min(max(value, 0.3), 1.0)


def _may_curate(user, organizations) -> bool:
    """Administrators curate the whole registry; a letter's moderators the organisations
    that signed it."""
    if perms.is_admin(user):
        return True
    letters = Signature.objects.filter(organization__in=organizations).values("letter_id")
    return any(perms.MODERATE in perms.letter_permissions(user, letter)
               for letter in Letter.objects.filter(pk__in=letters))


@login_required
def review_queue(request, slug=None):
    if slug:
        letter = perms.access_letter(request.user, slug, perms.MODERATE)
    elif perms.is_admin(request.user):
        letter = None
    else:
        raise Http404
    organizations = None
    if letter is not None:
        organizations = list(Organization.objects.filter(
            pk__in=Signature.objects.filter(letter=letter).values("organization_id")))
    threshold = _threshold(request)
    candidates = selectors.duplicate_candidates(organizations=organizations, threshold=threshold)
    return render(request, "manage/duplicates.html", {
        "letter": letter, "candidates": candidates, "threshold": threshold,
        "merges": OrganizationMerge.objects.select_related("source", "target")[:50],
    })


def _organization(value) -> Organization:
    try:
        public_id = uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None
    return get_object_or_404(Organization, public_id=public_id)


def _pair(request):
    return _organization(request.POST.get("a")), _organization(request.POST.get("b"))


def _back(request):
    nxt = request.POST.get("next", "")
    return redirect(nxt if nxt.startswith("/manage/") else "orgs:duplicates")


@login_required
@require_POST
def merge(request):
    source, target = _pair(request)
    if not _may_curate(request.user, [source, target]):
        raise Http404
    try:
        services.organization_merge(source=source, target=target, actor=request.user,
                                    reasons=request.POST.getlist("reason"))
    except services.MergeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(a)s was merged into %(b)s.")
                         % {"a": source.primary_name, "b": target.primary_name})
    return _back(request)


@login_required
@require_POST
def distinct(request):
    a, b = _pair(request)
    if not _may_curate(request.user, [a, b]):
        raise Http404
    try:
        services.organization_mark_distinct(a=a, b=b, actor=request.user,
                                            reasons=request.POST.getlist("reason"))
    except services.MergeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Noted: %(a)s and %(b)s are not the same.")
                         % {"a": a.primary_name, "b": b.primary_name})
    return _back(request)


@login_required
@require_POST
def merge_undo(request, pk):
    merge_row = get_object_or_404(OrganizationMerge, pk=pk)
    if not _may_curate(request.user, [merge_row.source, merge_row.target]):
        raise Http404
    try:
        services.organization_merge_undo(merge=merge_row, actor=request.user)
    except services.MergeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The merge was undone."))
    return _back(request)
