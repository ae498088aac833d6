"""Every change leaves an entry; the log cannot be changed; no contact detail is in it."""

import pytest
from django.test import Client

from tests.factories import form_data, make_letter
from undersigned.audit.models import AppendOnly, AuditEntry
from undersigned.core.services import coordinator_create
from undersigned.letters import services
from undersigned.letters.models import Signature

pytestmark = pytest.mark.django_db(transaction=True)


def test_changes_are_logged_with_actor_before_and_after():
    user, _ = coordinator_create(username="auditor", password="long-enough-pass-1")
    letter = make_letter()
    Client().post(f"/{letter.slug}/en/", form_data(name="Logged Org",
                                                   contact_email="private@logged.example",
                                                   contact_name="Private Person"))
    sig = Signature.objects.get()
    services.signature_reject(signature=sig, actor=user, reason="duplicate")
    services.letter_close(letter=letter, actor=user)
    actions = list(AuditEntry.objects.filter(letter_id=letter.pk).values_list("action", flat=True))
    for expected in ("letter_created", "text_changed", "letter_status", "signature_submitted",
                     "signature_rejected"):
        assert expected in actions
    rejected = AuditEntry.objects.get(action="signature_rejected")
    assert rejected.actor == user and rejected.actor_label == "auditor"
    assert rejected.before == {"state": "pending"}
    assert rejected.after["state"] == "rejected" and rejected.after["reason"] == "duplicate"
    closed = AuditEntry.objects.filter(action="letter_status").first()
    assert closed.after == {"status": "closed"}
    everything = repr(list(AuditEntry.objects.values()))
    assert "private@logged.example" not in everything and "Private Person" not in everything

    client = Client()
    client.force_login(user)
    page = client.get(f"/manage/letters/{letter.slug}/audit/").content.decode()
    assert "Sign-on rejected" in page and "auditor" in page
    # Readable changes, never raw dicts or codes.
    assert "Status: Pending email confirmation → Rejected" in page
    assert "Reason: duplicate" in page and "Status: Open for sign-on → Closed" in page
    assert "{&#x27;" not in page and "signature_rejected" not in page
    french = client.get(f"/manage/letters/{letter.slug}/audit/",
                        HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Inscription refusée" in french or "Statut" in french
    assert Client().get(f"/manage/letters/{letter.slug}/audit/").status_code == 302


def test_log_is_append_only():
    make_letter()
    entry = AuditEntry.objects.first()
    entry.action = "forged"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.all().update(action="forged")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.all().delete()
    assert not AuditEntry.objects.filter(action="forged").exists()
