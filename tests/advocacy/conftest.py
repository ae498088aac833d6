"""Advocacy tests: the ``browser`` and ``page`` fixtures come from tests/browser_fixtures.py
(a plugin listed in tests/conftest.py), shared with every folder."""
