import pytest
from django.contrib.auth import get_user_model

from undersigned.advocacy.models import OutreachLog, Sponsorship

pytestmark = pytest.mark.django_db

PAGES = ["resolution", "vote", "campaign", "askstatus", "outreachlog"]


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.org", None)
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", PAGES)
def test_admin_pages_render(admin_client, model):
    assert admin_client.get(f"/admin/advocacy/{model}/").status_code == 200
    assert admin_client.get(f"/admin/advocacy/{model}/add/").status_code == 200


def test_state_is_chosen_from_a_list(admin_client):
    page = admin_client.get("/admin/advocacy/resolution/add/").content.decode()
    assert '<option value="CIV">Côte d&#x27;Ivoire (CIV)</option>' in page
    response = admin_client.post(
        "/admin/advocacy/resolution/add/",
        {
            "symbol": "A/HRC/58/L.1",
            "title": "T",
            "body": "HRC",
            "session": "58",
            "outcome": "pending",
            "sponsorships-TOTAL_FORMS": "1",
            "sponsorships-INITIAL_FORMS": "0",
            "sponsorships-0-state_code": "CIV",
            "amendments-TOTAL_FORMS": "0",
            "amendments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Sponsorship.objects.get().state.name == "Côte d'Ivoire"


def test_outreach_rejects_unknown_state(admin_client):
    response = admin_client.post(
        "/admin/advocacy/outreachlog/add/",
        {"state_code": "XXX", "channel": "email", "happened_on": "2025-03-01", "note": "n"},
    )
    assert response.status_code == 200
    assert not OutreachLog.objects.exists()
