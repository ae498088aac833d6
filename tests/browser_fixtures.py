"""Debian's chromium driven by Playwright. Every request a page makes is recorded; any that
is not to the test server fails the test (no CDN, fonts or analytics, ever).

A pytest plugin (tests/conftest.py lists it in ``pytest_plugins``), so every folder shares
one ``browser``: Playwright's sync API cannot run two at once in a thread."""

import os
import shutil
from urllib.parse import urlsplit

import pytest

from tests.conftest import need

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    need(os.path.exists(CHROMIUM), f"chromium is not installed at {CHROMIUM} "
         "(apt-get install chromium)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="zh-TW")
    page = context.new_page()
    foreign, console_errors = [], []
    server = urlsplit(live_server.url).netloc

    def on_request(request):
        url = urlsplit(request.url)
        if url.scheme in ("http", "https") and url.netloc != server:
            foreign.append(request.url)

    page.on("request", on_request)
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: console_errors.append(f"{r.status} {r.url}")
            if r.status == 404 else None)
    page.foreign_requests = foreign
    page.console_errors = console_errors
    yield page
    context.close()
    assert foreign == [], f"requests left the server: {foreign}"
    assert console_errors == [], f"console errors (CSP?): {console_errors}"
