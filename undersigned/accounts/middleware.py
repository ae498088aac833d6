"""Two middlewares, placed after AuthenticationMiddleware (session tracking first):

- SessionTrackingMiddleware keeps a ``UserSession`` row per logged-in session, refuses a
  session that was ended elsewhere or outlived SESSION_COOKIE_AGE since login, and
  forgets the row at logout.
- RequireTwoFactorMiddleware sends a logged-in user whose session has not passed the
  second factor from the coordinator pages (/manage/, /admin/) to the verify page, or to
  the setup page when the user has no device yet. It also sends /admin/login/ to the one
  throttled login page."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from undersigned.accounts import selectors, services


class SessionTrackingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tracked = services.usersession_check(request=request)
        response = self.get_response(request)
        services.usersession_sync(request=request, tracked=tracked)
        return response


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(selectors.PROTECTED_PREFIXES):
            if path.startswith("/admin/login/") and not request.user.is_authenticated:
                next_url = request.GET.get("next") or "/admin/"
                return redirect(f"{reverse('login')}?{urlencode({'next': next_url})}")
            pending = selectors.twofactor_pending_url(request=request,
                                                      next_url=request.get_full_path())
            if pending is not None:
                return redirect(pending)
        return self.get_response(request)
