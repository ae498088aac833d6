"""Fixtures shared by the whole suite."""

import os
from pathlib import Path

import pytest

pytest_plugins = ["tests.browser_fixtures"]

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("UNDERSIGNED_SHARED", REPO.parent / "shared"))
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def need(condition: bool, why: str) -> None:
    """Skip locally with a clear message; in CI a missing requirement is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {why}")
    pytest.skip(why)


@pytest.fixture
def shared_letter_path() -> Path:
    path = SHARED / "letters" / "hrc52-hrd-mandate.zh-Hant.txt"
    need(path.exists(), f"the shared letter is not at {path} (clone with ../shared beside it)")
    return path


@pytest.fixture(autouse=True)
def _mail_dir(settings, tmp_path):
    """Each test writes its mail (and its stored renders) to its own folder."""
    settings.MAIL_DIR = tmp_path / "mail"
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads and renders too
    settings.EMAIL_BACKEND = "undersigned.core.mail.VarMailBackend"
    settings.EMAIL_ECHO = False


@pytest.fixture(autouse=True)
def _tasks_run_at_commit(settings, request):
    """Background tasks run as soon as their transaction commits (the immediate backend),
    so a test sees the mail a request queued. Tests marked ``tasks_db`` keep the database
    queue and run real workers (tests/outbox)."""
    if not request.node.get_closest_marker("tasks_db"):
        settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    from undersigned.orgs import registry

    registry.reset()  # each test's database starts empty: so does the matcher index
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _second_factor_where_tested(settings, request):
    """Two-factor is required in production; tests of other things log in with the password
    alone (tests/accounts and the browser test turn the requirement back on)."""
    settings.UNDERSIGNED_REQUIRE_2FA = bool(request.node.get_closest_marker("two_factor"))
