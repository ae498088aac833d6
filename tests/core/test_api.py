"""The public API serves public data only."""

import pytest
from django.test import Client

from tests.factories import make_letter, signon
from undersigned.letters import services
from undersigned.letters.models import Signature
from undersigned.publishing.services import edition_publish

pytestmark = pytest.mark.django_db(transaction=True)


def test_api_lists_public_letters_and_named_signatories_only():
    letter = make_letter()
    make_letter(status="draft", slug="secret-draft")
    for data in (signon(name="Named Org", contact_email="named@private.example"),
                 signon(name="Hidden Org", publish_name=False,
                        contact_email="hidden@private.example"),
                 signon(name="Pending Org")):
        services.signature_submit(letter=letter, lang="en", data=data, verified=True)
    for sig in Signature.objects.exclude(name="Pending Org"):
        services.signature_approve(signature=sig, actor=None)
    edition_publish(letter=letter)
    client = Client()
    listing = client.get("/api/letters").json()
    assert [x["slug"] for x in listing] == [letter.slug]
    sigs = client.get(f"/api/letters/{letter.slug}/signatories").json()
    assert [s["name"] for s in sigs["signatories"]] == ["Named Org"]
    assert sigs["anonymous_count"] == 1
    edition = client.get(f"/api/letters/{letter.slug}/editions/1")
    assert edition.status_code == 200 and edition.json()["entries"][0]["name"] == "Named Org"
    everything = "".join(client.get(p).content.decode() for p in (
        "/api/letters", f"/api/letters/{letter.slug}/signatories",
        f"/api/letters/{letter.slug}/editions/1", "/api/openapi.json"))
    for secret in ("Hidden Org", "Pending Org", "private.example", "secret-draft"):
        assert secret not in everything
    assert client.get("/api/letters/secret-draft/signatories").status_code == 404
    assert client.get(f"/api/letters/{letter.slug}/editions/7").status_code == 404
