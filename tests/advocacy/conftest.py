"""Advocacy tests: the browser fixtures (one shared Playwright) come from
tests/browser_fixtures.py, a plugin listed in tests/conftest.py."""
