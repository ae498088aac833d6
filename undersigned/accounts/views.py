"""Login, two-factor setup and verification, the account page and the sessions page.
The views parse input and call services; the rules live in services and selectors."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from undersigned.accounts import qr, selectors, services
from undersigned.accounts.forms import CodeForm, ThrottledAuthenticationForm


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def twofactor_verified_required(view):
    """login_required, and a session past the second factor (unless 2FA is turned off)."""
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        pending = selectors.twofactor_pending_url(request=request,
                                                  next_url=request.get_full_path())
        if pending is not None:
            return redirect(pending)
        return view(request, *args, **kwargs)
    return wrapped


class ThrottledLoginView(LoginView):
    """The login page: counted attempts (see ThrottledAuthenticationForm), then straight
    on to the second factor."""

    template_name = "accounts/login.html"
    form_class = ThrottledAuthenticationForm

    def get_success_url(self):
        url = super().get_success_url()
        return selectors.twofactor_pending_url(request=self.request, next_url=url) or url


@never_cache
@login_required
def twofactor_setup(request):
    if selectors.twofactor_device_confirmed(user=request.user):
        return redirect(selectors.twofactor_pending_url(request=request,
                                                        next_url=_next_url(request))
                        or _next_url(request))
    device = services.twofactor_setup_start(user=request.user,
                                            fresh=request.method != "POST")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not services.twofactor_attempt_allow(user=request.user):
            form.add_error("code", _("Too many wrong codes. Please wait a few minutes and "
                                     "try again."))
        else:
            codes = services.twofactor_setup_confirm(user=request.user,
                                                     code=form.cleaned_data["code"])
            if codes is None:
                form.add_error("code", _("This code is not right. Check that the time on "
                                         "your phone is correct, and enter the current code."))
            else:
                services.twofactor_attempt_succeeded(user=request.user)
                services.session_mark_verified(request=request)
                return render(request, "accounts/recovery_codes.html",
                              {"codes": codes, "next": _next_url(request), "first": True})
    uri = qr.otpauth_uri(secret=device.secret, username=request.user.get_username())
    return render(request, "accounts/twofactor_setup.html", {
        "form": form, "secret": qr.format_secret(device.secret), "qr": qr.qr_svg_data_uri(uri),
        "next": _next_url(request)})


@never_cache
@login_required
def twofactor_verify(request):
    next_url = _next_url(request)
    if not selectors.twofactor_device_confirmed(user=request.user):
        return redirect(selectors.twofactor_pending_url(request=request, next_url=next_url)
                        or next_url)
    if selectors.session_twofactor_verified(request=request):
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not services.twofactor_attempt_allow(user=request.user):
            form.add_error("code", _("Too many wrong codes. Please wait a few minutes and "
                                     "try again."))
        else:
            kind = services.twofactor_verify(user=request.user, code=form.cleaned_data["code"])
            if kind is None:
                form.add_error("code", _("This code is not right, or was already used."))
            else:
                services.twofactor_attempt_succeeded(user=request.user)
                services.session_mark_verified(request=request)
                if kind == "recovery":
                    left = selectors.recovery_codes_remaining(user=request.user)
                    messages.warning(request, ngettext(
                        "You used a recovery code; %(count)d is left. Make new ones on your "
                        "account page.",
                        "You used a recovery code; %(count)d are left. Make new ones on your "
                        "account page.", left) % {"count": left})
                return redirect(next_url)
    return render(request, "accounts/twofactor_verify.html", {"form": form, "next": next_url})


@never_cache
@twofactor_verified_required
def account_home(request):
    return render(request, "accounts/home.html", {
        "has_device": selectors.twofactor_device_confirmed(user=request.user),
        "codes_left": selectors.recovery_codes_remaining(user=request.user),
        "session_count": selectors.usersession_list(user=request.user).count(),
    })


@never_cache
@require_POST
@twofactor_verified_required
def recovery_codes_new(request):
    try:
        codes = services.recovery_codes_regenerate(user=request.user)
    except services.ServiceError:
        return redirect("accounts:home")
    return render(request, "accounts/recovery_codes.html",
                  {"codes": codes, "next": resolve_url("accounts:home"), "first": False})


@never_cache
@twofactor_verified_required
def session_list(request):
    services.usersession_prune(user=request.user)
    current = selectors.session_key_hash(request.session.session_key)
    rows = [{"id": row.pk, "created": row.created, "last_seen": row.last_seen, "ip": row.ip,
             "browser": selectors.user_agent_short(row.user_agent),
             "verified": row.twofactor_verified, "current": row.key_hash == current}
            for row in selectors.usersession_list(user=request.user)]
    return render(request, "accounts/sessions.html", {"sessions": rows})


@require_POST
@twofactor_verified_required
def session_end(request, session_id: int):
    current = selectors.session_key_hash(request.session.session_key)
    own = selectors.usersession_list(user=request.user).filter(pk=session_id,
                                                                key_hash=current).exists()
    if own:
        logout(request)
        return redirect("login")
    if services.usersession_end(user=request.user, session_id=session_id):
        messages.success(request, _("The session was ended."))
    return redirect("accounts:sessions")


@require_POST
@twofactor_verified_required
def session_end_others(request):
    ended = services.usersession_end_others(user=request.user,
                                            current_session_key=request.session.session_key)
    messages.success(request, ngettext("%(count)d other session was ended.",
                                       "%(count)d other sessions were ended.", ended)
                     % {"count": ended})
    return redirect("accounts:sessions")
