"""Accounts for coordinators."""

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction


@transaction.atomic
def coordinator_create(*, username: str, email: str = "", password: str | None = None,
                       reset: bool = False, admin: bool = True) -> tuple[object, str | None]:
    """Create a coordinator (or, with reset, give an existing one a new password).
    An administrator may do everything on every letter; other coordinators only what their
    roles on a letter allow (they may create letters of their own).
    Returns the user and the password set, or None when nothing was set."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is not None and not reset:
        return user, None
    password = password or secrets.token_urlsafe(12)
    if user is None:
        user = User(username=username, email=email, is_staff=admin, is_superuser=admin)
    user.set_password(password)
    user.save()
    return user, password
