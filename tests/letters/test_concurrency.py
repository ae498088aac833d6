"""Simultaneous sign-ons for one organisation make one signature (the database says so)."""

import threading

import pytest
from django.db import IntegrityError, connection, connections

from tests.factories import make_letter, signon
from undersigned.letters import services
from undersigned.letters.models import DuplicateSignOn, Signature
from undersigned.orgs.models import Organization

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_signons_for_one_organisation_make_one_signature():
    letter = make_letter()
    barrier = threading.Barrier(6)
    errors = []

    def submit(i):
        try:
            barrier.wait()
            services.signature_submit(letter=letter, lang="en", data=signon(
                name="Simultaneous Coalition", contact_email=f"p{i}@sim.example"))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Organization.objects.filter(normalized_name="simultaneous coalition").count() == 1
    assert Signature.objects.filter(letter=letter, active=True).count() == 1
    assert DuplicateSignOn.objects.count() == 5


def test_database_refuses_a_second_active_signature():
    letter = make_letter()
    services.signature_submit(letter=letter, lang="en", data=signon(name="Only Once"))
    sig = Signature.objects.get()
    sig.pk = None
    sig.public_id = None
    import uuid

    sig.public_id = uuid.uuid4()
    with pytest.raises(IntegrityError):
        sig.save()
    assert connection.vendor in {"sqlite", "postgresql"}
