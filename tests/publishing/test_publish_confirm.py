"""Publishing through its confirmation page: what the edition will contain and leave out,
sign-on kept open (an interim edition) or closed, withdrawal requests honoured, and no
edition made from a page that no longer says what is true."""

import re

import pytest
from django.test import Client

from tests.factories import make_letter, publish_through_page, signon
from undersigned.audit.models import AuditEntry
from undersigned.core.services import coordinator_create
from undersigned.letters import services
from undersigned.letters.models import Signature, SignatureState
from undersigned.letters.tokens import make_withdraw_token
from undersigned.publishing.models import Edition
from undersigned.publishing.services import PlanChanged, edition_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def coord():
    user, _ = coordinator_create(username="pub", password="a-long-passphrase-9")
    client = Client()
    client.force_login(user)
    return client


def _sign(letter, name, *, state):
    services.signature_submit(letter=letter, lang="en", data=signon(name=name),
                              verified=state != "pending")
    sig = Signature.objects.get(letter=letter, name=name)
    if state == "approved":
        services.signature_approve(signature=sig, actor=None)
    return sig


@pytest.fixture
def letter():
    letter = make_letter()
    for i in range(3):
        _sign(letter, f"Approved Group {i}", state="approved")
    _sign(letter, "Confirmed Waiting Group", state="confirmed")
    _sign(letter, "Unconfirmed Email Group", state="pending")
    return letter


def test_the_page_says_what_is_in_and_what_is_left_out(coord, letter):
    page = coord.get(f"/manage/letters/{letter.slug}/publish/").content.decode()
    contains, leaves_out = page.split('id="leaves-out"')
    assert "3 organisations listed by name" in contains
    assert "Approved Group 0" in contains and "Confirmed Waiting Group" not in contains
    assert "1 sign-on awaiting approval" in leaves_out
    assert "Confirmed Waiting Group" in leaves_out
    assert "1 sign-on awaiting email confirmation" in leaves_out
    assert "Unconfirmed Email Group" in leaves_out
    assert 'value="keep" checked' in page  # an open letter stays open unless told
    assert not Edition.objects.exists()  # reading the page publishes nothing


def test_keeping_sign_on_open_makes_an_interim_edition_and_a_later_one_adds_the_rest(
        coord, letter):
    response = publish_through_page(coord, letter.slug, sign_on="keep")
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == "open"
    edition = Edition.objects.get(letter=letter)
    assert sorted(edition.entries.values_list("name", flat=True)) == [
        "Approved Group 0", "Approved Group 1", "Approved Group 2"]
    entry = AuditEntry.objects.get(action="edition_published")
    assert entry.after["sign_on_open"] is True
    assert entry.after["left_out_awaiting_approval"] == 1
    public = Client().get(f"/{letter.slug}/en/").content.decode()
    assert "sign-on is still open" in public and "(edition 1)" in public
    # People still sign; the next edition adds them.
    waiting = Signature.objects.get(name="Confirmed Waiting Group")
    services.signature_approve(signature=waiting, actor=None)
    publish_through_page(coord, letter.slug, sign_on="close")
    letter.refresh_from_db()
    assert letter.status == "published"
    second = Edition.objects.get(letter=letter, number=2)
    assert second.changes["added"] == ["Confirmed Waiting Group"]


def test_closing_publishes_the_final_list(coord, letter):
    publish_through_page(coord, letter.slug, sign_on="close")
    letter.refresh_from_db()
    assert letter.status == "published"
    assert Edition.objects.get(letter=letter).entries.count() == 3


def test_a_page_read_before_a_change_publishes_nothing(coord, letter):
    page = coord.get(f"/manage/letters/{letter.slug}/publish/").content.decode()
    plan = re.search(r'name="plan" value="([0-9a-f]+)"', page).group(1)
    # Another coordinator approves a sign-on while this one reads.
    services.signature_approve(signature=Signature.objects.get(name="Confirmed Waiting Group"),
                               actor=None)
    response = coord.post(f"/manage/letters/{letter.slug}/publish/",
                          {"plan": plan, "sign_on": "keep"})
    assert response.status_code == 409
    assert "changed while you were reading" in response.content.decode()
    assert "4 organisations listed by name" in response.content.decode()
    assert not Edition.objects.exists()
    with pytest.raises(PlanChanged):
        edition_publish(letter=letter, expect=plan)


def test_withdrawal_requests_after_publication_are_listed_and_honoured(coord, letter):
    publish_through_page(coord, letter.slug, sign_on="close")
    leaving = Signature.objects.get(name="Approved Group 1")
    assert Client().post(f"/withdraw/{make_withdraw_token(leaving.public_id)}/").status_code \
        == 200
    leaving.refresh_from_db()
    assert leaving.withdrawal_requested_at and leaving.state == SignatureState.APPROVED
    # The letter page counts the request and links to its own filter.
    page = coord.get(f"/manage/letters/{letter.slug}/").content.decode()
    assert "1 organisation asked to withdraw after publication" in page
    listed = coord.get(f"/manage/letters/{letter.slug}/signatures/?state=withdrawal")
    names = re.findall(r'id="name-[^"]+"><bdi>([^<]+)</bdi>', listed.content.decode())
    assert names == ["Approved Group 1"]
    page = coord.get(f"/manage/letters/{letter.slug}/publish/").content.decode()
    assert "1 withdrawal request" in page.split('id="leaves-out"')[1]
    publish_through_page(coord, letter.slug, withdraw_requested=True)
    leaving.refresh_from_db()
    assert leaving.state == SignatureState.WITHDRAWN
    assert "Withdrawn as its signatory asked" in leaving.events.last().reason
    second = Edition.objects.get(letter=letter, number=2)
    assert second.changes["withdrawn"] == ["Approved Group 1"]
    assert "Approved Group 1" not in second.entries.values_list("name", flat=True)


def test_service_keeps_a_letter_open_only_when_asked(letter):
    edition, created = edition_publish(letter=letter, close_sign_on=False)
    letter.refresh_from_db()
    assert created and letter.status == "open"
    # Nothing changed, but closing is still done when asked.
    again, created = edition_publish(letter=letter, close_sign_on=True)
    letter.refresh_from_db()
    assert (again, created, letter.status) == (edition, False, "published")


def test_a_language_without_its_text_is_not_published_and_the_page_says_so(coord):
    letter = services.letter_create(slug="half-translated", source_lang="en",
                                    languages=["en", "fr", "ar"], title="Half translated")
    services.translation_save(letter=letter, lang="fr", title="À moitié traduite")
    letter = services.letter_open(letter=letter, accept_incomplete=True)
    _sign(letter, "Approved Somewhere", state="approved")
    page = coord.get(f"/manage/letters/{letter.slug}/publish/").content.decode()
    assert "Arabic has no text: the edition is not published in Arabic." in page
    publish_through_page(coord, letter.slug)
    edition = Edition.objects.get(letter=letter)
    assert sorted(edition.texts) == ["en", "fr"]
    editions = Client().get(f"/{letter.slug}/editions/").content.decode()
    assert f"/{letter.slug}/edition/1/fr/" in editions
    assert f"/{letter.slug}/edition/1/ar/" not in editions
