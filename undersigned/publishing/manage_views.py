"""The coordinator's publishing page: what the next edition will contain and leave out,
and the choice to keep sign-on open or close it. The view parses input and calls
``selectors.edition_plan`` and ``services.edition_publish``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from undersigned.letters import permissions as perms
from undersigned.letters.services import letter_close_if_past_deadline
from undersigned.publishing.selectors import edition_plan
from undersigned.publishing.services import PlanChanged, PublishError, edition_publish

NAMES_SHOWN = 200  # names listed on the page for each group; the counts are always whole


@login_required
@require_http_methods(["GET", "POST"])
def publish_confirm(request, slug):
    letter = letter_close_if_past_deadline(perms.access_letter(request.user, slug, perms.PUBLISH))
    status = 200
    if request.method == "POST":
        keep_open = request.POST.get("sign_on") == "keep"
        withdraw = request.POST.get("withdraw_requested") == "1"
        try:
            edition, created = edition_publish(
                letter=letter, actor=request.user, close_sign_on=not keep_open,
                withdraw_requested=withdraw, expect=request.POST.get("plan", ""))
        except PlanChanged as exc:
            messages.warning(request, str(exc))
            status = 409
        except PublishError as exc:
            messages.error(request, str(exc))
            return redirect("letters:manage-letter", slug=letter.slug)
        else:
            if created:
                messages.success(request, _("Edition %(n)d is published.")
                                 % {"n": edition.number})
            else:
                messages.info(request, _("Nothing changed since edition %(n)d.")
                              % {"n": edition.number})
            if letter.status == "open" and keep_open:
                messages.info(request, _("Sign-on stays open; publish again to add the "
                                         "sign-ons that come in."))
            return redirect("letters:manage-letter", slug=letter.slug)
        letter.refresh_from_db()
    plan = edition_plan(letter, withdraw_requested=True)
    return render(request, "publishing/publish.html", {
        "letter": letter, "plan": plan, "limit": NAMES_SHOWN,
        "previous": plan.number - 1 if plan.number > 1 else None,
    }, status=status)
