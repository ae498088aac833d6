"""Rate limits and throttles that count exactly across every server process.

Each counter is one row of ``core.RateCounter``, counted by an atomic upsert (INSERT ... ON
CONFLICT DO UPDATE ... RETURNING, which both SQLite and PostgreSQL have), so two gunicorn
workers or two machines on one database see one count: the N+1th attempt is refused
whichever process takes it. It needs no extra service (no Redis, no cache shared by
configuration) and stores only a keyed digest of what it counts. Used by sign-on limits,
"Is this you?" suggestions, login and two-factor throttles.

The client address comes from ``client_ip``: ``REMOTE_ADDR``, or, when that is one of
the ``TRUSTED_PROXIES``, the first address in ``X-Forwarded-For`` (read from the right)
that is not a trusted proxy. Without ``TRUSTED_PROXIES`` forwarded headers are ignored, so
nobody can choose their own address by sending one."""

import hmac
import ipaddress
import random
import time
from functools import lru_cache

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F

from undersigned.core.models import RateCounter

# One statement, atomic on both databases (the table's name is fixed in its Meta).
_UPSERT = (
    'INSERT INTO core_ratecounter ("key", "count", expires_at) VALUES (%s, 1, %s) '
    'ON CONFLICT ("key") DO UPDATE SET '
    '"count" = CASE WHEN core_ratecounter.expires_at <= %s THEN 1 '
    'ELSE core_ratecounter."count" + 1 END, '
    'expires_at = CASE WHEN core_ratecounter.expires_at <= %s THEN excluded.expires_at '
    'ELSE core_ratecounter.expires_at END RETURNING "count"')
CLEANUP_CHANCE = 0.002  # about one hit in 500 also deletes counters long expired


def _digest(scope: str, key: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{scope}\0{key}".encode(),
                    "sha256").hexdigest()


def hit(scope: str, key: str, *, window: int) -> int:
    """Count one hit for ``key`` in ``scope``; the number of hits in the current window
    (which starts at the first hit and lasts ``window`` seconds)."""
    now = time.time()
    with transaction.atomic(savepoint=False), connection.cursor() as cur:
        cur.execute(_UPSERT, [_digest(scope, key), now + window, now, now])
        count = cur.fetchone()[0]
    if random.random() < CLEANUP_CHANCE:  # noqa: S311 - not a secret
        RateCounter.objects.filter(expires_at__lt=now - 3600).delete()
    return count


def allow(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one hit; False once more than ``limit`` hits fell in the window (0 = no
    limit, nothing counted)."""
    if limit <= 0:
        return True
    return hit(scope, key, window=window) <= limit


def give_back(scope: str, key: str) -> None:
    """Take one hit back (an attempt that turned out right)."""
    RateCounter.objects.filter(key=_digest(scope, key), count__gt=0).update(
        count=F("count") - 1)


def reset(scope: str, key: str) -> None:
    RateCounter.objects.filter(key=_digest(scope, key)).delete()


@lru_cache(maxsize=8)
def _trusted(spec: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in spec
                 if item.strip())


def is_trusted_proxy(address: str) -> bool:
    networks = _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not networks:
        return False
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_ip(request) -> str:
    """The client's address: see the module docstring."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not is_trusted_proxy(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # a malformed header: the proxy's own address
    return remote
