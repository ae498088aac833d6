"""Fixtures of the fault suite: fresh databases, dropped afterwards."""

import pytest

from tests.fault.support import Site


def pytest_configure(config):
    # Also registered in pyproject.toml; repeated here so the suite runs with --strict-markers
    # whatever the state of that file.
    config.addinivalue_line("markers", "fault: real servers and databases under load and SIGKILL")


@pytest.fixture
def fresh_site(tmp_path):
    """Make fresh databases: SQLite in a temporary UNDERSIGNED_VAR, or, when DATABASE_URL is
    set, a new PostgreSQL database on that server. All are dropped at the end."""
    made = []

    def make(label: str = "main", *, migrate: bool = True) -> Site:
        site = Site.create(tmp_path, label)
        made.append(site)
        if migrate:
            site.migrate()
        return site

    def clone(site: Site, label: str) -> Site:
        copy = site.clone(tmp_path, label)
        made.append(copy)
        return copy

    make.clone = clone
    yield make
    for site in reversed(made):
        site.destroy()
