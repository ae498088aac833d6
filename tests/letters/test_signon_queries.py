"""The queries one public sign-on makes, counted: the benchmark reports where a sign-on's time
goes, and this keeps the count from creeping up unnoticed. One read of the letter, one
transaction with the registry match, the writes below, and the queueing of its mail."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import form_data, make_letter

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks_db]

WRITES = ["INSERT core_ratecounter", "INSERT core_ratecounter",  # per address, per email
          "INSERT orgs_organization", "INSERT orgs_organizationname", "INSERT letters_signature",
          "INSERT letters_signatureevent", "INSERT audit_auditentry", "INSERT outbox_message",
          "INSERT django_tasks_database_dbtaskresult"]


def _writes(queries) -> list[str]:
    out = []
    for q in queries:
        m = re.match(r'(INSERT|UPDATE|DELETE)\s+(?:INTO\s+|FROM\s+)?"?(\w+)"?', q["sql"])
        if m:
            out.append(f"{m.group(1)} {m.group(2)}")
    return out


def test_a_signon_makes_these_queries():
    letter = make_letter(languages=("en",))
    client = Client()
    assert client.post(f"/{letter.slug}/en/", form_data()).status_code == 302  # warm
    with CaptureQueriesContext(connection) as queries:
        assert client.post(f"/{letter.slug}/en/", form_data()).status_code == 302
    assert _writes(queries.captured_queries) == WRITES
    # + the letter and its translations, the registry match, the active signature, the text
    # version (which gives the mail its title); one BEGIN/COMMIT for the rate counters and
    # the sign-on together (and the sign-on's savepoint); the advisory lock on PostgreSQL.
    expected = 18 if connection.vendor == "sqlite" else 19
    assert len(queries.captured_queries) == expected, [q["sql"][:80] for q in
                                                       queries.captured_queries]
