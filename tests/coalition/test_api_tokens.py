"""The API with tokens: made on the coordinator's page, shown once, scoped, never more
than the owner's role, revocable; a partner's own form submits sign-ons that confirm by
email; reads and moderation as the role allows."""

import json

import pytest
from django.test import Client

from tests import mail
from tests.factories import make_letter
from undersigned.core.services import coordinator_create
from undersigned.integrations.models import ApiToken
from undersigned.letters import services
from undersigned.letters.models import LetterRole, Signature

pytestmark = pytest.mark.django_db(transaction=True)


def _client(name, **kw):
    user, _ = coordinator_create(username=name, password="p" * 20, **kw)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def _make_token(client, name, scopes, letter="", partner=""):
    r = client.post("/manage/integrations/tokens/", {"name": name, "scopes": scopes,
                                                     "letter": letter, "partner": partner})
    assert r.status_code == 200
    secret = r.context["secret"]
    assert secret and secret.startswith("us_") and secret in r.content.decode()
    assert secret not in client.get("/manage/integrations/tokens/").content.decode()
    assert not ApiToken.objects.filter(digest=secret).exists()  # only a hash is kept
    return secret


def _api(method, path, secret=None, body=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
    call = getattr(Client(), method)
    if body is None:
        return call(path, **headers)
    return call(path, data=json.dumps(body), content_type="application/json", **headers)


SIGNON = {"name": "API Partner Form Org", "country": "KE", "contact_name": "Api Person",
          "contact_email": "api.person@partner-form.example", "visibility": "publish"}


def test_a_partners_form_submits_a_signon_that_confirms_by_email():
    owner = _client("api-owner", admin=False)
    letter = make_letter(created_by=owner.user)
    services.partner_save(letter=letter, name="Partner Net", code="partner-net")
    partner = _client("partner-net-coord", admin=False)
    owner.post(f"/manage/letters/{letter.slug}/roles/", {
        "username": "partner-net-coord", "role": "partner", "partner": "partner-net"})
    # A partner coordinator can make a submit token for its own partner only.
    bad = partner.post("/manage/integrations/tokens/", {
        "name": "x", "scopes": ["submit"], "letter": letter.slug, "partner": "nope"})
    assert bad.context["secret"] is None
    secret = _make_token(partner, "our site form", ["submit"], letter.slug, "partner-net")
    assert _api("post", f"/api/letters/{letter.slug}/signons", None, SIGNON).status_code == 401
    r = _api("post", f"/api/letters/{letter.slug}/signons", secret, SIGNON)
    assert r.status_code == 202 and r.json()["status"] == "check-email"
    sig = Signature.objects.get(name="API Partner Form Org")
    assert sig.state == "pending" and sig.via.code == "partner-net"
    [confirm] = mail.links(mail.messages()[-1], "confirm")
    assert Client().post(confirm).status_code == 200
    sig.refresh_from_db()
    assert sig.state == "confirmed"
    # The same checks as the form: a bad email and markup are refused with field messages.
    r = _api("post", f"/api/letters/{letter.slug}/signons", secret,
             {**SIGNON, "contact_email": "not-an-email", "name": "<b>x</b>"})
    assert r.status_code == 400
    assert set(r.json()["errors"]) >= {"contact_email", "name"}
    # It may only submit: no reading, no moderating, no other letter.
    assert _api("get", f"/api/letters/{letter.slug}/signons", secret).status_code == 403
    assert _api("post", f"/api/signons/{sig.public_id}/approve", secret, {}).status_code == 403
    other = make_letter()
    assert _api("post", f"/api/letters/{other.slug}/signons", secret, SIGNON).status_code == 404


def test_tokens_read_and_moderate_as_the_role_allows_and_stop_when_revoked(settings):
    settings.SIGNON_RATE_PER_EMAIL = 100
    moderator = _client("api-moderator", admin=False)
    viewer = _client("api-viewer", admin=False)
    letter = make_letter()
    LetterRole.objects.create(letter=letter, user=moderator.user, role="moderator")
    LetterRole.objects.create(letter=letter, user=viewer.user, role="viewer")
    services.signature_submit(letter=letter, lang="en", verified=True, data=services.SignOn(
        name="Moderated Via API", contact_name="Secret Name", contact_email="s@api.example"))
    sig = Signature.objects.get()
    mod_secret = _make_token(moderator, "moderation", ["read", "manage"])
    view_secret = _make_token(viewer, "reading", ["read", "manage"])
    rows = _api("get", f"/api/letters/{letter.slug}/signons", mod_secret).json()
    assert rows[0]["contact_email"] == "s@api.example"
    rows = _api("get", f"/api/letters/{letter.slug}/signons", view_secret).json()
    assert rows[0]["name"] == "Moderated Via API" and rows[0]["contact_email"] == ""
    # A viewer's token cannot moderate, whatever its scopes say.
    assert _api("post", f"/api/signons/{sig.public_id}/approve", view_secret,
                {}).status_code == 404
    r = _api("post", f"/api/signons/{sig.public_id}/reject", mod_secret, {})
    assert r.status_code == 400 and "reason" in r.json()["detail"]
    r = _api("post", f"/api/signons/{sig.public_id}/approve", mod_secret, {})
    assert r.status_code == 200 and r.json()["status"] == "approved"
    assert sig.events.last().actor == moderator.user
    # A stranger's letter does not exist for either token.
    other = make_letter()
    assert _api("get", f"/api/letters/{other.slug}/signons", mod_secret).status_code == 404
    # Revoked: it stops at once.
    token = ApiToken.objects.get(user=moderator.user)
    moderator.post(f"/manage/integrations/tokens/{token.prefix}/revoke/")
    assert _api("get", f"/api/letters/{letter.slug}/signons", mod_secret).status_code == 401
    schema = Client().get("/api/openapi.json").json()
    assert "/api/letters/{slug}/signons" in schema["paths"]
