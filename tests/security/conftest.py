"""Security suites: the browser fixtures come from tests/browser_fixtures.py (a plugin)."""
