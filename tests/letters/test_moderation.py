"""Moderating 170 sign-ons: the list stays where it was after each action, selected rows
are approved or rejected with one confirmation, and field limits are the same in the
browser as on the server."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from tests import mail
from tests.factories import form_data, make_letter, signon
from undersigned.audit.models import AuditEntry
from undersigned.core.services import coordinator_create
from undersigned.letters import services
from undersigned.letters.forms import LIMITS
from undersigned.letters.models import Signature, SignatureEvent, SignatureState

pytestmark = pytest.mark.django_db


@pytest.fixture
def coord():
    user, _ = coordinator_create(username="mod", password="a-long-passphrase-7")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def letter():
    letter = make_letter()
    for i in range(60):
        services.signature_submit(letter=letter, lang="en", verified=True,
                                  data=signon(name=f"Group {i:02d} for Rights"))
    return letter


def _row_ids(html: str) -> list[str]:
    return re.findall(r'<tr id="sig-([0-9a-f-]{36})">', html)


def test_after_approving_the_list_stays_on_its_filter_page_and_row(coord, letter):
    url = f"/manage/letters/{letter.slug}/signatures/"
    page = coord.get(url, {"state": "confirmed", "page": "2"}).content.decode()
    rows = _row_ids(page)
    assert len(rows) == 10  # 60 confirmed, 50 a page
    response = coord.post(f"/manage/signatures/{rows[3]}/approve/",
                          {"state": "confirmed", "page": "2", "then": rows[4]})
    target = urlsplit(response["Location"])
    assert target.path == url and "state=confirmed" in target.query and "page=2" in target.query
    assert response["Location"].endswith(f"#sig-{rows[4]}")
    assert Signature.objects.get(public_id=rows[3]).state == SignatureState.APPROVED
    # A reject keeps the search too; a forged "back" cannot send the browser elsewhere.
    response = coord.post(f"/manage/signatures/{rows[5]}/reject/",
                          {"reason": "not an organisation", "q": "Group", "page": "x//evil",
                           "state": "https://evil.example", "then": "javascript:alert(1)"})
    assert response["Location"] == f"{url}?q=Group#results"


def test_bulk_approve_asks_once_then_approves_every_selected_row(coord, letter):
    url = f"/manage/letters/{letter.slug}/signatures/"
    rows = _row_ids(coord.get(url, {"state": "confirmed"}).content.decode())[:12]
    bulk = f"/manage/letters/{letter.slug}/signatures/bulk/"
    confirm = coord.post(bulk, {"action": "approve", "ids": rows, "state": "confirmed"})
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Approve these 12 sign-ons?" in page and page.count('name="ids"') == 12
    assert not Signature.objects.filter(state=SignatureState.APPROVED).exists()
    done = coord.post(bulk, {"action": "approve", "ids": rows, "confirm": "1",
                             "state": "confirmed"})
    assert "state=confirmed" in done["Location"]
    assert Signature.objects.filter(state=SignatureState.APPROVED).count() == 12
    # One history row and one audit entry per sign-on, as one by one.
    assert SignatureEvent.objects.filter(action="approved").count() == 12
    assert AuditEntry.objects.filter(action="signature_approved").count() == 12
    # Approving them again skips each, saying why, and changes nothing.
    again = coord.post(bulk, {"action": "approve", "ids": rows[:2], "confirm": "1"},
                       follow=True).content.decode()
    assert "0 sign-ons approved." in again and "not changed" in again


def test_bulk_reject_needs_a_reason_and_keeps_it_in_each_history(coord, letter):
    bulk = f"/manage/letters/{letter.slug}/signatures/bulk/"
    rows = [str(s.public_id) for s in Signature.objects.filter(letter=letter)[:3]]
    refused = coord.post(bulk, {"action": "reject", "ids": rows, "confirm": "1"}, follow=True)
    assert "Give a reason" in refused.content.decode()
    assert not Signature.objects.filter(state=SignatureState.REJECTED).exists()
    coord.post(bulk, {"action": "reject", "ids": rows, "reason": "spam wave", "confirm": "1"})
    rejected = Signature.objects.filter(state=SignatureState.REJECTED)
    assert rejected.count() == 3
    assert {s.events.last().reason for s in rejected} == {"spam wave"}


def test_bulk_acts_only_on_the_letter_and_only_for_moderators(coord, letter):
    other = make_letter()
    services.signature_submit(letter=other, lang="en", verified=True,
                              data=signon(name="Other Letter Group"))
    theirs = Signature.objects.get(letter=other)
    coord.post(f"/manage/letters/{letter.slug}/signatures/bulk/",
               {"action": "approve", "ids": [str(theirs.public_id)], "confirm": "1"})
    theirs.refresh_from_db()
    assert theirs.state == SignatureState.CONFIRMED
    viewer, _ = coordinator_create(username="viewer-only", password="a-long-passphrase-8",
                                   admin=False)
    services.letter_role_set(letter=letter, user=viewer, role="viewer")
    client = Client()
    client.force_login(viewer)
    ids = [str(s.public_id) for s in Signature.objects.filter(letter=letter)[:2]]
    assert client.post(f"/manage/letters/{letter.slug}/signatures/bulk/",
                       {"action": "approve", "ids": ids, "confirm": "1"}).status_code == 404
    page = client.get(f"/manage/letters/{letter.slug}/signatures/").content.decode()
    assert 'id="bulk"' not in page and ">Approve<" not in page and 'name="ids"' not in page


def test_the_browser_is_told_the_limits_the_server_keeps():
    letter = make_letter()
    page = Client().get(f"/{letter.slug}/en/").content.decode()
    for field, limit in LIMITS.items():
        tag = re.search(rf'<input[^>]*name="{field}"[^>]*>', page).group(0)
        assert f'maxlength="{limit}"' in tag, tag
        too_long = form_data(**{field: "x" * (limit + 1) if field != "contact_email"
                                else "a" * (limit - 9) + "@x.example"})
        response = Client().post(f"/{letter.slug}/en/", too_long)
        assert response.status_code == 400, field
    ok = form_data(name="N" * LIMITS["name"])
    assert Client().post(f"/{letter.slug}/en/", ok).status_code == 302


def test_a_failed_sign_on_lists_its_errors_at_the_top_linked_to_the_fields():
    letter = make_letter()
    response = Client().post(f"/{letter.slug}/fr/", form_data(name="", contact_email="nope"))
    assert response.status_code == 400
    page = response.content.decode()
    summary = page[page.index('class="error-summary"'):page.index("</div>",
                                                                    page.index("error-summary"))]
    assert page.index('class="error-summary"') < page.index('<article class="letter"')
    assert 'href="#id_name"' in summary and 'href="#id_contact_email"' in summary
    assert "data-focus" in summary and 'tabindex="-1"' in summary
    # Each field points at its own message.
    assert re.search(r'<input[^>]*aria-describedby="[^"]*id_name_error[^"]*"[^>]*name="name"|'
                     r'<input[^>]*name="name"[^>]*aria-describedby="[^"]*id_name_error', page)
    assert 'id="id_name_error"' in page


@pytest.mark.django_db(transaction=True)
def test_links_lead_somewhere_and_a_second_confirmation_says_it_is_done():
    letter = make_letter()
    Client().post(f"/{letter.slug}/fr/", form_data(name="Groupe Deux Clics"))
    [confirm] = mail.links(mail.messages()[-1], "confirm")
    [withdraw] = mail.links(mail.messages()[-1], "withdraw")
    assert Client().post(confirm).status_code == 200
    again = Client().get(confirm)
    assert again.status_code == 200
    page = again.content.decode()
    assert again.headers["Content-Language"] == "fr" or 'lang="fr"' in page
    assert "Groupe Deux Clics" in page and f'href="/{letter.slug}/fr/"' in page
    assert Client().post(confirm).status_code == 200  # pressing the button twice too
    page = Client().get(withdraw).content.decode()
    assert f'href="/{letter.slug}/fr/"' in page
    page = Client().post(withdraw).content.decode()
    assert f'href="/{letter.slug}/fr/"' in page
    # Withdrawn, the confirmation link no longer says "confirmed".
    assert Client().get(confirm).status_code == 410


@pytest.mark.django_db(transaction=True)
def test_messages_stay_in_the_language_the_signer_chose():
    letter = make_letter()
    browser_in_english = Client(HTTP_ACCEPT_LANGUAGE="en")
    browser_in_english.post(f"/{letter.slug}/fr/", form_data(name="Groupe Francophone"))
    [message] = mail.messages()
    assert message["Subject"].startswith("Merci de confirmer votre signature")
    [confirm] = mail.links(message, "confirm")
    [withdraw] = mail.links(message, "withdraw")
    for url in (confirm, withdraw):
        page = browser_in_english.get(url).content.decode()
        assert '<html lang="fr"' in page, url
    done = browser_in_english.post(confirm).content.decode()
    assert '<html lang="fr"' in done and "Merci" in done
