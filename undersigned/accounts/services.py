"""Writes for coordinator accounts: two-factor devices and recovery codes, login and
verification throttles, and the tracked sessions."""

import hashlib
import hmac
import ipaddress
import secrets
from datetime import timedelta
from importlib import import_module

import pyotp
from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from undersigned.accounts import selectors
from undersigned.accounts.models import RecoveryCode, TwoFactorDevice, UserSession
from undersigned.audit.services import audit_record
from undersigned.core import ratelimit


class ServiceError(Exception):
    pass


RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
TOTP_VALID_WINDOW = 1  # one 30-second step either side, for clocks that drift

def _audit(user, action: str, *, actor=None, after=None) -> None:
    audit_record(action=action, object_type="account", object_id=user.get_username(),
                 actor=actor, after=after)


# --- two-factor ---------------------------------------------------------------------------


def _recovery_digest(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


def normalize_code(code: str) -> str:
    return "".join(ch for ch in code.strip().lower() if ch.isalnum())


def _recovery_codes_create(*, user) -> list[str]:
    """Replace the user's recovery codes with fresh ones; return them (shown once)."""
    RecoveryCode.objects.filter(user=user).delete()
    codes, rows = [], []
    for _i in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _j in range(10))
        salt = secrets.token_hex(16)
        rows.append(RecoveryCode(user=user, salt=salt, digest=_recovery_digest(salt, raw)))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    RecoveryCode.objects.bulk_create(rows)
    return codes


@transaction.atomic
def twofactor_setup_start(*, user, fresh: bool = True) -> TwoFactorDevice:
    """The pending (unconfirmed) device whose secret the setup page shows. Each setup
    attempt (``fresh``: the page shown anew) gets a new secret, so a secret seen once (a
    screen photographed, a page left open) is worth nothing later; the code typed on that
    page is checked against the secret it showed."""
    device = TwoFactorDevice.objects.select_for_update().filter(user=user).first()
    if device is not None and device.confirmed:
        raise ServiceError("two-factor authentication is already set up")
    if device is None or fresh:
        device = device or TwoFactorDevice(user=user)
        device.secret = pyotp.random_base32(32)
        device.full_clean()
        device.save()
        _audit(user, "twofactor_setup_started", actor=user)
    return device


def _totp_match(device: TwoFactorDevice, code: str) -> int | None:
    """The time step ``code`` is valid for (within the window), or None."""
    code = "".join(ch for ch in code if not ch.isspace())
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(device.secret)
    now = totp.timecode(timezone.now())
    for step in range(now - TOTP_VALID_WINDOW, now + TOTP_VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


@transaction.atomic
def twofactor_setup_confirm(*, user, code: str) -> list[str] | None:
    """Confirm the pending device with a code from the authenticator. Returns the new
    recovery codes (to show once), or None when the code is wrong."""
    device = TwoFactorDevice.objects.select_for_update().filter(user=user).first()
    if device is None or device.confirmed:
        raise ServiceError("no two-factor setup is pending")
    step = _totp_match(device, code)
    if step is None:
        return None
    device.confirmed_at = timezone.now()
    device.last_used_step = step
    device.save(update_fields=["confirmed_at", "last_used_step"])
    _audit(user, "twofactor_enabled", actor=user)
    return _recovery_codes_create(user=user)


@transaction.atomic
def twofactor_verify(*, user, code: str) -> str | None:
    """Check a TOTP code (each accepted once) or a recovery code (each usable once).
    Returns "totp", "recovery", or None."""
    device = TwoFactorDevice.objects.select_for_update().filter(
        user=user, confirmed_at__isnull=False).first()
    if device is None:
        return None
    step = _totp_match(device, code)
    if step is not None:
        if device.last_used_step is not None and step <= device.last_used_step:
            return None  # replayed, or older than a code already used
        device.last_used_step = step
        device.save(update_fields=["last_used_step"])
        return "totp"
    candidate = normalize_code(code)
    if len(candidate) != 10:
        return None
    for row in RecoveryCode.objects.filter(user=user, used_at__isnull=True):
        if hmac.compare_digest(row.digest, _recovery_digest(row.salt, candidate)):
            used = RecoveryCode.objects.filter(pk=row.pk, used_at__isnull=True).update(
                used_at=timezone.now())
            if used == 1:
                _audit(user, "recovery_code_used", actor=user)
            return "recovery" if used == 1 else None
    return None


@transaction.atomic
def recovery_codes_regenerate(*, user) -> list[str]:
    if not selectors.twofactor_device_confirmed(user=user):
        raise ServiceError("two-factor authentication is not set up")
    _audit(user, "recovery_codes_renewed", actor=user)
    return _recovery_codes_create(user=user)


@transaction.atomic
def twofactor_provision(user) -> tuple[str, list[str]] | None:
    """Give ``user`` a confirmed device (for the demo and for administrators setting up an
    account by hand). Returns the base32 secret and the recovery codes, or None (and
    changes nothing) when the user already has a confirmed device."""
    device = TwoFactorDevice.objects.select_for_update().filter(user=user).first()
    if device is not None and device.confirmed:
        return None
    if device is None:
        device = TwoFactorDevice(user=user)
    device.secret = pyotp.random_base32(32)
    device.confirmed_at = timezone.now()
    device.last_used_step = None
    device.full_clean()
    device.save()
    _audit(user, "twofactor_provisioned")
    return device.secret, _recovery_codes_create(user=user)


@transaction.atomic
def twofactor_reset(*, user) -> bool:
    """Remove the user's device and recovery codes (a lost phone): the next visit to the
    coordinator pages asks for a new setup. Also ends all the user's sessions."""
    deleted, _ = TwoFactorDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    usersession_end_all(user=user)
    _audit(user, "twofactor_reset")
    return bool(deleted)


def session_mark_verified(*, request) -> None:
    """Mark this session as past the second factor, under a new session key (the key
    used before the second step is not the key of the verified session)."""
    request.session.cycle_key()
    request.session[selectors.VERIFIED_KEY] = selectors.twofactor_session_token(user=request.user)


# --- throttles ------------------------------------------------------------------------------


def login_attempt_allow(*, username: str, ip: str) -> bool:
    """Count a login attempt before checking the password; False when the username or the
    client address used up its attempts in the window. Counting before checking means
    parallel guesses cannot slip past the limit; a success gives the attempt back. The
    counters are shared by every server process (``core.ratelimit``)."""
    limits = selectors.login_limits()
    user_count = ratelimit.hit("login-user", selectors.username_key(username),
                               window=limits.window)
    ip_count = ratelimit.hit("login-ip", ip, window=limits.window)
    return user_count <= limits.per_user and ip_count <= limits.per_ip


def login_attempt_succeeded(*, username: str, ip: str) -> None:
    ratelimit.reset("login-user", selectors.username_key(username))
    ratelimit.give_back("login-ip", ip)


def twofactor_attempt_allow(*, user) -> bool:
    limits = selectors.login_limits()
    return ratelimit.hit("2fa-user", str(user.pk), window=limits.window) <= limits.per_user


def twofactor_attempt_succeeded(*, user) -> None:
    ratelimit.reset("2fa-user", str(user.pk))


# --- sessions -------------------------------------------------------------------------------

TRACKED_KEY = "accounts.tracked"
LAST_SEEN_EVERY = timedelta(minutes=1)
_SEAL_SALT = "undersigned.accounts.session-seal"


def _key_hash(session_key: str) -> str:
    return hashlib.sha256(session_key.encode()).hexdigest()


def _keystream(nonce: str, length: int) -> bytes:
    out, block = b"", 0
    while len(out) < length:
        out += salted_hmac(_SEAL_SALT, f"{nonce}:{block}", algorithm="sha256").digest()
        block += 1
    return out[:length]


def _seal(session_key: str) -> str:
    """Encrypt the session key with a keystream from HMAC-SHA256 keyed by SECRET_KEY and a
    fresh nonce (a PRF in counter mode): the database alone never yields a session key."""
    data = session_key.encode()
    nonce = secrets.token_hex(16)
    stream = _keystream(nonce, len(data))
    return nonce + bytes(a ^ b for a, b in zip(data, stream, strict=True)).hex()


def _unseal(sealed: str) -> str | None:
    try:
        nonce, data = sealed[:32], bytes.fromhex(sealed[32:])
        plain = bytes(a ^ b for a, b in zip(data, _keystream(nonce, len(data)), strict=True))
        return plain.decode("ascii")
    except ValueError:  # includes UnicodeDecodeError: SECRET_KEY changed since
        return None


def _truncate_ip(ip: str) -> str:
    """The /24 of an IPv4 address, the /48 of an IPv6 one: enough to recognise a place,
    not a machine."""
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    if addr.version == 6 and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    prefix = 24 if addr.version == 4 else 48
    return str(ipaddress.ip_network(f"{addr}/{prefix}", strict=False))


def _store_delete(session_key: str | None) -> None:
    if session_key:
        import_module(settings.SESSION_ENGINE).SessionStore().delete(session_key)


def usersession_check(*, request) -> str | None:
    """Before the view: refuse a tracked session that was ended (or outlived the maximum
    age, counted from login), and note that it was seen. Returns the hash the session is
    tracked under, or None when it is not tracked (yet)."""
    session = request.session
    if not session.session_key or not request.user.is_authenticated:
        return None
    tracked = session.get(TRACKED_KEY)
    if tracked is None:
        return None
    now = timezone.now()
    row = UserSession.objects.filter(key_hash=tracked, user=request.user).first()
    if row is None or row.created < selectors.session_cutoff():
        if row is not None:
            row.delete()
        logout(request)  # flushes: the session is deleted from the store
        return None
    if row.last_seen < now - LAST_SEEN_EVERY:
        UserSession.objects.filter(pk=row.pk).update(last_seen=now)
    return tracked


def usersession_sync(*, request, tracked: str | None) -> None:
    """After the view: start tracking a session that just logged in, follow a session key
    that changed (login, second factor), forget a session that logged out."""
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    if session is None or (tracked is None and not session.session_key):
        return
    key = session.session_key
    if user is None or not user.is_authenticated or not key:
        if tracked:
            UserSession.objects.filter(key_hash=tracked).delete()
        return
    current = _key_hash(key)
    if tracked == current and session.get(TRACKED_KEY) == current:
        return
    with transaction.atomic():
        row = None
        if tracked:
            row = UserSession.objects.filter(key_hash=tracked, user=user).first()
            if row is None:
                UserSession.objects.filter(key_hash=tracked).delete()
        if row is None:
            row = UserSession.objects.filter(key_hash=current, user=user).first()
        now = timezone.now()
        if row is None:
            row = UserSession(user=user, created=now,
                              ip=_truncate_ip(ratelimit.client_ip(request)),
                              user_agent=request.META.get("HTTP_USER_AGENT", "")[:200])
        row.key_hash, row.key_sealed, row.last_seen = current, _seal(key), now
        row.twofactor_verified = bool(session.get(selectors.VERIFIED_KEY))
        row.full_clean()
        row.save()
    session[TRACKED_KEY] = current


def usersession_end(*, user, session_id: int) -> bool:
    """End one of the user's sessions: delete it from the session store and forget it."""
    row = UserSession.objects.filter(user=user, pk=session_id).first()
    if row is None:
        return False
    _store_delete(_unseal(row.key_sealed))
    row.delete()
    _audit(user, "session_ended", actor=user, after={"sessions": 1})
    return True


def usersession_end_others(*, user, current_session_key: str) -> int:
    current = _key_hash(current_session_key)
    ended = 0
    for row in UserSession.objects.filter(user=user).exclude(key_hash=current):
        _store_delete(_unseal(row.key_sealed))
        row.delete()
        ended += 1
    if ended:
        _audit(user, "sessions_ended", actor=user, after={"sessions": ended})
    return ended


def usersession_end_all(*, user) -> int:
    ended = 0
    for row in UserSession.objects.filter(user=user):
        _store_delete(_unseal(row.key_sealed))
        row.delete()
        ended += 1
    if ended:
        _audit(user, "sessions_ended", after={"sessions": ended})
    return ended


def usersession_prune(*, user) -> int:
    """Forget the user's sessions that are gone from the session store (a password change,
    an expiry, ``clearsessions``), and everybody's sessions past their lifetime."""
    usersession_purge_stale()
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    gone = [row.pk for row in UserSession.objects.filter(user=user)
            if not (key := _unseal(row.key_sealed)) or not store.exists(key)]
    UserSession.objects.filter(pk__in=gone).delete()
    return len(gone)


def usersession_purge_stale() -> int:
    """Forget sessions older than the session lifetime (``usersession_check`` refuses them,
    so they cannot be in use)."""
    deleted, _ = UserSession.objects.filter(created__lt=selectors.session_cutoff()).delete()
    return deleted
