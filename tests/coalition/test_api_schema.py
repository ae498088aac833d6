"""Schemathesis: property-based requests generated from the API's own OpenAPI schema, sent
to the application (in process, through WSGI, on the test database) with and without a
token: no answer is a server error, every answer conforms to the schema, and no answer
without a token carries a private detail (a contact, an anonymous signatory)."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from tests.factories import make_letter
from undersigned.core.services import coordinator_create
from undersigned.integrations import services as tokens
from undersigned.letters import services
from undersigned.letters.models import LetterRole, Signature
from undersigned.publishing.services import edition_publish

SECRETS = ["hidden.contact@schema-probe.example", "Schema Hidden Collective",
           "Schema Contact Person", "open.contact@schema-probe.example"]


@pytest.fixture
def world(transactional_db, settings):
    settings.SIGNON_RATE_PER_IP = 0
    settings.SIGNON_RATE_PER_EMAIL = 0
    letter = make_letter(slug="schema-letter")
    for name, email, anonymous in (("Schema Open Org", SECRETS[3], False),
                                   (SECRETS[1], SECRETS[0], True)):
        services.signature_submit(letter=letter, lang="en", verified=True, data=services.SignOn(
            name=name, contact_name=SECRETS[2], contact_email=email,
            publish_name=not anonymous))
    for sig in Signature.objects.all():
        services.signature_approve(signature=sig, actor=None)
    edition_publish(letter=letter)
    user, _ = coordinator_create(username="schema-bot", password="q" * 20, admin=False)
    LetterRole.objects.create(letter=letter, user=user, role="moderator")
    _token, secret = tokens.token_create(user=user, name="schema", scopes=["read", "submit",
                                                                            "manage"])
    return secret


# The schema is read from the application itself (its /api/openapi.json), in process.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_schema_and_to_itself(case, world):
    cases = [case]
    if case.path_parameters and "slug" in case.path_parameters:  # the real letter too
        real = dict(case.path_parameters, slug="schema-letter")
        if "number" in real:
            real["number"] = 1
        cases.append(case.operation.Case(path_parameters=real, query=case.query,
                                         body=case.body, media_type=case.media_type))
    for one in cases:
        anonymous = one.call_and_validate()
        for secret in SECRETS:
            assert secret not in anonymous.text, f"{secret!r} in {one.method} {one.path}"
        one.call_and_validate(headers={"Authorization": f"Bearer {world}"})
