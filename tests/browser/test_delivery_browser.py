"""A coordinator delivers the demo letter to a selection of states in Debian's chromium,
sees the per-state statuses, and feeds back a reply saved as a file: it lands in that
state's outreach log."""

import pytest

from tests.conftest import need
from tests.delivery.helpers import reply
from tests.mail import messages
from undersigned.advocacy import services as advocacy
from undersigned.advocacy.models import AskKind
from undersigned.core.services import coordinator_create
from undersigned.delivery import services
from undersigned.letters.demo.load import demo_load
from undersigned.publishing.renderers import pdf
from undersigned.publishing.services import edition_publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIRECTORY = ("state,geneva\nFrance,mission.fra@missions.example\n"
             "Kenya,mission.ken@missions.example\nChile,mission.chl@missions.example\n"
             "Japan,mission.jpn@missions.example\n")


def test_a_coordinator_delivers_the_demo_letter(page, live_server, settings, tmp_path):
    need(pdf.font_dirs(), "Noto fonts (fonts-noto-core) are needed for the PDF attachments")
    settings.MEDIA_ROOT = tmp_path / "media"
    user, _ = coordinator_create(username="coord", password="browser-test-passphrase")
    letter, _created = demo_load(actor=user)
    edition_publish(letter=letter, actor=user)
    campaign = advocacy.campaign_create(
        name="Demo campaign", slug="demo", letter=letter, resolution=None, by=user,
        asks=[("engage in the negotiations", AskKind.ENGAGE)])
    services.recipients_import(text=DIRECTORY, actor=user)

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "coord")
    page.fill("#id_password", "browser-test-passphrase")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/manage/letters/{letter.slug}/")
    page.click(f"a[href='/manage/delivery/letters/{letter.slug}/']")
    page.click(f"a[href='/manage/delivery/letters/{letter.slug}/new/']")
    page.check("input[name=kind][value=list]")
    page.fill("#id_states", "France, Kenya, Chile, Japan")
    page.select_option("#id_campaign", str(campaign.pk))
    page.fill("#id_reply_to", "coalition@example.org")
    page.click("button[name=preview]")
    preview = page.locator("#preview")
    assert preview.locator("article.sample").count() == 2  # French, and English
    assert "Excellence," in preview.inner_text()
    page.click("button[name=send]")
    page.wait_for_selector("#statuses")
    rows = {r.get_attribute("id"): r.locator("td.status").inner_text()
            for r in page.locator("#statuses tbody tr").all()}
    assert rows == {"dm-FRA": "sent", "dm-KEN": "sent", "dm-CHL": "sent", "dm-JPN": "sent"}
    assert len(messages()) == 4

    kenya = next(m for m in messages() if m["To"] == "mission.ken@missions.example")
    eml = tmp_path / "reply.eml"
    eml.write_bytes(reply(kenya["Message-ID"].strip(), "hr.attache@missions.example",
                          "The mission has forwarded the letter to Nairobi."))
    page.set_input_files("input[type=file][name=file]", str(eml))
    page.click("form[action$='/inbound/'] button[type=submit]")
    page.wait_for_selector("#dm-KEN")
    assert page.locator("#dm-KEN td.status").inner_text() == "replied"
    page.click("#dm-KEN a")
    log = page.locator("ul.outreach").inner_text()
    assert "forwarded the letter to Nairobi" in log
    assert "hr.attache@missions.example" in log
