"""Fixtures for the security suites: the browser fixtures are shared with tests/browser."""

from tests.browser.conftest import browser, page  # noqa: F401
