"""Browser tests: the fixtures come from tests/browser_fixtures.py (a plugin)."""
