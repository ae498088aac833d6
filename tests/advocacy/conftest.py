"""The browser fixtures of tests/browser for the scorecard's browser test.

Importing ``browser`` itself would register a second session-scoped Playwright next to
the one tests/browser starts, and the Sync API refuses to run two at once in a thread
(``pytest tests`` failed in tests/browser). So ``page`` is imported and ``browser`` is
the same launch, scoped to the module, closed before tests/browser opens its own. The
lasting fix is one definition for both folders (see the report: ``pytest_plugins`` in
tests/conftest.py)."""

import os

import pytest

from tests.browser.conftest import CHROMIUM, page  # noqa: F401
from tests.conftest import need


@pytest.fixture(scope="module")
def browser():
    need(os.path.exists(CHROMIUM), f"chromium is not installed at {CHROMIUM} "
         "(apt-get install chromium)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-dev-shm-usage"],
        )
        yield launched
        launched.close()
