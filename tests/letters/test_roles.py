"""Roles per letter: each page checks the role through one accessor; without it, the same
404 as for a letter that does not exist."""

import pytest
from django.test import Client

from tests.factories import form_data, publish_through_page
from undersigned.core.services import coordinator_create
from undersigned.letters import services
from undersigned.letters.models import LetterRole, Signature

pytestmark = pytest.mark.django_db(transaction=True)


def _client(username, *, admin=False):
    user, _ = coordinator_create(username=username, password="long-enough-pass-1", admin=admin)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def _paths(letter, sig):
    return {
        "view": [f"/manage/letters/{letter.slug}/", f"/manage/letters/{letter.slug}/signatures/",
                 f"/manage/signatures/{sig.public_id}/", f"/manage/letters/{letter.slug}/audit/"],
        "translate": [f"/manage/letters/{letter.slug}/text/fr/",
                      f"/manage/letters/{letter.slug}/names/fr/"],
        "edit": [f"/manage/letters/{letter.slug}/text/en/"],
        "moderate": [f"/manage/import/letters/{letter.slug}/signons/",
                     f"/manage/registry/duplicates/{letter.slug}/"],
        "roles": [f"/manage/letters/{letter.slug}/roles/"],
    }


def test_each_role_sees_and_does_only_what_it_may():
    owner = _client("owner")
    letter = services.letter_create(slug="ours", source_lang="en", languages=["en", "fr"],
                                    title="Ours", created_by=owner.user)
    services.letter_open(letter=letter, accept_incomplete=True)
    Client().post("/ours/en/", form_data(name="Someone Signed", contact_email="s@hidden.example"))
    sig = Signature.objects.get()
    expected = {
        "viewer": {"view"}, "translator": {"view", "translate"},
        "moderator": {"view", "moderate"}, "editor": {"view", "translate", "edit"},
        "owner": {"view", "translate", "edit", "moderate", "roles"},
    }
    clients = {"owner": owner}
    for role in ("viewer", "translator", "moderator", "editor"):
        clients[role] = _client(role)
        owner.post("/manage/letters/ours/roles/", {"username": role, "role": role})
    assert LetterRole.objects.count() == 5
    for role, client in clients.items():
        for kind, paths in _paths(letter, sig).items():
            for path in paths:
                status = client.get(path).status_code
                assert (status == 200) == (kind in expected[role]), (role, path, status)
    # Only a moderator (or owner) approves; a translator's attempt is a 404 and changes nothing.
    assert clients["translator"].post(
        f"/manage/signatures/{sig.public_id}/approve/").status_code == 404
    sig.refresh_from_db()
    assert sig.state == "pending"
    clients["moderator"].post(f"/manage/signatures/{sig.public_id}/approve/")
    sig.refresh_from_db()
    assert sig.state == "approved"
    # Only owners and editors publish.
    assert clients["moderator"].get("/manage/letters/ours/publish/").status_code == 404
    assert clients["moderator"].post("/manage/letters/ours/publish/").status_code == 404
    assert clients["moderator"].post("/manage/letters/ours/status/publish/").status_code == 404
    publish_through_page(clients["editor"], "ours")
    letter.refresh_from_db()
    assert letter.status == "published"


def test_a_coordinator_of_one_letter_cannot_see_or_guess_another():
    alice = _client("alice")
    bob = _client("bob")
    a = services.letter_create(slug="alices", source_lang="en", languages=["en"], title="A",
                               created_by=alice.user)
    services.letter_open(letter=a)
    Client().post("/alices/en/", form_data(name="Alice Signatory",
                                           contact_email="private@alice.example"))
    sig = Signature.objects.get()
    home = bob.get("/manage/").content.decode()
    assert "alices" not in home
    for path in ("/manage/letters/alices/", "/manage/letters/alices/signatures/",
                 f"/manage/signatures/{sig.public_id}/", "/manage/letters/alices/audit/",
                 "/manage/letters/nonexistent/", "/manage/registry/duplicates/"):
        response = bob.get(path)
        assert response.status_code == 404, path
        assert b"private@alice.example" not in response.content
    assert bob.post(f"/manage/signatures/{sig.public_id}/reject/",
                    {"reason": "x"}).status_code == 404
    assert "alices" in alice.get("/manage/").content.decode()
    # Bob's own letter is his.
    bob.post("/manage/letters/new/", {"letter-slug": "bobs", "letter-source_lang": "en",
                                      "text-title": "B"})
    assert bob.get("/manage/letters/bobs/").status_code == 200
    assert alice.get("/manage/letters/bobs/").status_code == 404
    # An administrator sees both.
    admin = _client("root", admin=True)
    assert admin.get("/manage/letters/alices/").status_code == 200
    assert admin.get("/manage/registry/duplicates/").status_code == 200


def test_a_letter_keeps_an_owner():
    owner = _client("solo")
    letter = services.letter_create(slug="solo", source_lang="en", languages=["en"],
                                    title="S", created_by=owner.user)
    response = owner.post("/manage/letters/solo/roles/", {"username": "solo", "role": "viewer"},
                          follow=True)
    assert "at least one owner" in response.content.decode()
    assert LetterRole.objects.get(letter=letter).role == "owner"


def test_campaigns_follow_the_roles_of_their_letter():
    from undersigned.advocacy import services as advocacy

    owner = _client("campaigner")
    outsider = _client("outsider")
    letter = services.letter_create(slug="camp", source_lang="en", languages=["en"],
                                    title="Camp", asks=["co-sponsor"], created_by=owner.user)
    campaign = advocacy.campaign_create(name="Camp", slug="camp", letter=letter,
                                        resolution=None, published=False,
                                        asks=[("co-sponsor", "cosponsor")], by=owner.user)
    assert owner.get(f"/manage/advocacy/campaigns/{campaign.pk}/").status_code == 200
    assert outsider.get(f"/manage/advocacy/campaigns/{campaign.pk}/").status_code == 404
    assert f"/manage/advocacy/campaigns/{campaign.pk}/" not in outsider.get(
        "/manage/advocacy/").content.decode()
