"""The coordinator's API tokens: make one (its secret shown once), see and revoke them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from undersigned.integrations import selectors, services, webhooks
from undersigned.integrations.models import EVENTS, SCOPES, WebhookDelivery
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


@login_required
def letter_webhooks(request, slug):
    """A letter's webhooks and their delivery log (its owners)."""
    letter = permissions.access_letter(request.user, slug, permissions.MANAGE_ROLES)
    secret = None
    if request.method == "POST":
        try:
            if request.POST.get("delete"):
                hook = letter.webhooks.filter(pk=request.POST.get("delete")).first()
                if hook is None:
                    raise Http404
                webhooks.webhook_delete(webhook=hook, actor=request.user)
                messages.success(request, _("The webhook was deleted."))
                return redirect("integrations:webhooks", slug=letter.slug)
            _hook, secret = webhooks.webhook_create(
                letter=letter, url=request.POST.get("url", ""),
                events=request.POST.getlist("events"),
                private=bool(request.POST.get("private")), actor=request.user)
        except webhooks.WebhookRefused as exc:
            messages.error(request, str(exc))
    return render(request, "integrations/webhooks.html", {
        "letter": letter, "secret": secret, "events": EVENTS,
        "hooks": letter.webhooks.all(),
        "log": WebhookDelivery.objects.filter(webhook__letter=letter)
        .select_related("webhook")[:50]})
