"""Reads for coordinator accounts: two-factor state, throttle limits, tracked sessions."""

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from undersigned.accounts.models import RecoveryCode, TwoFactorDevice, UserSession

VERIFIED_KEY = "accounts.2fa"
PROTECTED_PREFIXES = ("/manage/", "/admin/")

# --- two-factor ---------------------------------------------------------------------------


def twofactor_required() -> bool:
    return bool(getattr(settings, "UNDERSIGNED_REQUIRE_2FA", True))


def twofactor_device_confirmed(*, user) -> bool:
    return TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def twofactor_session_token(*, user) -> str:
    """What a verified session holds: the user and their current device, so resetting the
    device (a lost phone) un-verifies every session at once."""
    device = TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).only(
        "pk", "confirmed_at").first()
    if device is None:
        return ""
    return f"{user.pk}:{device.pk}:{device.confirmed_at.timestamp()}"


def session_twofactor_verified(*, request) -> bool:
    token = request.session.get(VERIFIED_KEY)
    return bool(token) and token == twofactor_session_token(user=request.user)


def twofactor_pending_url(*, request, next_url: str) -> str | None:
    """Where an authenticated user must go before ``next_url``: the verify page (whenever
    the user has a device), the setup page (no device yet, unless
    UNDERSIGNED_REQUIRE_2FA is off), or None when the session is verified."""
    if not request.user.is_authenticated or session_twofactor_verified(request=request):
        return None
    if twofactor_device_confirmed(user=request.user):
        name = "accounts:2fa-verify"
    elif twofactor_required():
        name = "accounts:2fa-setup"
    else:
        return None
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def recovery_codes_remaining(*, user) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


# --- throttles ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoginLimits:
    per_user: int
    per_ip: int
    window: int  # seconds


def login_limits() -> LoginLimits:
    return LoginLimits(
        per_user=int(getattr(settings, "UNDERSIGNED_LOGIN_LIMIT_PER_USER", 5)),
        per_ip=int(getattr(settings, "UNDERSIGNED_LOGIN_LIMIT_PER_IP", 20)),
        window=int(getattr(settings, "UNDERSIGNED_LOGIN_WINDOW", 15 * 60)),
    )


def username_key(username: str) -> str:
    """One counter for every spelling of a name (case, compatibility forms, spaces)."""
    return unicodedata.normalize("NFKC", username or "").strip().casefold()


# --- sessions -------------------------------------------------------------------------------


def session_cutoff() -> datetime:
    """Sessions created before this are past their lifetime."""
    return timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)


def usersession_list(*, user) -> QuerySet[UserSession]:
    return UserSession.objects.filter(user=user, created__gte=session_cutoff()).order_by(
        "-last_seen")


def session_key_hash(session_key: str | None) -> str:
    return hashlib.sha256(session_key.encode()).hexdigest() if session_key else ""


_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
             ("Chromium/", "Chromium"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"),
            ("Windows", "Windows"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"),
            ("Linux", "Linux"))


def user_agent_short(user_agent: str) -> str:
    """"Firefox, Linux" from a User-Agent header; the start of the header otherwise."""
    browser = next((name for token, name in _BROWSERS if token in user_agent), "")
    system = next((name for token, name in _SYSTEMS if token in user_agent), "")
    if browser or system:
        return ", ".join(part for part in (browser, system) if part)
    return re.sub(r"\s+", " ", user_agent)[:40]
