"""Retention of contact details, a person's copy of their data, and erasure."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import make_letter, signon
from undersigned.letters import services
from undersigned.letters.models import Signature
from undersigned.publishing.models import Edition
from undersigned.publishing.services import edition_publish

pytestmark = pytest.mark.django_db(transaction=True)


def _approved(letter, **kw):
    data = signon(**kw)
    services.signature_submit(letter=letter, lang="en", data=data, verified=True)
    sig = Signature.objects.get(letter=letter, name=data.name)
    services.signature_approve(signature=sig, actor=None)
    return sig


def test_contacts_deleted_after_the_retention_period(capsys):
    old, recent = make_letter(), make_letter()
    a = _approved(old, contact_email="a@old.example")
    b = _approved(recent, contact_email="b@recent.example")
    edition_publish(letter=old)
    edition_publish(letter=recent)
    Edition.objects.filter(letter=old).update(created_at=timezone.now() - timedelta(days=91))
    call_command("purge_contacts")
    assert f"{old.slug}: contact details of 1 sign-ons deleted" in capsys.readouterr().out
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.contact_email, a.contact_name, a.contact_email_hash) == ("", "", "")
    assert b.contact_email == "b@recent.example"
    assert a.state == "approved"  # the signature itself stays on the list


def test_copy_and_erasure_of_a_persons_data(capsys):
    letter = make_letter()
    sig = _approved(letter, name="Erasable Org", contact_email="me@erase.example",
                    contact_name="Dana Erase")
    edition_publish(letter=letter)
    call_command("contact_data", "ME@erase.example")
    copy = json.loads(capsys.readouterr().out)
    assert copy[0]["contact_name"] == "Dana Erase" and copy[0]["organisation"] == "Erasable Org"
    call_command("contact_data", "me@erase.example", "--erase")
    assert "1 sign-ons erased" in capsys.readouterr().out
    sig.refresh_from_db()
    assert sig.state == "withdrawn" and sig.contact_email == "" and sig.contact_name == ""
    latest = Edition.objects.filter(letter=letter).order_by("-number").first()
    assert latest.number == 2 and latest.changes["withdrawn"] == ["Erasable Org"]
    call_command("contact_data", "me@erase.example")
    assert json.loads(capsys.readouterr().out) == []
