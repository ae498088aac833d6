"""The coordinator's API tokens: make one (its secret shown once), see and revoke them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from undersigned.integrations import selectors, services
from undersigned.integrations.models import SCOPES
from undersigned.letters import permissions
from undersigned.letters import selectors as letter_selectors


def _letters(user):
    """The letters the user holds any role on (a partner coordinator's included)."""
    return (permissions.letters_for_user(user)
            | permissions.letters_for_user(user, permissions.PARTNER_VIEW)).distinct()


@login_required
def tokens(request):
    secret = None
    letters = _letters(request.user)
    if request.method == "POST":
        letter = letters.filter(slug=request.POST.get("letter", "")).first()
        partner = (letter_selectors.letter_partner(letter, request.POST.get("partner", ""))
                   if letter else None)
        try:
            if request.POST.get("partner", "").strip() and partner is None:
                raise services.TokenRefused(_("That letter has no partner with this "
                                              "referral code."))
            _token, secret = services.token_create(
                user=request.user, name=request.POST.get("name", ""),
                scopes=request.POST.getlist("scopes"), letter=letter, partner=partner)
        except services.TokenRefused as exc:
            messages.error(request, str(exc))
    return render(request, "integrations/tokens.html", {
        "tokens": selectors.tokens_of(request.user), "secret": secret, "scopes": SCOPES,
        "letters": letters})


@login_required
@require_POST
def token_revoke(request, prefix):
    token = selectors.tokens_of(request.user).filter(prefix=prefix).first()
    if token is None:
        raise Http404
    services.token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token no longer works."))
    return redirect("integrations:tokens")
