from tests.fault.conftest import fresh_site  # noqa: F401 - fresh databases for worker tests
