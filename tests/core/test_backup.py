"""Backup and restore round trip: every row of every table comes back."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import make_letter, signon
from undersigned.letters import services
from undersigned.letters.models import Letter, Signature

pytestmark = pytest.mark.django_db(transaction=True)


def _all_rows() -> dict:
    out = {}
    for model in apps.get_models():
        out[model._meta.label] = sorted(
            (repr(sorted(row.items())) for row in model.objects.values()), key=str)
    return out


def test_backup_restore_round_trip(tmp_path):
    letter = make_letter()
    for i in range(5):
        services.signature_submit(letter=letter, lang="en", data=signon(
            name=f"Backed Up Org {i}", publish_name=bool(i % 2)))
    before = _all_rows()
    path = tmp_path / "db.backup"
    call_command("backup", "-o", str(path))
    assert path.stat().st_size > 0

    Signature.objects.filter(name="Backed Up Org 1").update(name="changed")
    make_letter(slug="after-backup")
    assert _all_rows() != before

    call_command("restore", str(path), "--yes")
    after = _all_rows()
    assert after == before
    assert not Letter.objects.filter(slug="after-backup").exists()
    assert Signature.objects.get(name="Backed Up Org 1").contact_email.endswith(".example")


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    bogus = tmp_path / "not-a-backup"
    bogus.write_text("hello")
    with pytest.raises(CommandError):
        call_command("restore", str(bogus), "--yes")
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "missing"), "--yes")
