"""The demo's review queue in Debian's chromium, as the letter's owner (not an
administrator, so it sees the pairs judged on what it may see): the organisation that
signed under its English and its Chinese name, with one website, is at the top, and says
why in words; a merge from the page lists it once."""

import pytest

from undersigned.core.services import coordinator_create
from undersigned.letters.demo.load import demo_load
from undersigned.letters.models import Signature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_cross_script_pair_with_one_website_is_at_the_top(page, live_server):
    owner, _ = coordinator_create(username="demo-owner", password="demo-owner-passphrase",
                                  admin=False)
    letter, _created = demo_load(actor=owner)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "demo-owner")
    page.fill("#id_password", "demo-owner-passphrase")
    page.click("button[type=submit]")
    page.wait_for_url("**/manage/**")
    page.goto(f"{live_server.url}/manage/registry/duplicates/{letter.slug}/")
    rows = page.locator("table.duplicates tbody tr")
    first = rows.first.inner_text()
    assert "台灣人權促進會" in first and "Taiwan Association for Human Rights" in first
    assert "same website tahr.org.tw" in first
    texts = rows.all_inner_texts()
    assert any("FIDH" in t and "International Federation for Human Rights" in t for t in texts)
    assert any("Front Line Defnders" in t for t in texts)
    rows.first.locator("button.primary").click()
    page.wait_for_load_state()
    assert "now listed as the same organisation" in page.content()
    active = Signature.objects.filter(letter=letter, active=True, name__in=[
        "Taiwan Association for Human Rights", "台灣人權促進會"])
    assert active.count() == 1
